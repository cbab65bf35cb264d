using System.Text;
using VNetEmu.Engine.Sockets;
using VNetEmu.Wire;

namespace VNetEmu.Scripting.Commands;

/// <summary>The TCP side of nc: a client (data from stdin after the handshake; `-N` sends FIN at stdin's end;
/// `-z` only connects; `-w` bounds the connect and idle time) and a one-shot listener that prints what it
/// receives and closes when the peer does.</summary>
public sealed partial class NcProcess
{
    private TcpSocket? _tcp;
    private TcpListener? _listener;

    private void StartTcpClient(Ipv4Address host)
    {
        TcpSocket socket = ctx.Namespace.Sockets.Tcp.Connect(host, _o.Port, _o.Source, _o.SourcePort);
        _tcp = socket;
        socket.ConnectFailed += error =>
        {
            Err($"nc: connect to {_o.Host} port {_o.Port} (tcp) failed: {error.Message()}");
            Done(1);
        };
        socket.Connected += OnClientConnected;
        socket.DataReceived += OnData;
        socket.RemoteClosed += () =>
        {
            socket.Close();
            Done(0);
        };
        socket.Aborted += _ => Done(1);
        if (_o.Timeout is not null)
        {
            _timer.Set(_world.Schedule(TimeoutNs, () =>
            {
                if (socket.State is TcpState.SynSent)
                {
                    Err($"nc: connect to {_o.Host} port {_o.Port} (tcp) timed out: Operation now in progress");
                    socket.Close();
                    Done(1);
                }
            }));
        }
    }

    private void OnClientConnected()
    {
        _timer.Cancel();
        if (_o.Verbose)
        {
            Err($"Connection to {_o.Host} {_o.Port} port [tcp/*] succeeded!");
        }
        if (_o.ZeroIo)
        {
            _tcp!.Close();
            Done(0);
            return;
        }
        StartWriting(_tcp!, _o.ShutdownOnEof);
        ArmIdleTimeout();
    }

    private byte[] _input = [];
    private int _written;

    /// <summary>Writes stdin to the connection as nc's write loop does: as much as the send buffer takes, the rest
    /// each time it has room again (a partial write is not the end of the input); with <paramref name="shutdown"/>
    /// (-N) the FIN follows the last byte.</summary>
    private void StartWriting(TcpSocket socket, bool shutdown)
    {
        _input = StdinBytes;
        _written = 0;
        socket.Writable += () => WriteMore(socket, shutdown);
        WriteMore(socket, shutdown);
    }

    private void WriteMore(TcpSocket socket, bool shutdown)
    {
        while (_written < _input.Length)
        {
            int n = socket.Send(_input.AsSpan(_written));
            if (n == 0)
            {
                return; // full: Writable resumes; shut down or closed: nothing more can be written
            }
            _written += n;
        }
        if (shutdown)
        {
            socket.Shutdown();
        }
    }

    private void ArmIdleTimeout()
    {
        if (_o.Timeout is not null && !HasExited)
        {
            _timer.Set(_world.Schedule(TimeoutNs, () =>
            {
                _tcp?.Close();
                Done(0);
            }));
        }
    }

    private void OnData(byte[] data)
    {
        Stdout.Append(Encoding.UTF8.GetString(data));
        ArmIdleTimeout();
    }

    private void StartTcpListener(Ipv4Address host)
    {
        if (!ctx.Namespace.Sockets.Tcp.TryListen(host, _o.Port, out TcpListener listener))
        {
            Err("nc: Address already in use");
            Exit(1);
            return;
        }
        _listener = listener;
        listener.Accepted += socket =>
        {
            if (_tcp is not null)
            {
                socket.Abort();
                return;
            }
            _tcp = socket;
            if (!_o.KeepListening)
            {
                listener.Close();
            }
            socket.DataReceived += data => Stdout.Append(Encoding.UTF8.GetString(data));
            socket.RemoteClosed += () =>
            {
                socket.Close();
                if (_o.KeepListening)
                {
                    _tcp = null;
                    return;
                }
                Done(0);
            };
            socket.Aborted += _ => Done(_o.KeepListening ? 0 : 1);
            StartWriting(socket, shutdown: false);
        };
    }

    private void CloseTcp()
    {
        _listener?.Close();
        if (_tcp is { State: not (TcpState.Closed or TcpState.TimeWait) } socket && !_o.Listen)
        {
            socket.Close();
        }
    }
}
