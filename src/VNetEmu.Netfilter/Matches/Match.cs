using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Matches;

/// <summary>An extension match of a rule (<c>-m NAME OPTIONS</c>) with its parsed options. Matches are immutable
/// values: two rules are the same rule for <c>iptables -D</c>/<c>-C</c> when their matches are equal.</summary>
public abstract record Match
{
    /// <summary>The name iptables-save writes after <c>-m</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Appends the options in iptables-save form, each preceded by a space.</summary>
    public abstract void AppendSaveText(StringBuilder text, Rule rule);

    /// <summary>Appends what <c>iptables -L</c> prints in the last column (preceded by a space).</summary>
    public abstract void AppendListText(StringBuilder text, Rule rule, bool numeric);

    /// <summary>The kernel's checkentry when the rule is added; <see cref="Errno.None"/> when it accepts it.</summary>
    internal virtual Errno Check(KernelContext context) => Errno.None;
}
