using System.Text;
using VNetEmu.Netfilter.Matches;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Targets;

namespace VNetEmu.Netfilter.Parsing;

/// <summary>Writes rules and chain headers the way iptables 1.8.9 (nf_tables) does: the <c>-A</c> form of
/// iptables-save and <c>iptables -S</c>, and the table of <c>iptables -L</c> (whose padding is part of the output).</summary>
public static class RuleFormatter
{
    /// <summary>How counters appear in the <c>-A</c> form.</summary>
    public enum Counters
    {
        /// <summary>No counters (iptables-save without -c, iptables -S).</summary>
        None,

        /// <summary>"[packets:bytes] -A ..." (iptables-save -c).</summary>
        Prefix,

        /// <summary>"... -c packets bytes -j ..." (iptables -v -S).</summary>
        Inline,
    }

    /// <summary>The rule as "-A CHAIN ..." plus a newline.</summary>
    public static string SaveText(Rule rule, string chain, Counters counters = Counters.None)
    {
        var text = new StringBuilder();
        AppendSave(text, rule, chain, counters);
        return text.ToString();
    }

    internal static void AppendSave(StringBuilder text, Rule rule, string chain, Counters counters)
    {
        if (counters == Counters.Prefix)
        {
            text.Append('[').Append(rule.Packets).Append(':').Append(rule.Bytes).Append("] ");
        }
        text.Append("-A ").Append(chain);
        AppendSaveAddress(text, 's', rule.Source);
        AppendSaveAddress(text, 'd', rule.Destination);
        AppendSaveInterface(text, 'i', rule.InInterface);
        AppendSaveInterface(text, 'o', rule.OutInterface);
        if (rule.Protocol > 0)
        {
            if (rule.ProtocolInverted)
            {
                text.Append(" !");
            }
            string? name = NetDb.ProtoToName(rule.Protocol, noLookup: false);
            text.Append(" -p ").Append(name ?? rule.Protocol.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (rule.Fragment != FragmentMatch.Any)
        {
            text.Append(rule.Fragment == FragmentMatch.NotNonFirst ? " ! -f" : " -f");
        }
        foreach (Match match in rule.Matches)
        {
            text.Append(" -m ").Append(match.Name);
            match.AppendSaveText(text, rule);
        }
        if (counters == Counters.Inline)
        {
            text.Append(" -c ").Append(rule.Packets).Append(' ').Append(rule.Bytes);
        }
        switch (rule.Target)
        {
            case JumpTarget jump:
                text.Append(jump.IsGoto ? " -g " : " -j ").Append(jump.Chain);
                break;
            case Target target:
                text.Append(" -j ").Append(target.Name);
                target.AppendSaveText(text, rule);
                break;
        }
        text.Append('\n');
    }

    private static void AppendSaveAddress(StringBuilder text, char letter, AddressMatch address)
    {
        if (address.Mask == 0 && !address.Inverted && address.Address.Value == 0)
        {
            return;
        }
        text.Append(address.Inverted ? " !" : "").Append(" -").Append(letter).Append(' ')
            .Append(address.Address).Append('/').Append(AddressParsing.MaskToSaveText(address.Mask));
    }

    private static void AppendSaveInterface(StringBuilder text, char letter, InterfaceMatch iface)
    {
        if (iface.Name is null)
        {
            return;
        }
        text.Append(iface.Inverted ? " !" : "").Append(" -").Append(letter).Append(' ').Append(iface.Name);
    }

    /// <summary>print_header(): "Chain X (policy P ...)" or "(N references)" and the column titles.</summary>
    internal static void AppendHeader(StringBuilder text, Chain chain, ListFormat format)
    {
        text.Append("Chain ").Append(chain.Name);
        if (chain.IsBuiltin)
        {
            text.Append(" (policy ").Append(chain.Policy == ChainPolicy.Drop ? "DROP" : "ACCEPT");
            if ((format & ListFormat.NoCounts) == 0)
            {
                text.Append(' ');
                AppendNumber(text, chain.PolicyPackets, format | ListFormat.NoTable);
                text.Append("packets, ");
                AppendNumber(text, chain.PolicyBytes, format | ListFormat.NoTable);
                text.Append("bytes");
            }
            text.Append(")\n");
        }
        else
        {
            text.Append(" (").Append(chain.References).Append(" references)\n");
        }
        if ((format & ListFormat.LineNumbers) != 0)
        {
            text.Append(Pad("num", -4)).Append(' ');
        }
        if ((format & ListFormat.NoCounts) == 0)
        {
            if ((format & ListFormat.KiloMegaGiga) != 0)
            {
                text.Append(Pad("pkts", 5)).Append(' ').Append(Pad("bytes", 5)).Append(' ');
            }
            else
            {
                text.Append(Pad("pkts", 8)).Append(' ').Append(Pad("bytes", 10)).Append(' ');
            }
        }
        text.Append(Pad("target", -9)).Append(' ');
        text.Append(" prot ");
        text.Append("opt");
        if ((format & ListFormat.Via) != 0)
        {
            text.Append(' ').Append(Pad("in", -6)).Append(' ').Append(Pad("out", -6)).Append(' ');
        }
        text.Append(' ').Append(Pad("source", -19)).Append(' ');
        text.Append(' ').Append(Pad("destination", -19)).Append(' ');
        text.Append('\n');
    }

    /// <summary>nft_ipv4_print_rule(): one line of <c>iptables -L</c>, or with <see cref="ListFormat.PrintRule"/> what
    /// <c>iptables -v -A</c> echoes.</summary>
    internal static void AppendListRule(StringBuilder text, Rule rule, int number, ListFormat format)
    {
        bool notab = (format & ListFormat.NoTable) != 0;
        bool numeric = (format & ListFormat.Numeric) != 0;
        if ((format & ListFormat.LineNumbers) != 0)
        {
            text.Append(notab ? $"{number} " : Pad(number.ToString(System.Globalization.CultureInfo.InvariantCulture), -4) + " ");
        }
        if ((format & ListFormat.NoCounts) == 0)
        {
            AppendNumber(text, rule.Packets, format);
            AppendNumber(text, rule.Bytes, format);
        }
        string targetName = rule.Target?.ListName ?? "";
        text.Append(notab ? targetName + " " : Pad(targetName, -9) + " ");
        text.Append(rule.ProtocolInverted ? '!' : ' ');
        string? protoName = NetDb.ProtoToName(rule.Protocol, numeric);
        string proto = (numeric && !notab) || protoName is null
            ? rule.Protocol.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : protoName;
        text.Append(notab ? proto + " " : Pad(proto, -4) + " ");
        if ((format & ListFormat.Options) != 0)
        {
            if (notab)
            {
                text.Append("opt ");
            }
            text.Append(rule.Fragment == FragmentMatch.NotNonFirst ? '!' : '-');
            text.Append(rule.Fragment == FragmentMatch.Any ? '-' : 'f');
            text.Append(' ');
        }
        if ((format & ListFormat.Via) != 0)
        {
            string any = numeric ? "*" : "any";
            string inName = (rule.InInterface.Inverted ? "!" : "") + (rule.InInterface.Name ?? any);
            string outName = (rule.OutInterface.Inverted ? "!" : "") + (rule.OutInterface.Name ?? any);
            text.Append(notab ? $"in {inName} " : " " + Pad(inName, -6) + " ");
            text.Append(notab ? $"out {outName} " : Pad(outName, -6) + " ");
        }
        text.Append(rule.Source.Inverted ? '!' : ' ');
        string source = AddressText(rule.Source, numeric);
        text.Append(notab ? source + " " : Pad(source, -19) + " ");
        text.Append(rule.Destination.Inverted ? '!' : ' ');
        string destination = AddressText(rule.Destination, numeric);
        text.Append(notab ? "-> " + destination : Pad(destination, -19) + " ");
        if (notab)
        {
            text.Append("  ");
        }
        if (rule.Target is JumpTarget { IsGoto: true })
        {
            text.Append("[goto] ");
        }
        foreach (Match match in rule.Matches)
        {
            match.AppendListText(text, rule, numeric);
        }
        rule.Target?.AppendListText(text, rule, numeric);
        if ((format & ListFormat.NoNewline) == 0)
        {
            text.Append('\n');
        }
    }

    private static string AddressText(AddressMatch address, bool numeric)
    {
        if (address.Mask == 0 && !numeric)
        {
            return "anywhere";
        }
        string host = numeric ? AddressParsing.ToNumeric(address.Address.Value) : AddressParsing.ToAnyName(address.Address.Value);
        return host + AddressParsing.MaskToNumeric(address.Mask);
    }

    /// <summary>xtables_print_num(): "%8llu " exact, or with K/M/G/T suffixes in 5 columns.</summary>
    internal static void AppendNumber(StringBuilder text, long value, ListFormat format)
    {
        bool notab = (format & ListFormat.NoTable) != 0;
        ulong number = (ulong)value;
        if ((format & ListFormat.KiloMegaGiga) == 0)
        {
            text.Append(notab ? $"{number} " : Pad(number.ToString(System.Globalization.CultureInfo.InvariantCulture), 8) + " ");
            return;
        }
        if (number <= 99999)
        {
            text.Append(notab ? $"{number} " : Pad(number.ToString(System.Globalization.CultureInfo.InvariantCulture), 5) + " ");
            return;
        }
        foreach (char suffix in "KMG")
        {
            number = (number + 500) / 1000;
            if (number <= 9999)
            {
                text.Append(notab ? $"{number}{suffix} " : Pad(number.ToString(System.Globalization.CultureInfo.InvariantCulture), 4) + suffix + " ");
                return;
            }
        }
        number = (number + 500) / 1000;
        text.Append(notab ? $"{number}T " : Pad(number.ToString(System.Globalization.CultureInfo.InvariantCulture), 4) + "T ");
    }

    /// <summary>printf's %Ns (right-aligned) and %-Ns (negative width: left-aligned).</summary>
    private static string Pad(string value, int width) =>
        width < 0 ? value.PadRight(-width) : value.PadLeft(width);
}
