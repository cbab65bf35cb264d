namespace VNetEmu.Cli;

/// <summary>vnetemu could not do what it was asked (a missing file, an unwritable folder): one line, exit 1.</summary>
public sealed class CliException(string message) : Exception(message);
