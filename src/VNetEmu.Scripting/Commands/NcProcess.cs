using System.Text;
using VNetEmu.Engine;
using VNetEmu.Engine.Ip;
using VNetEmu.Engine.Sockets;
using VNetEmu.Scripting.Runtime;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands;

/// <summary>`nc` (OpenBSD netcat 1.219): UDP and TCP clients and listeners. Data from the network goes to stdout;
/// the heredoc is stdin. Timeouts (-w) run on the virtual clock.</summary>
public sealed partial class NcProcess(CommandContext ctx) : ScriptProcess
{
    private NcOptions _o = null!;
    private World _world = null!;
    private Engine.Time.TimerEntryHandle _timer;
    private UdpSocket? _udp;

    public override void Start()
    {
        _world = ctx.Emulator.World;
        try
        {
            _o = NcOptions.Parse(ctx.Args);
        }
        catch (CommandException e)
        {
            Stderr.Append(e.Message).Append('\n');
            Exit(e.ExitCode);
            return;
        }
        Ipv4Address host = default;
        if (_o.Host is not null && !Ipv4Address.TryParse(_o.Host, out host))
        {
            new Host.Apps.Dns.StubResolver(ctx.Emulator, ctx.Namespace, ctx.Userspace).Resolve(_o.Host, r =>
            {
                if (r.Status == Host.Apps.Dns.StubStatus.Ok)
                {
                    Begin(r.Addresses[0]);
                    return;
                }
                string why = r.Status == Host.Apps.Dns.StubStatus.NotFound ? "Name or service not known" : "Temporary failure in name resolution";
                Err($"nc: getaddrinfo for host \"{_o.Host}\" port {_o.PortText}: {why}");
                Exit(1);
            });
            return;
        }
        Begin(host);
    }

    private void Begin(Ipv4Address host)
    {
        if (_o.Listen)
        {
            if (_o.Udp)
            {
                StartUdpListener(host);
            }
            else
            {
                StartTcpListener(host);
            }
            return;
        }
        if (_o.Udp)
        {
            StartUdpClient(host);
        }
        else
        {
            StartTcpClient(host);
        }
    }

    private long TimeoutNs => (long)((_o.Timeout ?? 0) * World.NanosPerSecond);

    private byte[] StdinBytes => Encoding.UTF8.GetBytes(ctx.Stdin ?? "");

    private void StartUdpClient(Ipv4Address host)
    {
        if (!ctx.Namespace.Ipv4.TryRoute(host, out _))
        {
            Err($"nc: connect to {_o.Host} port {_o.Port} (udp) failed: Network is unreachable");
            Exit(1);
            return;
        }
        _udp = ctx.Namespace.Sockets.OpenUdp();
        if (!_udp.Bind(_o.Source, _o.SourcePort))
        {
            Err("nc: Address already in use");
            Exit(1);
            return;
        }
        _udp.Connect(host, _o.Port);
        _udp.Received += (_, _, data) => Stdout.Append(Encoding.UTF8.GetString(data));
        _udp.Error += _ => Done(0);
        if (_o.Verbose)
        {
            Err($"Connection to {_o.Host} {_o.Port} port [udp/*] succeeded!");
        }
        byte[] data = _o.ZeroIo ? "X"u8.ToArray() : StdinBytes;
        if (data.Length > 0)
        {
            _udp.Send(data);
        }
        if (_o.ZeroIo)
        {
            Done(0);
            return;
        }
        if (_o.Timeout is not null)
        {
            _timer.Set(_world.Schedule(TimeoutNs, () => Done(0)));
        }
    }

    private void StartUdpListener(Ipv4Address host)
    {
        _udp = ctx.Namespace.Sockets.OpenUdp();
        if (!_udp.Bind(host, _o.Port))
        {
            Err("nc: Address already in use");
            Exit(1);
            return;
        }
        bool connected = false;
        _udp.Received += (source, port, data) =>
        {
            if (!connected)
            {
                _udp.Connect(source, port);
                connected = true;
            }
            Stdout.Append(Encoding.UTF8.GetString(data));
        };
    }

    private void Done(int code)
    {
        if (HasExited)
        {
            return;
        }
        _timer.Cancel();
        _udp?.Close();
        CloseTcp();
        Exit(code);
    }

    public override void Stop() => Done(HasExited ? ExitCode!.Value : 0);
}
