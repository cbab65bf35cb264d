using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands;

/// <summary>`tcpdump -i DEV|any -w FILE [-c N]`: captures from the moment it starts until the script ends
/// (or N frames), both directions, as tcpdump 4.99 does. Filter expressions and text output are not supported
/// yet and are refused with a message.</summary>
public sealed class TcpdumpProcess(CommandContext ctx) : ScriptProcess
{
    private CaptureSink? _sink;
    private readonly List<NetDevice> _devices = [];
    private DeviceTap? _tap;
    private long _limit = long.MaxValue;
    private string _ifName = "";

    public override void Start()
    {
        var a = ctx.Args;
        string? iface = null, file = null;
        var filter = new List<string>();
        for (int i = 1; i < a.Count; i++)
        {
            string w = a[i];
            string Value()
            {
                if (i + 1 >= a.Count)
                {
                    throw new CommandException($"tcpdump: option requires an argument -- '{w.TrimStart('-')}'", 1);
                }
                return a[++i];
            }
            try
            {
                switch (w)
                {
                    case "-i" or "--interface":
                        iface = Value();
                        break;
                    case "-w":
                        file = Value();
                        break;
                    case "-c":
                        if (!long.TryParse(Value(), out _limit) || _limit <= 0)
                        {
                            throw new CommandException("tcpdump: invalid packet count", 1);
                        }
                        break;
                    case "-s" or "-B" or "-G" or "-W" or "-C":
                        Value();
                        break;
                    case "-n" or "-nn" or "-U" or "--immediate-mode" or "-q" or "-v" or "-vv" or "-e" or "-l" or "-p":
                        break;
                    default:
                        if (w.StartsWith('-'))
                        {
                            throw new CommandException($"tcpdump: option {w} is not supported by vnetemu", 1);
                        }
                        filter.Add(w);
                        break;
                }
            }
            catch (CommandException e)
            {
                Err(e.Message);
                Exit(e.ExitCode);
                return;
            }
        }
        if (filter.Count > 0)
        {
            Err($"tcpdump: filter expressions are not supported by vnetemu yet: {string.Join(' ', filter)}");
            Exit(1);
            return;
        }
        if (file is null)
        {
            Err("tcpdump: printing packets is not supported by vnetemu yet; write them with -w FILE");
            Exit(1);
            return;
        }
        iface ??= ctx.Namespace.Devices.FirstOrDefault(d => d is not LoopbackDevice && d.AdminUp)?.Name ?? "lo";
        _ifName = iface;
        if (iface == "any")
        {
            _devices.AddRange(ctx.Namespace.Devices);
        }
        else if (ctx.Namespace.TryGetDevice(iface, out NetDevice device))
        {
            _devices.Add(device);
        }
        else
        {
            Err($"tcpdump: {iface}: No such device exists");
            Err("(SIOCGIFHWADDR: No such device)");
            Exit(1);
            return;
        }
        string path = ctx.Emulator.ResolvePath(file);
        Stream stream;
        try
        {
            stream = file == "-" ? Console.OpenStandardOutput() : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Err($"tcpdump: {file}: {(e is DirectoryNotFoundException ? "No such file or directory" : e.Message)}");
            Exit(1);
            return;
        }
        bool pcapng = CaptureSink.IsPcapng(file) || iface == "any";
        _sink = new CaptureSink(stream, pcapng, ctx.Emulator.EpochNs, () => ctx.Emulator.Trace);
        _tap = OnFrame;
        foreach (NetDevice d in _devices)
        {
            d.AddTap(_tap);
        }
        string linkType = "EN10MB (Ethernet)";
        Err($"tcpdump: listening on {iface}, link-type {linkType}, snapshot length 262144 bytes");
    }

    private void OnFrame(NetDevice device, long timeNs, Frame frame, bool outgoing)
    {
        if (_sink is null || _sink.Count >= _limit)
        {
            return;
        }
        _sink.Write(device, timeNs, frame);
        if (_sink.Count >= _limit)
        {
            _sink.Flush();
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
            }
        }
        long n = _sink?.Count ?? 0;
        _sink?.Dispose();
        Err($"{n} packets captured");
        Err($"{n} packets received by filter");
        Err("0 packets dropped by kernel");
        Exit(code);
    }

    public override void Stop() => Finish(0);

    public override string ToString() => $"tcpdump -i {_ifName}";
}
