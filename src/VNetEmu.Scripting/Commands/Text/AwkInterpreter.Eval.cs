using System.Text;

namespace VNetEmu.Scripting.Commands.Text;

internal sealed partial class AwkInterpreter
{
    private enum Flow : byte
    {
        Normal,
        Break,
        Continue,
        Next,
        NextFile,
        Exit,
        Return,
    }

    /// <summary>Runs a rule's action; exit and next inside functions arrive as exceptions.</summary>
    private Flow ExecAction(AwkBlock action)
    {
        try
        {
            return Exec(action);
        }
        catch (AwkExit)
        {
            return Flow.Exit;
        }
        catch (AwkNext n)
        {
            return n.File ? Flow.NextFile : Flow.Next;
        }
    }

    private void Step()
    {
        if (++_steps > MaxSteps)
        {
            throw new AwkRuntimeException($"the program ran more than {MaxSteps} steps; vnetemu stops it (a real awk would go on)");
        }
    }

    private Flow Exec(AwkStatement statement)
    {
        Step();
        switch (statement)
        {
            case AwkBlock block:
                foreach (AwkStatement s in block.Statements)
                {
                    Flow f = Exec(s);
                    if (f != Flow.Normal)
                    {
                        return f;
                    }
                }
                return Flow.Normal;
            case AwkExpressionStatement e:
                Eval(e.Expr);
                return Flow.Normal;
            case AwkPrint p:
                ExecPrint(p);
                return Flow.Normal;
            case AwkIf i:
                return Truth(i.Condition) ? Exec(i.Then) : i.Else is null ? Flow.Normal : Exec(i.Else);
            case AwkWhile w:
                if (w.TestAfter)
                {
                    do
                    {
                        Flow f = Exec(w.Body);
                        if (f == Flow.Break)
                        {
                            break;
                        }
                        if (f is not (Flow.Normal or Flow.Continue))
                        {
                            return f;
                        }
                    }
                    while (Truth(w.Condition));
                    return Flow.Normal;
                }
                while (Truth(w.Condition))
                {
                    Flow f = Exec(w.Body);
                    if (f == Flow.Break)
                    {
                        break;
                    }
                    if (f is not (Flow.Normal or Flow.Continue))
                    {
                        return f;
                    }
                }
                return Flow.Normal;
            case AwkFor loop:
                if (loop.Init is not null)
                {
                    Exec(loop.Init);
                }
                while (loop.Condition is null || Truth(loop.Condition))
                {
                    Flow f = Exec(loop.Body);
                    if (f == Flow.Break)
                    {
                        break;
                    }
                    if (f is not (Flow.Normal or Flow.Continue))
                    {
                        return f;
                    }
                    if (loop.Step is not null)
                    {
                        Exec(loop.Step);
                    }
                }
                return Flow.Normal;
            case AwkForIn forIn:
                Dictionary<string, AwkValue> array = ArrayOf(forIn.Array);
                foreach (string key in array.Keys.ToList())
                {
                    if (!array.ContainsKey(key))
                    {
                        continue;
                    }
                    SetVariable(CellOf(forIn.Variable), AwkValue.Input(key));
                    Flow f = Exec(forIn.Body);
                    if (f == Flow.Break)
                    {
                        break;
                    }
                    if (f is not (Flow.Normal or Flow.Continue))
                    {
                        return f;
                    }
                }
                return Flow.Normal;
            case AwkDelete d:
                Dictionary<string, AwkValue> target = ArrayOf(d.Array);
                if (d.Subscripts is null)
                {
                    target.Clear();
                }
                else
                {
                    target.Remove(Subscript(d.Subscripts));
                }
                return Flow.Normal;
            case AwkJump jump:
                switch (jump.Kind)
                {
                    case "break":
                        return Flow.Break;
                    case "continue":
                        return Flow.Continue;
                    case "next":
                        return Flow.Next;
                    case "nextfile":
                        return Flow.NextFile;
                    case "exit":
                        if (jump.Value is not null)
                        {
                            _exitCode = (int)(long)Eval(jump.Value).ToNumber() & 0xff;
                        }
                        return Flow.Exit;
                    default:
                        _returnValue = jump.Value is null ? AwkValue.Uninitialized : Eval(jump.Value);
                        return Flow.Return;
                }
            default:
                throw new InvalidOperationException(statement.GetType().Name);
        }
    }

    private void ExecPrint(AwkPrint p)
    {
        string? destination = p.Destination is null ? null : Eval(p.Destination).ToStr(Convfmt);
        string text;
        if (p.Formatted)
        {
            var values = p.Args.Select(Eval).ToList();
            try
            {
                text = AwkFormat.Sprintf(values[0].ToStr(Convfmt), values.Skip(1).ToList(), Convfmt);
            }
            catch (AwkFormat.MissingArgument)
            {
                throw new AwkRuntimeException($"not enough arguments passed to printf(\"{values[0].ToStr(Convfmt)}\")");
            }
        }
        else if (p.Args.Count == 0)
        {
            text = _record + _ors.Value.ToStr(Convfmt);
        }
        else
        {
            var sb = new StringBuilder();
            string ofs = _ofs.Value.ToStr(Convfmt), ofmt = _ofmt.Value.ToStr(Convfmt);
            for (int i = 0; i < p.Args.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(ofs);
                }
                AwkValue v = Eval(p.Args[i] is AwkGroup g && g.Items.Count == 1 ? g.Items[0] : p.Args[i]);
                sb.Append(v.Kind == AwkValue.Type.Number ? AwkValue.NumberToString(v.ToNumber(), ofmt) : v.ToStr(Convfmt));
            }
            text = sb.Append(_ors.Value.ToStr(Convfmt)).ToString();
        }
        Print(p.Redirect, destination, text);
    }

    private AwkCell CellOf(AwkVariable v) => v.Cell ?? _frame[v.Local];

    private AwkValue GetVariable(AwkVariable v)
    {
        AwkCell cell = CellOf(v);
        if (cell == _nf)
        {
            return AwkValue.Num(FieldCount());
        }
        if (cell.Array is not null)
        {
            throw new AwkRuntimeException($"can't use array {v.Name} in scalar context");
        }
        return cell.Value;
    }

    private void SetVariable(AwkCell cell, AwkValue value)
    {
        if (cell.Array is not null)
        {
            throw new AwkRuntimeException($"can't assign to {cell.Name}; it's an array name.");
        }
        if (cell == _nf)
        {
            SetNf(value.ToNumber());
            return;
        }
        cell.Value = value;
    }

    private Dictionary<string, AwkValue> ArrayOf(AwkVariable v) => ArrayOf(CellOf(v));

    private static Dictionary<string, AwkValue> ArrayOf(AwkCell cell)
    {
        if (cell.Array is not null)
        {
            return cell.Array;
        }
        if (cell.Value.Kind != AwkValue.Type.Uninit)
        {
            throw new AwkRuntimeException($"can't use scalar {cell.Name} as array");
        }
        cell.Array = cell.Parent is null ? new Dictionary<string, AwkValue>(StringComparer.Ordinal) : ArrayOf(cell.Parent);
        return cell.Array;
    }

    private string Subscript(IReadOnlyList<AwkExpr> subscripts)
    {
        if (subscripts.Count == 1)
        {
            return SubscriptOf(Eval(subscripts[0]));
        }
        string sep = _subsep.Value.ToStr(Convfmt);
        return string.Join(sep, subscripts.Select(s => SubscriptOf(Eval(s))));
    }

    private string SubscriptOf(AwkValue v) => v.ToStr(Convfmt);

    private AwkValue Eval(AwkExpr e)
    {
        switch (e)
        {
            case AwkNumber n:
                return AwkValue.Num(n.Value);
            case AwkString s:
                return AwkValue.Str(s.Value);
            case AwkRegex r:
                return AwkValue.Bool(r.Pattern.IsMatch(_record));
            case AwkVariable v:
                return GetVariable(v);
            case AwkField f:
                return GetField(Eval(f.Index).ToNumber());
            case AwkElement el:
                Dictionary<string, AwkValue> array = ArrayOf(el.Array);
                string key = Subscript(el.Subscripts);
                if (!array.TryGetValue(key, out AwkValue value))
                {
                    array[key] = value = AwkValue.Uninitialized;
                }
                return value;
            case AwkAssign a:
                return EvalAssign(a);
            case AwkConditional c:
                return Truth(c.Condition) ? Eval(c.Then) : Eval(c.Else);
            case AwkBinary b:
                return EvalBinary(b);
            case AwkMatch m:
                string subject = Eval(m.Subject).ToStr(Convfmt);
                return AwkValue.Bool(RegexOf(m.Pattern).IsMatch(subject) != m.Negated);
            case AwkUnary u:
                return u.Op switch
                {
                    '!' => AwkValue.Bool(!Truth(u.Operand)),
                    '-' => AwkValue.Num(-Eval(u.Operand).ToNumber()),
                    _ => AwkValue.Num(Eval(u.Operand).ToNumber()),
                };
            case AwkIncrement inc:
                double old = Eval(inc.Target).ToNumber();
                Store(inc.Target, AwkValue.Num(old + inc.Delta));
                return AwkValue.Num(inc.Prefix ? old + inc.Delta : old);
            case AwkIn i:
                return AwkValue.Bool(ArrayOf(i.Array).ContainsKey(Subscript(i.Subscripts)));
            case AwkBuiltin call:
                return CallBuiltin(call);
            case AwkCall call:
                return CallFunction(call);
            case AwkGroup g when g.Items.Count == 1:
                return Eval(g.Items[0]);
            default:
                throw new AwkRuntimeException("syntax error: a parenthesized list needs 'in'");
        }
    }

    /// <summary>The regex a <c>~</c> operand or a builtin's pattern argument stands for: a literal, or a string
    /// compiled as a dynamic regex.</summary>
    private PosixPattern RegexOf(AwkExpr e) => e is AwkRegex r ? r.Pattern : DynamicRegex(Eval(e).ToStr(Convfmt));

    private AwkValue EvalAssign(AwkAssign a)
    {
        AwkValue value;
        if (a.Op == "=")
        {
            value = Eval(a.Value);
            if (value.Kind == AwkValue.Type.Uninit)
            {
                value = AwkValue.Uninitialized;
            }
        }
        else
        {
            double right = Eval(a.Value).ToNumber();
            double left = Eval(a.Target).ToNumber();
            value = AwkValue.Num(Arithmetic(a.Op[0], left, right));
        }
        Store(a.Target, value);
        return value;
    }

    private void Store(AwkExpr target, AwkValue value)
    {
        switch (target)
        {
            case AwkVariable v:
                SetVariable(CellOf(v), value);
                break;
            case AwkField f:
                double index = Eval(f.Index).ToNumber();
                SetField(index, value.Kind == AwkValue.Type.Number ? AwkValue.NumberToString(value.ToNumber(), Convfmt) : value.ToStr(Convfmt));
                break;
            case AwkElement el:
                ArrayOf(el.Array)[Subscript(el.Subscripts)] = value;
                break;
        }
    }

    private static double Arithmetic(char op, double x, double y)
    {
        switch (op)
        {
            case '+':
                return x + y;
            case '-':
                return x - y;
            case '*':
                return x * y;
            case '/':
                return y == 0 ? throw new AwkRuntimeException("division by zero") : x / y;
            case '%':
                return y == 0 ? throw new AwkRuntimeException("division by zero in %") : x % y;
            default:
                return Power(x, y);
        }
    }

    /// <summary>x^y; integral exponents by repeated multiplication, as gawk computes them.</summary>
    private static double Power(double x, double y)
    {
        if (y == Math.Floor(y) && Math.Abs(y) < 1024)
        {
            long n = (long)Math.Abs(y);
            double result = 1, b = x;
            while (n > 0)
            {
                if ((n & 1) != 0)
                {
                    result *= b;
                }
                b *= b;
                n >>= 1;
            }
            return y < 0 ? 1 / result : result;
        }
        return Math.Pow(x, y);
    }

    private AwkValue EvalBinary(AwkBinary b)
    {
        switch (b.Op)
        {
            case "&&":
                return AwkValue.Bool(Truth(b.Left) && Truth(b.Right));
            case "||":
                return AwkValue.Bool(Truth(b.Left) || Truth(b.Right));
            case " ":
                string left = Eval(b.Left).ToStr(Convfmt);
                return AwkValue.Str(left + Eval(b.Right).ToStr(Convfmt));
            case "<" or "<=" or "==" or "!=" or ">" or ">=":
                int c = AwkValue.Compare(Eval(b.Left), Eval(b.Right), Convfmt);
                return AwkValue.Bool(b.Op switch
                {
                    "<" => c < 0,
                    "<=" => c <= 0,
                    "==" => c == 0,
                    "!=" => c != 0,
                    ">" => c > 0,
                    _ => c >= 0,
                });
            default:
                double x = Eval(b.Left).ToNumber();
                return AwkValue.Num(Arithmetic(b.Op[0], x, Eval(b.Right).ToNumber()));
        }
    }

    private AwkValue CallFunction(AwkCall call)
    {
        AwkFunction f = _program.Functions[call.Name];
        if (call.Args.Count > f.Parameters.Count)
        {
            throw new AwkRuntimeException($"function {call.Name} called with {call.Args.Count} args, accepts only {f.Parameters.Count}");
        }
        var frame = new AwkCell[f.Parameters.Count];
        for (int i = 0; i < frame.Length; i++)
        {
            var local = new AwkCell(f.Parameters[i]);
            if (i < call.Args.Count)
            {
                AwkExpr arg = call.Args[i];
                if (arg is AwkVariable v && CellOf(v) is { } cell && cell != _nf && (cell.Array is not null || cell.Value.Kind == AwkValue.Type.Uninit))
                {
                    local.Array = cell.Array;
                    local.Parent = cell.Array is null ? cell : null;
                }
                else
                {
                    local.Value = Eval(arg);
                }
            }
            frame[i] = local;
        }
        if (++_depth > MaxDepth)
        {
            throw new AwkRuntimeException($"function call nesting too deep (more than {MaxDepth})");
        }
        AwkCell[] saved = _frame;
        _frame = frame;
        try
        {
            _returnValue = AwkValue.Uninitialized;
            Flow flow = Exec(f.Body);
            if (flow == Flow.Exit)
            {
                throw new AwkExit();
            }
            if (flow == Flow.Next || flow == Flow.NextFile)
            {
                throw new AwkNext(flow == Flow.NextFile);
            }
            return _returnValue;
        }
        finally
        {
            _frame = saved;
            _depth--;
        }
    }

    /// <summary>exit inside a function: unwinds to the rule that called it.</summary>
    private sealed class AwkExit : Exception;

    /// <summary>next inside a function: unwinds to the main loop.</summary>
    private sealed class AwkNext(bool file) : Exception
    {
        public bool File { get; } = file;
    }
}
