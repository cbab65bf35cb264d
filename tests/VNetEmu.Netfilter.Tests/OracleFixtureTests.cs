namespace VNetEmu.Netfilter.Tests;

/// <summary>Replays the fixture scripts and compares every byte of output, error text and exit code with what real
/// iptables 1.8.9 (nf_tables) and ipset 7.17 printed for them on a 6.18 kernel (Fixtures/*.expected, recorded by
/// Fixtures/record.py).</summary>
public class OracleFixtureTests
{
    public static TheoryData<string> Fixtures() =>
    [
        "basics-and-errors", "matches", "targets", "restore", "chains-and-parsing", "docker-layout", "random-rules",
        "kernel-checks", "ipset-and-misc",
    ];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Transcript_EqualsRealIptables(string name)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        string script = File.ReadAllText(Path.Combine(directory, name + ".cmds"));
        string expected = File.ReadAllText(Path.Combine(directory, name + ".expected"));

        string actual = Transcript.Run(new Model.NetfilterState(), script);

        AssertSameLines(Transcript.Normalize(expected), Transcript.Normalize(actual));
    }

    /// <summary>Equal texts, reported by the first differing line so a failure points at the command.</summary>
    internal static void AssertSameLines(string expected, string actual)
    {
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        for (int i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            if (e[i] != a[i])
            {
                string context = string.Join("\n", e.Take(i + 1).Reverse().SkipWhile(l => !l.StartsWith("$ ", StringComparison.Ordinal)).Take(1));
                Assert.Fail($"line {i + 1} differs (after {context}):\nexpected: {e[i]}\nactual:   {a[i]}");
            }
        }
        Assert.Equal(e.Length, a.Length);
    }
}
