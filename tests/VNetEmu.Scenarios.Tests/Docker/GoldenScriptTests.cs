using VNetEmu.Scripting.Goldens;

namespace VNetEmu.Scenarios.Tests.Docker;

/// <summary>The recorded sessions' harness lines and normalization, on small inputs.</summary>
public class GoldenScriptTests
{
    [Fact]
    public void Parse_ReadsCommandsNotesLoopsAndVariables_OtherLinesRunSilently()
    {
        List<GoldenStep> steps = GoldenScript.Parse("""
            #!/bin/bash
            source "$(dirname "$0")/../_harness/lib.sh"
            PROXY=${PROXY:-true}
            fresh_daemon $PROXY >&2
            x 'docker exec c1 sh -c "echo '\''hi'\''"'
            note 'a heading'
            for c in w1 w2; do x "docker port $c"; done
            sleep 1
            """, "scenario.sh", new Dictionary<string, string> { ["PROXY"] = "false" });
        Assert.Equal(
            [
                (GoldenStepKind.FreshDaemon, "false"),
                (GoldenStepKind.Command, "docker exec c1 sh -c \"echo 'hi'\""),
                (GoldenStepKind.Note, "a heading"),
                (GoldenStepKind.Command, "docker port w1"),
                (GoldenStepKind.Command, "docker port w2"),
                (GoldenStepKind.Silent, "sleep 1"),
            ],
            steps.Select(s => (s.Kind, s.Text)).ToList());
    }

    [Fact]
    public void Parse_UnclosedQuote_IsOneLineNamingTheFileAndLine()
    {
        var e = Assert.Throws<FormatException>(() => GoldenScript.Parse("x 'docker ps\n", "s.sh"));
        Assert.Equal("s.sh:1: expected x 'TEXT' (one quoted word)", e.Message);
    }

    [Fact]
    public void Normalizer_NumbersIdsMacsAndVethsByFirstAppearance_KeepsContainerMacs()
    {
        string id1 = new('a', 64), id2 = new('b', 64);
        var n = new GoldenNormalizer();
        List<string> r = n.Normalize([
            $"{id2} {id1[..12]}\nvethabc1234 02:42:ac:11:00:02 172.17.0.2 02:42:9a:48:d7:37\n",
            $"{id1} bridge_id 8000.2:42:9a:48:d7:37 time=0.123 ms pid=42 127.0.0.11:45678\n",
        ]);
        Assert.Equal("<ID1> <ID2:12>\n<veth1> 02:42:ac:11:00:02 172.17.0.2 <MAC1>\n", r[0]);
        Assert.Equal("<ID2> bridge_id 8000.<MAC1> time=<T> ms pid=<PID> 127.0.0.11:<DNSPORT1>\n", r[1]);
    }

    [Fact]
    public void Runner_StartsOverAtEachFreshDaemon_WithItsProxySetting()
    {
        string dir = Path.Combine(Path.GetTempPath(), "vnetemu-golden-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "scenario.sh"), """
                fresh_daemon true >&2
                x 'docker run -d --name a bb sleep 3600 | wc -c'
                x 'ip netns exec dk sysctl net.ipv4.conf.docker0.route_localnet'
                fresh_daemon false >&2
                x 'docker ps -a -q | wc -l'
                x 'ip netns exec dk sysctl net.ipv4.conf.docker0.route_localnet'
                """);
            File.WriteAllText(Path.Combine(dir, "golden.txt"), """
                $ docker run -d --name a bb sleep 3600 | wc -c
                65
                [exit 0]

                $ ip netns exec dk sysctl net.ipv4.conf.docker0.route_localnet
                net.ipv4.conf.docker0.route_localnet = 0
                [exit 0]

                $ docker ps -a -q | wc -l
                0
                [exit 0]

                $ ip netns exec dk sysctl net.ipv4.conf.docker0.route_localnet
                net.ipv4.conf.docker0.route_localnet = 1
                [exit 0]

                """);
            GoldenResult r = GoldenRunner.Run(dir);
            Assert.True(r.Passed, GoldenRunner.Report(r, diffs: true));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
