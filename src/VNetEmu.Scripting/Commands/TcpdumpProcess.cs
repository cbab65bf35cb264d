using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands;

/// <summary>`tcpdump [-i DEV|any] [-w FILE [--print]] [-c N] [-n] [-e] [-q] [-S] [-t…] [EXPRESSION]`: captures from
/// the moment it starts until the script ends (or N frames pass the filter), both directions, as tcpdump 4.99 does.
/// With -w the frames go to a file (pcap, or pcapng for .pcapng and `any`); without it each one is printed as it
/// passes, by <see cref="TcpdumpFormatter"/>, on the virtual clock. The expression is a <see cref="CaptureFilter"/>.
/// Options are read as getopt does (clustered, anywhere among the words); -v, -x, -A and the like are refused
/// for printed packets.</summary>
public sealed class TcpdumpProcess(CommandContext ctx) : ScriptProcess
{
    private const string SnapLength = "snapshot length 262144 bytes";
    private CaptureSink? _sink;
    private CaptureFilter? _filter;
    private TcpdumpFormatter? _formatter;
    private readonly List<NetDevice> _devices = [];
    private DeviceTap? _tap;
    private long _limit = long.MaxValue;
    private long _captured;
    private string _ifName = "";
    private bool _any;
    private bool _promiscuous = true; // tcpdump without -p

    public override void Start()
    {
        try
        {
            Open();
        }
        catch (CommandException e)
        {
            Err(e.Message);
            Exit(e.ExitCode);
        }
    }

    private void Open()
    {
        string? iface = null, file = null;
        bool print = false, link = false, quiet = false, absolute = false;
        int verbose = 0, timestamps = 0;
        var words = new List<string>();
        var a = ctx.Args;
        bool optionsDone = false;
        for (int i = 1; i < a.Count; i++)
        {
            string w = a[i];
            if (optionsDone || w.Length < 2 || w[0] != '-')
            {
                words.Add(w); // glibc getopt moves the expression's words after the options
                continue;
            }
            if (w == "--")
            {
                optionsDone = true;
                continue;
            }
            if (w.StartsWith("--", StringComparison.Ordinal))
            {
                string name = w.Split('=')[0];
                string? Long() => w.Contains('=') ? w[(w.IndexOf('=') + 1)..] : i + 1 < a.Count ? a[++i] : null;
                switch (name)
                {
                    case "--interface":
                        iface = Long() ?? throw new CommandException("tcpdump: option '--interface' requires an argument", 1);
                        break;
                    case "--print":
                        print = true;
                        break;
                    case "--immediate-mode":
                        break;
                    default:
                        throw new CommandException($"tcpdump: option {w} is not supported by vnetemu", 1);
                }
                continue;
            }
            for (int k = 1; k < w.Length; k++)
            {
                char c = w[k];
                string Value()
                {
                    if (k + 1 < w.Length)
                    {
                        string rest = w[(k + 1)..];
                        k = w.Length;
                        return rest;
                    }
                    if (i + 1 >= a.Count)
                    {
                        throw new CommandException($"tcpdump: option requires an argument -- '{c}'", 1);
                    }
                    return a[++i];
                }
                switch (c)
                {
                    case 'i':
                        iface = Value();
                        break;
                    case 'w':
                        file = Value();
                        break;
                    case 'c':
                        if (!long.TryParse(Value(), out _limit) || _limit <= 0)
                        {
                            throw new CommandException("tcpdump: invalid packet count", 1);
                        }
                        break;
                    case 's' or 'B':
                        Value();
                        break;
                    case 'p':
                        _promiscuous = false;
                        break;
                    case 'n' or 'U' or 'l':
                        break;
                    case 'e':
                        link = true;
                        break;
                    case 'q':
                        quiet = true;
                        break;
                    case 'S':
                        absolute = true;
                        break;
                    case 't':
                        timestamps++;
                        break;
                    case 'v':
                        verbose++;
                        break;
                    default:
                        throw new CommandException($"tcpdump: option -{c} is not supported by vnetemu", 1);
                }
            }
        }
        bool printing = file is null || print;
        if (printing && verbose > 0)
        {
            throw new CommandException("tcpdump: option -v is not supported by vnetemu when printing packets; write them with -w FILE", 1);
        }
        OpenDevices(iface);
        if (words.Count > 0)
        {
            _filter = CaptureFilter.Parse(string.Join(' ', words));
        }
        if (printing)
        {
            _formatter = new TcpdumpFormatter { LinkHeader = link, Quiet = quiet, AbsoluteSequence = absolute, TimestampMode = Math.Min(timestamps, 5) };
        }
        if (file is not null)
        {
            OpenFile(file);
        }
        if (_any && file is null)
        {
            Err("tcpdump: data link type LINUX_SLL2");
        }
        string linkType = _any && file is null ? "LINUX_SLL2 (Linux cooked v2)" : "EN10MB (Ethernet)";
        string listening = $"listening on {_ifName}, link-type {linkType}, {SnapLength}";
        Err(file is null ? "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n" + listening : "tcpdump: " + listening);
        _tap = OnFrame;
        _promiscuous &= !_any; // pcap on "any" never asks for promiscuous mode
        foreach (NetDevice d in _devices)
        {
            d.AddTap(_tap);
            if (_promiscuous)
            {
                d.SetPromiscuity(1);
            }
        }
    }

    private void OpenDevices(string? iface)
    {
        iface ??= ctx.Namespace.Devices.FirstOrDefault(d => d is not LoopbackDevice && d.AdminUp)?.Name ?? "lo";
        _ifName = iface;
        if (iface == "any")
        {
            _any = true;
            _devices.AddRange(ctx.Namespace.Devices);
        }
        else if (ctx.Namespace.TryGetDevice(iface, out NetDevice device))
        {
            _devices.Add(device);
        }
        else
        {
            throw new CommandException($"tcpdump: {iface}: No such device exists\n(SIOCGIFHWADDR: No such device)", 1);
        }
    }

    private void OpenFile(string file)
    {
        if (!CaptureSink.TryOpen(ctx.Emulator, file, out Stream stream, out string error))
        {
            throw new CommandException($"tcpdump: {error}", 1);
        }
        bool pcapng = CaptureSink.IsPcapng(file) || _any;
        _sink = new CaptureSink(stream, pcapng, ctx.Emulator.EpochNs, () => ctx.Emulator.Trace);
    }

    private void OnFrame(NetDevice device, long timeNs, Frame frame, bool outgoing)
    {
        if (HasExited || _captured >= _limit || (_filter is not null && !_filter.Matches(frame.Data)))
        {
            return;
        }
        _captured++;
        _sink?.Write(device, timeNs, frame);
        if (_formatter is not null)
        {
            long unixNs = ctx.Emulator.EpochNs + timeNs;
            Out(_any
                ? _formatter.FormatCooked(unixNs, frame.Data, device.Name, device.IfIndex,
                    TcpdumpFormatter.PacketType(outgoing, MacAddress.Read(frame.Data), device.Mac))
                : _formatter.Format(unixNs, frame.Data));
        }
        if (_captured >= _limit)
        {
            _sink?.Flush();
            Finish(0);
        }
    }

    private void Finish(int code)
    {
        if (HasExited)
        {
            return;
        }
        if (_tap is not null)
        {
            foreach (NetDevice d in _devices)
            {
                d.RemoveTap(_tap);
                if (_promiscuous)
                {
                    d.SetPromiscuity(-1);
                }
            }
        }
        _sink?.Dispose();
        Err($"{_captured} packet{Plural(_captured)} captured");
        Err($"{_captured} packet{Plural(_captured)} received by filter");
        Err("0 packets dropped by kernel");
        Exit(code);
    }

    private static string Plural(long n) => n == 1 ? "" : "s";

    public override void Stop() => Finish(0);

    public override string ToString() => $"tcpdump -i {_ifName}";
}
