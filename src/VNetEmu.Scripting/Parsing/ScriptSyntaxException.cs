namespace VNetEmu.Scripting.Parsing;

/// <summary>A scenario that cannot be read. The message is one line: <c>file:line: what was expected</c>.</summary>
public sealed class ScriptSyntaxException(string message) : Exception(message);
