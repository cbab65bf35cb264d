using System.Text.Json.Nodes;
using VNetEmu.Docker.Formatting.Template;

namespace VNetEmu.Docker.Formatting;

/// <summary>A Go text/template as docker/cli's <c>--format</c> uses it (templates.Parse: Go's builtins plus
/// json, split, join, title, lower, upper, pad, truncate), executed over JSON data the way Go executes over
/// decoded JSON. Parse and execution errors carry Go's exact text (<see cref="GoTemplateException"/>).</summary>
public sealed class GoTemplate
{
    private readonly string _text;
    private readonly Dictionary<string, ListNode> _trees;

    private GoTemplate(string text, Dictionary<string, ListNode> trees)
    {
        _text = text;
        _trees = trees;
    }

    /// <summary>The template text as given.</summary>
    public string Text => _text;

    /// <summary>Parses an anonymous template (name "", as templates.Parse does).</summary>
    /// <exception cref="GoTemplateException">The text does not parse; the message is Go's.</exception>
    public static GoTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new GoTemplate(text, TemplateParser.Parse("", text, TemplateFunctions.All.ContainsKey));
    }

    /// <summary>Executes the template over <paramref name="data"/> (the template's dot).</summary>
    /// <exception cref="GoTemplateException">Execution failed; the message is Go's.</exception>
    public string Execute(JsonNode? data, GoTemplateOptions? options = null) =>
        new TemplateExecutor("", _text, _trees, options ?? GoTemplateOptions.Default).Execute("", data);

    /// <summary>Executes with docker/cli's HeaderFunctions in place of json, split, join, title, lower, upper and
    /// truncate, as a table header is printed. Returns what was written before an error, as docker does.</summary>
    internal string ExecuteHeader(JsonObject header)
    {
        var executor = new TemplateExecutor("", _text, _trees, GoTemplateOptions.Default, TemplateFunctions.Header);
        return executor.ExecutePartial("", header);
    }
}
