namespace VNetEmu.Scripting.Conformance;

/// <summary>How an output of a run differs from the case.</summary>
public enum FileDifferenceKind
{
    /// <summary>Both exist and their lines differ.</summary>
    Different,

    /// <summary>The case has the file, the run produced none ("missing output").</summary>
    Missing,

    /// <summary>The run produced a file the case does not have ("extra output (not in the case)").</summary>
    Extra,

    /// <summary>A capture file of the run could not be read (truncated or corrupt; tshark fails on it too).</summary>
    Unreadable,
}
