// Field, chain and variable evaluation of Go's text/template/exec.go.
using System.Text.Json.Nodes;

namespace VNetEmu.Docker.Formatting.Template;

internal sealed partial class TemplateExecutor
{
    private Val EvalChainNode(Val dot, ChainNode chain, List<Node>? args, Val? final)
    {
        if (chain.Node is NilNode)
        {
            Errorf($"indirection through explicit nil in {chain}");
        }
        Val pipe = EvalArg(dot, ParamType.Any, chain.Node);
        return EvalFieldChain(dot, pipe, chain, [.. chain.Field], args, final);
    }

    private Val EvalVariableNode(Val dot, VariableNode variable, List<Node>? args, Val? final)
    {
        At(variable);
        Val value = VarValue(variable.Ident[0]);
        if (variable.Ident.Length == 1)
        {
            if (args is not null)
            {
                NotAFunction(args, final);
            }
            return value;
        }
        return EvalFieldChain(dot, value, variable, variable.Ident[1..], args, final);
    }

    private Val EvalFieldChain(Val dot, Val receiver, Node node, string[] ident, List<Node>? args, Val? final)
    {
        for (int i = 0; i < ident.Length - 1; i++)
        {
            receiver = EvalField(ident[i], node, null, null, receiver);
        }
        return EvalField(ident[^1], node, args, final, receiver);
    }

    private Val EvalField(string fieldName, Node node, List<Node>? args, Val? final, Val receiver)
    {
        if (!receiver.IsValid)
        {
            if (_options.MissingKeyError)
            {
                Errorf($"nil data; no entry for key {GoFormat.Quote(fieldName)}");
            }
            return Val.NoValue;
        }
        string typ = receiver.TypeName;
        if (receiver.Obj is null)
        {
            Errorf($"nil pointer evaluating {typ}.{fieldName}");
        }
        bool hasArgs = (args is not null && args.Count > 1) || final is not null;
        if (receiver.Obj is JsonObject obj)
        {
            bool isMap = GoJson.IsMap(obj);
            if (hasArgs)
            {
                Errorf(isMap ? $"{fieldName} is not a method but has arguments" : $"{fieldName} has arguments but cannot be invoked as function");
            }
            if (obj.TryGetPropertyValue(fieldName, out JsonNode? child))
            {
                return new Val(GoValues.FromNode(child), true);
            }
            if (!isMap && _options.RootTypeName is not null && ReferenceEquals(obj, _root))
            {
                Errorf($"can't evaluate field {fieldName} in type {_options.RootTypeName}");
            }
            if (!isMap && _options.MissingKeyError)
            {
                Errorf($"map has no entry for key {GoFormat.Quote(fieldName)}");
            }
            return Val.NoValue;
        }
        Errorf($"can't evaluate field {fieldName} in type {typ}");
        return default;
    }

    private void PrintValue(Node node, Val val)
    {
        At(node);
        _out.Append(val.IsValid ? GoFormat.Sprint(val.Obj) : "<no value>");
    }
}
