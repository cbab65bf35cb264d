using System.Text;
using VNetEmu.Host.Apps.Dns;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands.Apps;

/// <summary>glibc `getent hosts NAME…` ("%-15s %s" address and canonical name) and `getent ahosts NAME`
/// (each address three times: STREAM with the canonical name, DGRAM, RAW). Exit 2 when a key is not found, 1 for an
/// unknown database.</summary>
public sealed class GetentProcess(CommandContext ctx) : ScriptProcess
{
    private int _pending;
    private bool _missing;

    public override void Start()
    {
        if (ctx.Args.Count < 2)
        {
            Err("Usage: getent [OPTION...] database [key ...]");
            Exit(1);
            return;
        }
        string db = ctx.Args[1];
        if (db is not ("hosts" or "ahosts" or "ahostsv4"))
        {
            Err($"Unknown database: {db}\nTry `getent --help' or `getent --usage' for more information.");
            Exit(1);
            return;
        }
        List<string> keys = [.. ctx.Args.Skip(2)];
        if (keys.Count == 0)
        {
            Stdout.Append(ctx.ReadFile("/etc/hosts") ?? "");
            Exit(0);
            return;
        }
        var results = new StubResult?[keys.Count];
        _pending = keys.Count;
        var resolver = new StubResolver(ctx.Emulator, ctx.Namespace, ctx.Userspace);
        for (int i = 0; i < keys.Count; i++)
        {
            int index = i;
            resolver.Resolve(keys[i], r =>
            {
                results[index] = r;
                if (--_pending == 0)
                {
                    Print(db, keys, results);
                }
            });
        }
    }

    private void Print(string db, List<string> keys, StubResult?[] results)
    {
        var o = new StringBuilder();
        for (int i = 0; i < keys.Count; i++)
        {
            StubResult? r = results[i];
            if (r is null || r.Status != StubStatus.Ok)
            {
                _missing = true;
                continue;
            }
            string canonical = Ipv4Address.TryParse(keys[i], out _) ? keys[i] : r.CanonicalName;
            if (db == "hosts")
            {
                o.Append($"{r.Addresses[0],-15} {canonical}\n");
                continue;
            }
            for (int k = 0; k < r.Addresses.Count; k++)
            {
                string a = r.Addresses[k].ToString();
                o.Append($"{a,-15} STREAM {(k == 0 ? canonical : "")}\n");
                o.Append($"{a,-15} DGRAM  \n");
                o.Append($"{a,-15} RAW    \n");
            }
        }
        Stdout.Append(o);
        Exit(_missing ? 2 : 0);
    }
}
