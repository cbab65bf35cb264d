// eq and lt of Go's text/template/funcs.go.
namespace VNetEmu.Docker.Formatting.Template;

internal static class GoCompare
{
    private enum Kind
    {
        Invalid,
        Bool,
        Int,
        Float,
        String,
        Other,
    }

    private static Kind KindOf(Val v) => !v.IsValid ? Kind.Invalid : v.Obj switch
    {
        null => Kind.Invalid,
        bool => Kind.Bool,
        long => Kind.Int,
        double => Kind.Float,
        string => Kind.String,
        _ => Kind.Other,
    };

    public static bool Eq(Val arg1, Val[] arg2)
    {
        if (arg2.Length == 0)
        {
            throw new FunctionException("missing argument for comparison");
        }
        Kind k1 = KindOf(arg1);
        foreach (Val arg in arg2)
        {
            Kind k2 = KindOf(arg);
            bool truth;
            if (k1 != k2)
            {
                if (arg1.IsValid && arg.IsValid && arg1.Obj is not null && arg.Obj is not null)
                {
                    throw new FunctionException("incompatible types for comparison");
                }
                truth = false;
            }
            else if (k1 == Kind.Other)
            {
                throw new FunctionException($"non-comparable type {GoFormat.Sprint(arg.Obj)}: {GoValues.TypeName(arg.Obj, false)}");
            }
            else
            {
                truth = Equals(arg1.Obj, arg.Obj) || (k1 == Kind.Invalid && arg1.IsValid == arg.IsValid);
            }
            if (truth)
            {
                return true;
            }
        }
        return false;
    }

    public static bool Lt(Val arg1, Val arg2)
    {
        Kind k1 = KindOf(arg1);
        Kind k2 = KindOf(arg2);
        if (k1 is Kind.Invalid or Kind.Other || k2 is Kind.Invalid or Kind.Other)
        {
            throw new FunctionException("invalid type for comparison");
        }
        if (k1 != k2)
        {
            throw new FunctionException("incompatible types for comparison");
        }
        return arg1.Obj switch
        {
            bool => throw new FunctionException("invalid type for comparison"),
            long a => a < (long)arg2.Obj!,
            double d => d < (double)arg2.Obj!,
            _ => string.CompareOrdinal((string)arg1.Obj!, (string)arg2.Obj!) < 0,
        };
    }
}
