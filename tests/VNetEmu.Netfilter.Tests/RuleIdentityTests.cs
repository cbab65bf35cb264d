using VNetEmu.Netfilter.Model;

namespace VNetEmu.Netfilter.Tests;

/// <summary>A rule stays the same object (and keeps its counters and any per-rule state of the data path) while
/// other commands change the table, as a rule stays the same rule in the kernel.</summary>
public class RuleIdentityTests
{
    [Fact]
    public void UnrelatedCommands_KeepTheRuleObject()
    {
        var state = new NetfilterState();
        Transcript.Execute(state, ["iptables", "-A", "INPUT", "-m", "limit", "--limit", "1/s", "-j", "ACCEPT"]);
        Rule rule = state.GetTable("filter")!.GetChain("INPUT")!.Rules[0];
        rule.Packets = 3;
        rule.Bytes = 120;

        Transcript.Execute(state, ["iptables", "-I", "INPUT", "-j", "DROP"]);
        Transcript.Execute(state, ["iptables", "-N", "extra"]);
        Transcript.Execute(state, ["iptables", "-P", "FORWARD", "DROP"]);

        Rule after = state.GetTable("filter")!.GetChain("INPUT")!.Rules[1];
        Assert.Same(rule, after);
        Assert.Equal(3, after.Packets);
    }

    [Fact]
    public void Zeroing_ReplacesOnlyRulesThatCounted()
    {
        var state = new NetfilterState();
        Transcript.Execute(state, ["iptables", "-A", "INPUT", "-j", "ACCEPT"]);
        Transcript.Execute(state, ["iptables", "-A", "INPUT", "-j", "DROP"]);
        IReadOnlyList<Rule> rules = state.GetTable("filter")!.GetChain("INPUT")!.Rules;
        Rule counted = rules[0], idle = rules[1];
        counted.Packets = 1;

        Transcript.Execute(state, ["iptables", "-Z"]);

        IReadOnlyList<Rule> now = state.GetTable("filter")!.GetChain("INPUT")!.Rules;
        Assert.NotSame(counted, now[0]);
        Assert.Equal(0, now[0].Packets);
        Assert.Equal(1, counted.Packets);
        Assert.Same(idle, now[1]);
    }

    [Fact]
    public void FailedBatch_LeavesLiveRulesUntouched()
    {
        var state = new NetfilterState();
        Transcript.Execute(state, ["iptables", "-A", "INPUT", "-j", "ACCEPT"]);
        Rule rule = state.GetTable("filter")!.GetChain("INPUT")!.Rules[0];
        rule.Packets = 5;

        (_, _, int exit) = Transcript.Execute(state, ["iptables-restore", "--noflush"], "*filter\n-Z INPUT\n-A INPUT -j NOPE\nCOMMIT\n");

        Assert.NotEqual(0, exit);
        Assert.Same(rule, state.GetTable("filter")!.GetChain("INPUT")!.Rules[0]);
        Assert.Equal(5, rule.Packets);
    }
}
