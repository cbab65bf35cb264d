namespace VNetEmu.Engine.Ip;

/// <summary>IP_MTU_DISCOVER of the sending socket (`ping -M do|want|dont`).</summary>
public enum PmtuMode : byte
{
    /// <summary>DF when the datagram fits the path MTU; fragment locally (without DF) when it does not.</summary>
    Want,

    /// <summary>Always DF; EMSGSIZE when larger than the path MTU.</summary>
    Do,

    /// <summary>Never DF.</summary>
    Dont,
}
