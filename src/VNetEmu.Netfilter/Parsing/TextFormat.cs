using System.Globalization;
using System.Text;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>The small printing routines iptables' extensions share (port lists, quoted strings, marks).</summary>
internal static class TextFormat
{
    public static string Hex(uint value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>print_ports() of the tcp, udp and sctp matches: " spt:80", " dpts:!1:1024".</summary>
    /// <summary>" [!] --sport A[:B]" as iptables-save writes a port or range.</summary>
    public static void AppendSavePorts(StringBuilder text, string option, ushort min, ushort max, bool invert)
    {
        text.Append(invert ? " !" : "").Append(' ').Append(option).Append(' ').Append(min);
        if (min != max)
        {
            text.Append(':').Append(max);
        }
    }

    public static void AppendPorts(StringBuilder text, string name, ushort min, ushort max, bool invert, bool numeric, string protocol)
    {
        if (min == 0 && max == ushort.MaxValue && !invert)
        {
            return;
        }
        text.Append(' ').Append(name);
        string inv = invert ? "!" : "";
        if (min == max)
        {
            text.Append(':').Append(inv);
            AppendPort(text, min, numeric, protocol);
        }
        else
        {
            text.Append("s:").Append(inv);
            AppendPort(text, min, numeric, protocol);
            text.Append(':');
            AppendPort(text, max, numeric, protocol);
        }
    }

    /// <summary>print_port(): the service name unless numeric (or unknown).</summary>
    public static void AppendPort(StringBuilder text, ushort port, bool numeric, string? protocol)
    {
        string? service = numeric || protocol is null ? null : NetDb.ServiceName(port, protocol);
        if (service is null)
        {
            text.Append(port);
        }
        else
        {
            text.Append(service);
        }
    }

    /// <summary>xtables_save_string(): " value" when it is made of [A-Za-z0-9_-] only, else " \"value\"" with
    /// backslashes before ", \ and '.</summary>
    public static void AppendSaveString(StringBuilder text, string value)
    {
        int i = 0;
        while (i < value.Length && (char.IsAsciiLetterOrDigit(value[i]) || value[i] is '_' or '-'))
        {
            i++;
        }
        if (i > 0 && i == value.Length)
        {
            text.Append(' ').Append(value);
            return;
        }
        text.Append(" \"");
        foreach (char c in value)
        {
            if (c is '"' or '\\' or '\'')
            {
                text.Append('\\');
            }
            text.Append(c);
        }
        text.Append('"');
    }

    /// <summary>xtables_print_val_mask(): " 0x2a" or " 0x2a/0xff".</summary>
    public static void AppendMarkMask(StringBuilder text, uint mark, uint mask)
    {
        text.Append(' ').Append(Hex(mark));
        if (mask != uint.MaxValue)
        {
            text.Append('/').Append(Hex(mask));
        }
    }

    /// <summary>The protocol name extensions use to look up service names (multiport's proto_to_name).</summary>
    public static string? PortProtocolName(byte protocol) => protocol switch
    {
        6 => "tcp",
        17 => "udp",
        136 => "udplite",
        132 => "sctp",
        33 => "dccp",
        _ => null,
    };
}
