using System.Globalization;
using VNetEmu.Engine;
using VNetEmu.Engine.Ip;
using VNetEmu.Engine.Sockets;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands;

/// <summary>`ping` as iputils 20221126 behaves: one request per interval, replies and ICMP errors printed as they
/// arrive, exit as soon as every request is answered (reply or error), else after the linger time (-W, or 10 s;
/// max(2·rtt, interval) once a reply came). Exit 1 when nothing came back, 2 on a usage or routing error.</summary>
public sealed class PingProcess(CommandContext ctx) : ScriptProcess
{
    private World _world = null!;
    private PingSocket? _socket;
    private Ipv4Address _destination;
    private string _destinationName = "";
    private int _count = int.MaxValue;
    private double _interval = 1;
    private double? _linger;
    private double? _deadline;
    private int _size = 56;
    private int _transmitted, _received, _errors;
    private long _start;
    private long _lastSend;
    private bool _quiet;
    private bool _broadcast;
    private bool _needsLookup;
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
        if (_needsLookup)
        {
            new Host.Apps.Dns.StubResolver(ctx.Emulator, ctx.Namespace, ctx.Userspace).Resolve(_destinationName, r =>
            {
                if (r.Status != Host.Apps.Dns.StubStatus.Ok)
                {
                    _socket?.Close();
                    string why = r.Status == Host.Apps.Dns.StubStatus.NotFound ? "Name or service not known" : "Temporary failure in name resolution";
                    Err($"ping: {_destinationName}: {why}");
                    Exit(2);
                    return;
                }
                _destination = r.Addresses[0];
                Begin();
            });
            return;
        }
        Begin();
    }

    private void Begin()
    {
        Ipv4Stack stack = ctx.Namespace.Ipv4;
        if (!stack.TryRoute(_destination, out RouteDecision route))
        {
            Err("ping: connect: Network is unreachable");
            Exit(2);
            return;
        }
        if ((_destination.IsBroadcast || route.IsBroadcast) && !_broadcast)
        {
            Err("ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules");
            Exit(2);
            return;
        }
        Out($"PING {_destinationName} ({_destination}) {_size}({_size + 28}) bytes of data.");
        _socket!.EchoReply += OnReply;
        _socket.Error += OnError;
        _socket.Redirect += OnRedirect;
        _start = _world.Now;
        if (_deadline is { } d)
        {
            _world.Schedule(Seconds(d), Finish);
        }
        SendNext();
    }

    private void Parse()
    {
        var a = ctx.Args;
        string? target = null;
        byte ttl = Ipv4Stack.DefaultTtl;
        PmtuMode pmtu = PmtuMode.Want;
        Ipv4Address source = default;
        for (int i = 1; i < a.Count; i++)
        {
            string w = a[i];
            if (w.Length > 1 && w[0] == '-')
            {
                char opt = w[1];
                string? value = w.Length > 2 ? w[2..] : null;
                string Value()
                {
                    if (value is not null)
                    {
                        return value;
                    }
                    if (i + 1 >= a.Count)
                    {
                        throw new CommandException($"ping: option requires an argument -- '{opt}'", 2);
                    }
                    return a[++i];
                }
                switch (opt)
                {
                    case 'c':
                        _count = ParseInt(Value(), "invalid argument", 1, int.MaxValue);
                        break;
                    case 'W':
                        _linger = ParseDouble(Value(), "bad linger time");
                        break;
                    case 'w':
                        _deadline = ParseDouble(Value(), "bad wait time");
                        break;
                    case 'i':
                        _interval = ParseDouble(Value(), "bad timing interval");
                        break;
                    case 's':
                        _size = ParseInt(Value(), "invalid argument", 0, 65507);
                        break;
                    case 't':
                        ttl = (byte)ParseInt(Value(), "invalid argument", 0, 255);
                        break;
                    case 'M':
                        pmtu = Value() switch
                        {
                            "do" or "probe" => PmtuMode.Do,
                            "want" => PmtuMode.Want,
                            "dont" => PmtuMode.Dont,
                            string v => throw new CommandException($"ping: invalid -M argument: {v}", 2),
                        };
                        break;
                    case 'I':
                        string iface = Value();
                        if (!Ipv4Address.TryParse(iface, out source))
                        {
                            if (!ctx.Namespace.TryGetDevice(iface, out var dev))
                            {
                                throw new CommandException($"ping: SO_BINDTODEVICE {iface}: No such device", 2);
                            }
                            var addrs = ctx.Namespace.Ipv4.AddressesOf(dev);
                            source = addrs.Count > 0 ? addrs[0].Address : default;
                        }
                        else if (!ctx.Namespace.Ipv4.IsLocalAddress(source))
                        {
                            throw new CommandException($"ping: bind: Cannot assign requested address", 2);
                        }
                        break;
                    case 'q':
                        _quiet = true;
                        break;
                    case 'b':
                        _broadcast = true;
                        break;
                    case 'n' or '4' or 'D' or 'O':
                        break;
                    default:
                        throw new CommandException($"ping: invalid option -- '{opt}'", 2);
                }
                continue;
            }
            if (target is not null)
            {
                throw new CommandException("ping: usage error: Only one destination may be given", 2);
            }
            target = w;
        }
        if (target is null)
        {
            throw new CommandException("ping: usage error: Destination address required", 1);
        }
        _needsLookup = !Ipv4Address.TryParse(target, out _destination);
        _destinationName = target;
        _socket = ctx.Namespace.Sockets.OpenPing();
        _socket.Ttl = ttl;
        _socket.PmtuMode = pmtu;
        _socket.Source = source;
    }

    private static int ParseInt(string text, string message, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            throw new CommandException($"ping: {message}: '{text}'", 1);
        }
        return v;
    }

    private static double ParseDouble(string text, string message)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || v < 0)
        {
            throw new CommandException($"ping: {message}: {text}", 1);
        }
        return v;
    }

    private static long Seconds(double s) => (long)(s * World.NanosPerSecond);

    private void SendNext()
    {
        if (HasExited)
        {
            return;
        }
        if (_transmitted >= _count)
        {
            ScheduleLinger();
            return;
        }
        ushort seq = (ushort)(_transmitted + 1);
        _lastSend = _world.Now;
        SendResult result = _socket!.Send(_destination, seq, _size);
        _transmitted++;
        switch (result)
        {
            case SendResult.MessageTooLong:
                Err($"ping: local error: message too long, mtu={_socket.LastErrorMtu}");
                _errors++;
                break;
            case SendResult.NetworkUnreachable:
                Err("ping: sendmsg: Network is unreachable");
                _errors++;
                break;
            case SendResult.NotPermitted:
                Err("ping: sendmsg: Operation not permitted");
                _errors++;
                break;
        }
        if (CheckDone())
        {
            return;
        }
        if (_transmitted < _count)
        {
            _timer.Set(_world.Schedule(Seconds(_interval), SendNext));
        }
        else
        {
            ScheduleLinger();
        }
    }

    private void ScheduleLinger()
    {
        double wait = _received > 0 ? Math.Max(_interval, 0) : _linger ?? 10;
        _timer.Set(_world.ScheduleAt(_lastSend + Seconds(wait), Finish));
    }

    private bool CheckDone()
    {
        if (_received + _errors >= _count && _transmitted >= _count)
        {
            Finish();
            return true;
        }
        return false;
    }

    private void OnReply(Ipv4Address from, ushort seq, byte ttl, int length)
    {
        if (HasExited)
        {
            return;
        }
        _received++;
        if (!_quiet)
        {
            Out($"{length} bytes from {from}: icmp_seq={seq} ttl={ttl} time=0.000 ms");
        }
        CheckDone();
    }

    private void OnError(IcmpErrorInfo error)
    {
        if (HasExited || error.QuotedDestination != _destination && error.QuotedSource != _destination)
        {
            return;
        }
        _errors++;
        if (!_quiet)
        {
            Out($"From {error.From} icmp_seq={error.QuotedDestinationPort} {Describe(error)}");
        }
        CheckDone();
    }

    /// <summary>ping4_parse_reply: a redirect about one of our requests is printed ("From X: icmp_seq=N Redirect
    /// Host(New nexthop: G)") but is not an error.</summary>
    private void OnRedirect(Ipv4Address from, byte code, Ipv4Address gateway, Ipv4Address quotedDestination, ushort sequence)
    {
        if (HasExited || _quiet || quotedDestination != _destination)
        {
            return;
        }
        string what = code switch
        {
            0 => "Redirect Network",
            1 => "Redirect Host",
            2 => "Redirect Type of Service and Network",
            3 => "Redirect Type of Service and Host",
            _ => $"Redirect, Bad Code: {code}",
        };
        Out($"From {from}: icmp_seq={sequence} {what}(New nexthop: {gateway})");
    }

    /// <summary>iputils pr_icmph texts.</summary>
    public static string Describe(IcmpErrorInfo e) => e.Type switch
    {
        IcmpPacket.TypeDestinationUnreachable => e.Code switch
        {
            0 => "Destination Net Unreachable",
            1 => "Destination Host Unreachable",
            2 => "Destination Protocol Unreachable",
            3 => "Destination Port Unreachable",
            4 => $"Frag needed and DF set (mtu = {e.Info & 0xFFFF})",
            5 => "Source Route Failed",
            6 => "Destination Net Unknown",
            7 => "Destination Host Unknown",
            8 => "Source Host Isolated",
            9 => "Destination Net Prohibited",
            10 => "Destination Host Prohibited",
            11 => "Destination Net Unreachable for Type of Service",
            12 => "Destination Host Unreachable for Type of Service",
            13 => "Packet filtered",
            14 => "Precedence Violation",
            15 => "Precedence Cutoff",
            _ => $"Dest Unreachable, Bad Code: {e.Code}",
        },
        IcmpPacket.TypeTimeExceeded => e.Code == 0 ? "Time to live exceeded" : e.Code == 1 ? "Frag reassembly time exceeded" : $"Time exceeded, Bad Code: {e.Code}",
        IcmpPacket.TypeParameterProblem => $"Parameter problem: pointer = {e.Info >> 24}",
        _ => $"Bad ICMP type: {e.Type}",
    };

    private void Finish()
    {
        if (HasExited)
        {
            return;
        }
        _timer.Cancel();
        _socket?.Close();
        long ms = (_world.Now - _start) / 1_000_000;
        int loss = _transmitted == 0 ? 0 : (int)((_transmitted - _received) * 100L / _transmitted);
        Out("");
        Out($"--- {_destinationName} ping statistics ---");
        string errors = _errors > 0 ? $", +{_errors} errors" : "";
        Out($"{_transmitted} packets transmitted, {_received} received{errors}, {loss}% packet loss, time {ms}ms");
        if (_received > 0)
        {
            Out("rtt min/avg/max/mdev = 0.000/0.000/0.000/0.000 ms");
        }
        Exit(_received == 0 || (_deadline.HasValue && _received < _count && _count != int.MaxValue) ? 1 : 0);
    }

    public override void Stop()
    {
        if (!HasExited)
        {
            Finish();
        }
    }
}
