namespace VNetEmu.Scripting.Conformance;

/// <summary>One interface's normalized capture: <paramref name="Name"/> is what the Python tool names the output
/// file without <c>.txt</c> (<c>vc-a.veth0</c>), <paramref name="Text"/> its content (a line per frame, each ending
/// in \n, or empty).</summary>
public sealed record NormalizedCapture(string Name, string Text);
