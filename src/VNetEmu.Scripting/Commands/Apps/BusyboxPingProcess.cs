using System.Globalization;
using VNetEmu.Engine;
using VNetEmu.Engine.Ip;
using VNetEmu.Engine.Sockets;
using VNetEmu.Host.Apps.Dns;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands.Apps;

/// <summary>busybox 1.35 `ping` (alpine, busybox images): "PING h (a): 56 data bytes", "seq=N" from 0, the
/// "round-trip min/avg/max" summary; one request a second; after the last one it waits 2·max rtt (at least 1 s) once a
/// reply came, else -W seconds (default 10); -w ends the run. Exit 0 when any reply came, 1 otherwise (also for an
/// unknown name: "ping: bad address 'x'"). ICMP errors are not printed (busybox shows them only with -v).</summary>
public sealed class BusyboxPingProcess(CommandContext ctx) : ScriptProcess
{
    private World _world = null!;
    private PingSocket? _socket;
    private Ipv4Address _destination;
    private string _name = "";
    private int _count = int.MaxValue;
    private double _linger = 10;
    private double? _deadline;
    private int _size = 56;
    private byte _ttl = Ipv4Stack.DefaultTtl;
    private Ipv4Address _source;
    private bool _quiet;
    private int _transmitted, _received;
    private long _min = long.MaxValue, _max, _sum;
    private readonly Dictionary<ushort, long> _sent = [];
    private Engine.Time.TimerEntryHandle _timer;

    public override void Start()
    {
        _world = ctx.Emulator.World;
        try
        {
            Parse();
        }
        catch (CommandException e)
        {
            Stderr.Append(e.Message).Append('\n');
            Exit(e.ExitCode);
            return;
        }
        new StubResolver(ctx.Emulator, ctx.Namespace, ctx.Userspace).Resolve(_name, r =>
        {
            if (r.Status != StubStatus.Ok)
            {
                Err($"ping: bad address '{_name}'");
                Exit(1);
                return;
            }
            _destination = r.Addresses[0];
            Begin();
        });
    }

    private void Parse()
    {
        var a = ctx.Args;
        string? target = null;
        for (int i = 1; i < a.Count; i++)
        {
            string w = a[i];
            if (w.Length > 1 && w[0] == '-')
            {
                char opt = w[1];
                string? inline = w.Length > 2 ? w[2..] : null;
                string Value() => inline ?? (i + 1 < a.Count ? a[++i] : throw new CommandException($"ping: option requires an argument -- '{opt}'\n" + Usage, 1));
                switch (opt)
                {
                    case 'c':
                        _count = Number(Value(), 1, int.MaxValue);
                        break;
                    case 'W':
                        _linger = Number(Value(), 0, int.MaxValue);
                        break;
                    case 'w':
                        _deadline = Number(Value(), 0, int.MaxValue);
                        break;
                    case 's':
                        _size = Number(Value(), 0, 65507);
                        break;
                    case 't':
                        _ttl = (byte)Number(Value(), 1, 255);
                        break;
                    case 'I':
                        string iface = Value();
                        if (!Ipv4Address.TryParse(iface, out _source))
                        {
                            if (!ctx.Namespace.TryGetDevice(iface, out var dev))
                            {
                                throw new CommandException($"ping: SO_BINDTODEVICE: No such device", 1);
                            }
                            var addrs = ctx.Namespace.Ipv4.AddressesOf(dev);
                            _source = addrs.Count > 0 ? addrs[0].Address : default;
                        }
                        break;
                    case 'q':
                        _quiet = true;
                        break;
                    case '4' or 'n':
                        break;
                    default:
                        throw new CommandException($"ping: unrecognized option '{w}'\n" + Usage, 1);
                }
                continue;
            }
            target = w;
        }
        _name = target ?? throw new CommandException(Usage, 1);
    }

    private const string Usage = "BusyBox v1.35.0 (2022-11-19 10:13:10 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST";

    private static int Number(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max
            ? v
            : throw new CommandException($"ping: invalid number '{text}'", 1);

    private void Begin()
    {
        if (!ctx.Namespace.Ipv4.TryRoute(_destination, out _))
        {
            Err("ping: sendto: Network is unreachable");
            Exit(1);
            return;
        }
        _socket = ctx.Namespace.Sockets.OpenPing();
        _socket.Ttl = _ttl;
        _socket.Source = _source;
        _socket.EchoReply += OnReply;
        Out($"PING {_name} ({_destination}): {_size} data bytes");
        if (_deadline is { } d)
        {
            _world.Schedule((long)(d * World.NanosPerSecond), Finish);
        }
        SendNext();
    }

    private void SendNext()
    {
        if (HasExited)
        {
            return;
        }
        ushort seq = (ushort)_transmitted;
        _sent[seq] = _world.Now;
        _transmitted++; // a zero-delay reply can arrive inside Send
        SendResult result = _socket!.Send(_destination, seq, _size);
        if (HasExited)
        {
            return;
        }
        if (result == SendResult.NetworkUnreachable)
        {
            Err("ping: sendto: Network is unreachable");
            Finish();
            return;
        }
        if (_transmitted < _count)
        {
            _timer.Set(_world.Schedule(World.NanosPerSecond, SendNext));
            return;
        }
        long wait = _received > 0 ? Math.Max(2 * _max, World.NanosPerSecond) : (long)(_linger * World.NanosPerSecond);
        _timer.Set(_world.Schedule(wait, Finish));
    }

    private void OnReply(Ipv4Address from, ushort seq, byte ttl, int length)
    {
        if (HasExited || !_sent.Remove(seq, out long at))
        {
            return;
        }
        long rtt = _world.Now - at;
        _received++;
        _min = Math.Min(_min, rtt);
        _max = Math.Max(_max, rtt);
        _sum += rtt;
        if (!_quiet)
        {
            Out($"{length} bytes from {from}: seq={seq} ttl={ttl} time={Ms(rtt)} ms");
        }
        if (_received >= _count)
        {
            Finish();
        }
    }

    /// <summary>busybox prints "%u.%03u" milliseconds.</summary>
    private static string Ms(long ns) => $"{ns / 1_000_000}.{ns / 1000 % 1000:D3}";

    private void Finish()
    {
        if (HasExited)
        {
            return;
        }
        _timer.Cancel();
        _socket?.Close();
        int loss = _transmitted == 0 ? 0 : (int)((_transmitted - _received) * 100L / _transmitted);
        Out("");
        Out($"--- {_name} ping statistics ---");
        Out($"{_transmitted} packets transmitted, {_received} packets received, {loss}% packet loss");
        if (_received > 0)
        {
            Out($"round-trip min/avg/max = {Ms(_min)}/{Ms(_sum / _received)}/{Ms(_max)} ms");
        }
        Exit(_received == 0 ? 1 : 0);
    }

    public override void Stop() => Finish();
}
