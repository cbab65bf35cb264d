namespace VNetEmu.Docker.Formatting;

/// <summary>How a <see cref="GoTemplate"/> treats what Go would find through reflection.</summary>
public sealed record GoTemplateOptions
{
    /// <summary>The defaults: missing keys print <c>&lt;no value&gt;</c>, null prints <c>&lt;nil&gt;</c>.</summary>
    public static GoTemplateOptions Default { get; } = new();

    /// <summary>docker inspect: Option("missingkey=error") on the raw fallback. A missing key of an object
    /// that is not marked as a Go map (a struct field docker does not have) fails with
    /// <c>map has no entry for key "X"</c>; keys missing from Go maps still give <c>&lt;no value&gt;</c>, as
    /// they do when docker executes the template over its typed structs first.</summary>
    public bool MissingKeyError { get; init; }

    /// <summary>When set (e.g. <c>*formatter.networkContext</c>), a field the top-level object lacks fails with
    /// <c>can't evaluate field X in type T</c>, as docker's formatter contexts (Go structs) do.</summary>
    public string? RootTypeName { get; init; }

    /// <summary>A JSON null reached by a pipeline prints <c>&lt;nil&gt;</c> (a nil pointer of docker's typed
    /// structs, the default) or, when false, <c>&lt;no value&gt;</c> (a nil interface{} of decoded JSON).</summary>
    public bool NullPrintsNil { get; init; } = true;
}
