namespace VNetEmu.Netfilter.Targets;

/// <summary>What a CONNMARK target does (XT_CONNMARK_SET, _SAVE, _RESTORE).</summary>
public enum ConnmarkMode : byte
{
    Set = 0,
    Save = 1,
    Restore = 2,
}
