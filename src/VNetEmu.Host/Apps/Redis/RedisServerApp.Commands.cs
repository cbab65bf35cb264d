using System.Globalization;
using System.Text;

namespace VNetEmu.Host.Apps.Redis;

public sealed partial class RedisServerApp
{
    /// <summary>The commands emulated, with their arity from src/commands/*.json (negative: at least that many).</summary>
    private static readonly Dictionary<string, int> s_arity = new(StringComparer.Ordinal)
    {
        ["ping"] = -1,
        ["echo"] = 2,
        ["set"] = -3,
        ["get"] = 2,
        ["del"] = -2,
        ["exists"] = -2,
        ["incr"] = 2,
        ["decr"] = 2,
        ["keys"] = 2,
        ["ttl"] = 2,
        ["pttl"] = 2,
        ["select"] = 2,
        ["dbsize"] = 1,
        ["flushdb"] = -1,
        ["flushall"] = -1,
        ["info"] = -1,
        ["quit"] = -1,
    };

    private static readonly RespValue s_syntaxError = RespValue.Error("ERR syntax error");
    private static readonly RespValue s_notInteger = RespValue.Error("ERR value is not an integer or out of range");

    /// <summary>Runs one command (processCommand's order: the POST/Host: guard, lookup, arity, then the command).
    /// Null with <paramref name="close"/>: drop the connection without a reply.</summary>
    private RespValue? Execute(Client client, List<byte[]> argv, out bool close)
    {
        close = false;
        string name = Text(argv[0]).ToLowerInvariant();
        if (name is "host:" or "post")
        {
            Log('M', '#', $"Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection from {client.Socket.RemoteAddress}:{client.Socket.RemotePort} aborted.");
            close = true;
            return null;
        }
        if (!s_arity.TryGetValue(name, out int arity))
        {
            return RedisCommandNames.All.Contains(name)
                ? RespValue.Error($"ERR vnetemu: command '{name}' is not emulated")
                : RespValue.Error("ERR " + UnknownCommand(argv));
        }
        if ((arity > 0 && argv.Count != arity) || argv.Count < -arity)
        {
            return WrongArity(name);
        }
        Dictionary<string, Entry> db = _databases[client.Db];
        switch (name)
        {
            case "ping":
                return argv.Count switch
                {
                    1 => RespValue.Simple("PONG"),
                    2 => RespValue.Bulk(argv[1]),
                    _ => WrongArity(name),
                };
            case "echo":
                return RespValue.Bulk(argv[1]);
            case "set":
                return Set(db, argv);
            case "get":
                return RespValue.Bulk(Lookup(db, argv[1])?.Value);
            case "del":
                return RespValue.Int(argv.Skip(1).Count(k => Lookup(db, k) is not null && db.Remove(Key(k))));
            case "exists":
                return RespValue.Int(argv.Skip(1).Count(k => Lookup(db, k) is not null));
            case "incr" or "decr":
                return IncrBy(db, argv[1], name == "incr" ? 1 : -1);
            case "keys":
                return Keys(db, argv[1]);
            case "ttl" or "pttl":
                return Ttl(db, argv[1], name == "pttl");
            case "select":
                if (!RespInteger.TryParse(argv[1], out long index))
                {
                    return s_notInteger;
                }
                if (index is < int.MinValue or > int.MaxValue)
                {
                    return RespValue.Error($"ERR value is out of range, value must between {int.MinValue} and {int.MaxValue}");
                }
                if (index is < 0 or >= DatabaseCount)
                {
                    return RespValue.Error("ERR DB index is out of range");
                }
                client.Db = (int)index;
                return RespValue.Ok;
            case "dbsize":
                return RespValue.Int(db.Keys.ToList().Count(k => Lookup(db, Encoding.Latin1.GetBytes(k)) is not null));
            case "flushdb" or "flushall":
                if (argv.Count > 2 || (argv.Count == 2 && Text(argv[1]).ToLowerInvariant() is not ("sync" or "async")))
                {
                    return s_syntaxError;
                }
                foreach (Dictionary<string, Entry> d in name == "flushall" ? _databases : [db])
                {
                    d.Clear();
                }
                return RespValue.Ok;
            case "info":
                return RespValue.Bulk(Info(argv.Skip(1).Select(a => Text(a).ToLowerInvariant()).ToList()));
            default: // quit
                close = true;
                return RespValue.Ok;
        }
    }

    private static RespValue WrongArity(string name) => RespValue.Error($"ERR wrong number of arguments for '{name}' command");

    /// <summary>commandCheckExistence's text: the name (at most 128 bytes) and the first arguments, quoted, while
    /// the list is shorter than 128 bytes, each cut to what is left of those 128; newlines become blanks.</summary>
    public static string UnknownCommand(IReadOnlyList<byte[]> argv)
    {
        var args = new List<byte>();
        for (int i = 1; i < argv.Count && args.Count < 128; i++)
        {
            int room = 128 - args.Count;
            args.Add((byte)'\'');
            args.AddRange(argv[i].Take(room));
            args.AddRange("' "u8.ToArray());
        }
        byte[] name = argv[0].Length > 128 ? argv[0][..128] : argv[0];
        string text = "unknown command '" + Encoding.UTF8.GetString(name) + "', with args beginning with: " + Encoding.UTF8.GetString([.. args]);
        return text.Replace('\r', ' ').Replace('\n', ' ');
    }

    private static string Key(byte[] key) => Encoding.Latin1.GetString(key);

    /// <summary>lookupKey with lazy expiry: a key past its time is deleted on access.</summary>
    private Entry? Lookup(Dictionary<string, Entry> db, byte[] key)
    {
        string k = Key(key);
        if (!db.TryGetValue(k, out Entry? e))
        {
            return null;
        }
        if (e.ExpireAtMs is { } at && at <= NowMs)
        {
            db.Remove(k);
            return null;
        }
        return e;
    }

    /// <summary>SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL] (t_string.c
    /// parseExtendedStringArgumentsOrReply and getExpireMillisecondsOrReply).</summary>
    private RespValue Set(Dictionary<string, Entry> db, List<byte[]> argv)
    {
        bool nx = false, xx = false, get = false, keepTtl = false;
        string? unit = null;
        byte[]? expire = null;
        for (int j = 3; j < argv.Count; j++)
        {
            string opt = Text(argv[j]).ToUpperInvariant();
            bool hasNext = j < argv.Count - 1;
            if (opt == "NX" && !xx)
            {
                nx = true;
            }
            else if (opt == "XX" && !nx)
            {
                xx = true;
            }
            else if (opt == "GET")
            {
                get = true;
            }
            else if (opt == "KEEPTTL" && unit is null)
            {
                keepTtl = true;
            }
            else if (opt is "EX" or "PX" or "EXAT" or "PXAT" && !keepTtl && unit is null && hasNext)
            {
                unit = opt;
                expire = argv[++j];
            }
            else
            {
                return s_syntaxError;
            }
        }
        long? expireAt = null;
        if (expire is not null)
        {
            if (!RespInteger.TryParse(expire, out long ms))
            {
                return s_notInteger;
            }
            bool seconds = unit is "EX" or "EXAT";
            if (ms <= 0 || (seconds && ms > long.MaxValue / 1000))
            {
                return RespValue.Error("ERR invalid expire time in 'set' command");
            }
            ms *= seconds ? 1000 : 1;
            if (unit is "EX" or "PX")
            {
                ms = ms > long.MaxValue - NowMs ? -1 : ms + NowMs;
            }
            if (ms <= 0)
            {
                return RespValue.Error("ERR invalid expire time in 'set' command");
            }
            expireAt = ms;
        }
        Entry? old = Lookup(db, argv[1]);
        if ((nx && old is not null) || (xx && old is null))
        {
            return get ? RespValue.Bulk(old?.Value) : RespValue.Nil;
        }
        db[Key(argv[1])] = new Entry(argv[2], expireAt ?? (keepTtl ? old?.ExpireAtMs : null));
        return get ? RespValue.Bulk(old?.Value) : RespValue.Ok;
    }

    private RespValue IncrBy(Dictionary<string, Entry> db, byte[] key, long by)
    {
        Entry? e = Lookup(db, key);
        long value = 0;
        if (e is not null && !RespInteger.TryParse(e.Value, out value))
        {
            return s_notInteger;
        }
        if ((by < 0 && value < 0 && by < long.MinValue - value) || (by > 0 && value > 0 && by > long.MaxValue - value))
        {
            return RespValue.Error("ERR increment or decrement would overflow");
        }
        value += by;
        db[Key(key)] = new Entry(Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)), e?.ExpireAtMs);
        return RespValue.Int(value);
    }

    private RespValue Keys(Dictionary<string, Entry> db, byte[] pattern)
    {
        bool all = pattern is [(byte)'*'];
        var found = new List<RespValue>();
        foreach (string k in db.Keys.ToList())
        {
            byte[] key = Encoding.Latin1.GetBytes(k);
            if ((all || RedisGlob.IsMatch(pattern, key)) && Lookup(db, key) is not null)
            {
                found.Add(RespValue.Bulk(key));
            }
        }
        return RespValue.Array(found);
    }

    private RespValue Ttl(Dictionary<string, Entry> db, byte[] key, bool ms)
    {
        if (Lookup(db, key) is not { } e)
        {
            return RespValue.Int(-2);
        }
        if (e.ExpireAtMs is not { } at)
        {
            return RespValue.Int(-1);
        }
        long left = Math.Max(0, at - NowMs);
        return RespValue.Int(ms ? left : (left + 500) / 1000);
    }

    /// <summary>INFO: the server section (a subset of its fields) and the keyspace section; the other sections
    /// (clients, memory, stats, …) are not emulated and print nothing.</summary>
    private string Info(List<string> sections)
    {
        bool all = sections.Count == 0 || sections.Exists(s => s is "default" or "all" or "everything");
        var parts = new List<string>();
        if (all || sections.Contains("server"))
        {
            long uptime = (_emulator.World.Now - _startedNs) / Engine.World.NanosPerSecond;
            parts.Add("# Server\r\n"
                + $"redis_version:{Version}\r\n"
                + "redis_mode:standalone\r\n"
                + "os:Linux 6.1.0-vnetemu x86_64\r\n"
                + "arch_bits:64\r\n"
                + "process_id:1\r\n"
                + $"run_id:{_runId}\r\n"
                + $"tcp_port:{Port}\r\n"
                + $"server_time_usec:{(_emulator.EpochNs + _emulator.World.Now) / 1000}\r\n"
                + $"uptime_in_seconds:{uptime}\r\n"
                + $"uptime_in_days:{uptime / 86400}\r\n"
                + "hz:10\r\n"
                + "configured_hz:10\r\n"
                + "executable:/data/redis-server\r\n"
                + "config_file:\r\n"
                + $"listener0:name=tcp,bind=*,bind=-::*,port={Port}\r\n");
        }
        if (all || sections.Contains("keyspace"))
        {
            var text = new StringBuilder("# Keyspace\r\n");
            for (int i = 0; i < DatabaseCount; i++)
            {
                var live = _databases[i].Keys.ToList().Select(k => Lookup(_databases[i], Encoding.Latin1.GetBytes(k))).OfType<Entry>().ToList();
                var expiring = live.Where(e => e.ExpireAtMs is not null).ToList();
                if (live.Count > 0)
                {
                    long avg = expiring.Count == 0 ? 0 : (long)expiring.Average(e => e.ExpireAtMs!.Value - NowMs);
                    text.Append(CultureInfo.InvariantCulture, $"db{i}:keys={live.Count},expires={expiring.Count},avg_ttl={avg},subexpiry=0\r\n");
                }
            }
            parts.Add(text.ToString());
        }
        return string.Join("\r\n", parts);
    }
}
