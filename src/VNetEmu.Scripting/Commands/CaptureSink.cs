using VNetEmu.Capture;
using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Devices;
using VNetEmu.Engine.Namespaces;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scripting.Commands;

/// <summary>Writes tapped frames to a capture file: classic pcap for one device (`tcpdump -w x.pcap`), or
/// pcapng with one interface block per device named `ns:dev` (`-w x.pcapng`, `vnet capture`). Timestamps are
/// virtual (Emulator.Epoch + world time); with tracing on, each frame's netfilter path is its comment.</summary>
public sealed class CaptureSink : IDisposable
{
    private readonly PcapngWriter? _pcapng;
    private readonly PcapWriter? _pcap;
    private readonly Dictionary<NetDevice, int> _interfaces = [];
    private readonly long _epochNs;
    private readonly Func<bool> _trace;

    public CaptureSink(Stream stream, bool pcapng, long epochNs, Func<bool> trace)
    {
        _epochNs = epochNs;
        _trace = trace;
        if (pcapng)
        {
            _pcapng = new PcapngWriter(stream);
        }
        else
        {
            _pcap = new PcapWriter(stream);
        }
    }

    public long Count { get; private set; }

    public static string InterfaceName(NetDevice device) => $"{device.Namespace.Name}:{device.Name}";

    public void Write(NetDevice device, long timeNs, Frame frame, string? comment = null)
    {
        Count++;
        if (_pcap is not null)
        {
            _pcap.WritePacket(_epochNs + timeNs, frame.Data);
            return;
        }
        if (!_interfaces.TryGetValue(device, out int id))
        {
            id = _pcapng!.AddInterface(InterfaceName(device));
            _interfaces.Add(device, id);
        }
        comment ??= _trace() && frame.Trace is { Length: > 0 } t ? t.ToString() : null;
        _pcapng!.WritePacket(id, _epochNs + timeNs, frame.Data, comment);
    }

    public void Flush()
    {
        _pcap?.Flush();
        _pcapng?.Flush();
    }

    public void Dispose()
    {
        _pcap?.Dispose();
        _pcapng?.Dispose();
    }

    /// <summary>Opens a capture file for writing ("-" is standard output); on failure <paramref name="error"/> is the
    /// "FILE: reason" part of the tool's message.</summary>
    public static bool TryOpen(Emulator emulator, string file, out Stream stream, out string error, string? fullPath = null)
    {
        try
        {
            fullPath ??= file == "-" || file.Length == 0 ? file : emulator.ResolvePath(file);
            stream = file == "-" ? Console.OpenStandardOutput() : new FileStream(fullPath, FileMode.Create, FileAccess.Write, FileShare.Read);
            error = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            stream = Stream.Null;
            error = $"{file}: {(file.Length == 0 ? "No such file or directory" : OsError.Text(e, fullPath ?? file))}";
            return false;
        }
    }

    /// <summary>Whether a path names a pcapng file (by extension).</summary>
    public static bool IsPcapng(string path) => path.EndsWith(".pcapng", StringComparison.OrdinalIgnoreCase) || path == "-";

}
