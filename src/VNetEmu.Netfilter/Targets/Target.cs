using System.Text;
using VNetEmu.Netfilter.Model;
using VNetEmu.Netfilter.Parsing;

namespace VNetEmu.Netfilter.Targets;

/// <summary>What a rule does when it matches: a verdict, a jump or goto, or an extension target with its options.</summary>
public abstract record Target
{
    /// <summary>The name iptables-save writes after <c>-j</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The name in the target column of <c>iptables -L</c> (the kernel's name of the target).</summary>
    public virtual string ListName => Name;

    /// <summary>Appends the options in iptables-save form, each preceded by a space.</summary>
    public virtual void AppendSaveText(StringBuilder text, Rule rule)
    {
    }

    /// <summary>Appends what <c>iptables -L</c> prints for the target in the last column.</summary>
    public virtual void AppendListText(StringBuilder text, Rule rule, bool numeric)
    {
    }

    /// <summary>The hooks the kernel allows the target in (0: any), checked for every base chain that reaches it.</summary>
    internal virtual uint HookMask => 0;

    /// <summary>The only table the kernel allows the target in, if any.</summary>
    internal virtual string? TableName => null;

    /// <summary>The protocol the kernel requires the rule to match (<c>-p</c>), if any.</summary>
    internal virtual byte RequiredProtocol => 0;

    /// <summary>The kernel's own checkentry when the rule is added.</summary>
    internal virtual Errno Check(KernelContext context) => Errno.None;
}
