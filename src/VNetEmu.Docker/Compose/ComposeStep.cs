namespace VNetEmu.Docker.Compose;

/// <summary>One action of <c>docker compose up</c> or <c>down</c>: the docker command line it corresponds to
/// (without the leading <c>docker</c>) and the lines compose v2 prints to stderr for it when not on a TTY.</summary>
public sealed record ComposeStep(ComposeStepKind Kind, string Name, IReadOnlyList<string> Argv, IReadOnlyList<string> Progress);
