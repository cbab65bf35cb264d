using VNetEmu.Engine.Ip;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Sockets;

/// <summary>One TCP connection, modelled on Linux's (net/ipv4/tcp_input.c, tcp_output.c, tcp_timer.c): the
/// handshake with MSS, SACK-permitted, timestamps and window scale 10; quick ACKs for the first data, then delayed
/// ACKs (40 ms) or one ACK per two full segments; Nagle with Minshall's rule; slow start and congestion avoidance
/// (Reno); fast retransmit after three duplicate ACKs; retransmission on the virtual clock (SYN after 1, 3, 7, 15…
/// s; data with an RTO of at least 200 ms); persist probes; FIN_WAIT2 and TIME_WAIT timers of 60 s.
/// Out-of-order segments are kept and delivered once the gap is filled (no SACK blocks are sent).
/// Read RFC 9293 §3.10 and tcp_rcv_state_process before changing this type.</summary>
/// <remarks>Events run on the virtual clock, never inside a call into the socket or inside the packet path: each
/// is scheduled at the current time, so the order is the order things happened and handlers may call back into
/// the socket freely. After <see cref="Close"/> only <see cref="Closed"/> is raised.</remarks>
public sealed partial class TcpSocket
{
    public const int DefaultSendBufferSize = 65536;

    /// <summary>TCP_TIMEWAIT_LEN, also tcp_fin_timeout.</summary>
    public const long TimeWaitNs = 60 * World.NanosPerSecond;
    internal const long MinRtoNs = 200 * 1_000_000L;
    internal const long InitialRtoNs = 1 * World.NanosPerSecond;
    internal const long MaxRtoNs = 120 * World.NanosPerSecond;
    internal const long DelayedAckNs = 40 * 1_000_000L;
    internal const long OutOfWindowAckIntervalNs = 500 * 1_000_000L;
    internal const int SynRetries = 6;
    internal const int SynAckRetries = 5;
    internal const int DataRetries = 15;
    internal const int MaxQuickAcks = 16;
    internal const byte OwnWindowScale = 10;

    /// <summary>tcp_full_space of a new socket: tcp_rmem[1] = 131072 at a scaling ratio of one half.</summary>
    internal const int ReceiveSpace = 65536;
    internal const int DefaultPeerMss = 536;
    private const int InitialCwndSegments = 10;

    private readonly TcpLayer _layer;
    private readonly World _world;
    private readonly TcpTimer _retransmitTimer;
    private readonly TcpTimer _delayedAckTimer;
    private readonly TcpTimer _closeTimer;
    private readonly TcpSendBuffer _send;
    private Queue<uint>? _pushMarks;
    private List<(uint Seq, byte[] Data, bool Fin)>? _outOfOrder;

    // Send sequence space (RFC 9293 §3.3.1). _sndNxt is the highest sequence sent (Linux's snd_nxt); after a
    // timeout, [_retransmitNext, _retransmitHigh) is sent again before anything new.
    private uint _iss;
    private uint _sndUna;
    private uint _sndNxt;
    private uint _sndWnd;
    private uint _sndWl1;
    private uint _maxWindow;
    private byte _sndWscale;
    private uint _bufferSeq;
    private bool _finRequested;
    private bool _finSent;
    private uint _finSeq;
    private uint _sndSml;
    private int _peerMss = DefaultPeerMss;
    private int _mssCache = DefaultPeerMss;
    private long _cwnd;
    private long _ssthresh = long.MaxValue;
    private int _dupAcks;
    private bool _inRecovery;
    private uint _recover;
    private uint _retransmitNext;
    private uint _retransmitHigh;
    private long _srtt = -1;
    private long _rttvar;
    private long _rto = InitialRtoNs;
    private int _retransmits;
    private int _probes;
    private bool _rttTiming;
    private uint _rttSeq;
    private long _rttStartNs;
    private bool _writeBlocked;
    private ushort _ipId;
    private bool _pendingConfirm;
    private bool _outputBusy;
    private bool _outputAgain;

    // Receive sequence space. _rcvWnd is the window last advertised, counted from _rcvWup.
    private uint _irs;
    private uint _rcvNxt;
    private uint _rcvWup;
    private uint _rcvWnd;
    private uint _rcvSsthresh;
    private byte _rcvWscale;
    private int _advMss;
    private int _rcvAdvMss;
    private int _rcvMss = DefaultPeerMss;
    private bool _ackPending;
    private bool _ackNow;
    private int _quick;
    private bool _pingpong;
    private bool _gotData;
    private long _lastDataNs;
    private long _lastOutOfWindowAckNs = long.MinValue;
    private bool _tsOk;
    private uint _tsOffset;
    private uint _tsRecent;
    private bool _sackOk;

    // A passive connection in SYN_RECV is Linux's request sock: its SYN-ACKs go out with IP ID 0.
    private bool _isRequest;
    private bool _appClosed;
    private TcpError _softError;

    internal TcpSocket(TcpLayer layer)
    {
        _layer = layer;
        _world = layer.Namespace.World;
        _retransmitTimer = new TcpTimer(_world, OnRetransmitTimer);
        _delayedAckTimer = new TcpTimer(_world, OnDelayedAckTimer);
        _closeTimer = new TcpTimer(_world, OnCloseTimer);
        _send = new TcpSendBuffer(DefaultSendBufferSize);
    }

    public TcpState State { get; private set; }
    public Ipv4Address LocalAddress { get; private set; }
    public ushort LocalPort { get; private set; }
    public Ipv4Address RemoteAddress { get; private set; }
    public ushort RemotePort { get; private set; }

    /// <summary>The listener this connection came from; null for one opened by <see cref="TcpLayer.Connect"/>.</summary>
    public TcpListener? Listener { get; private set; }

    /// <summary>Why the connection failed or was aborted; None while it is fine or after a clean close.</summary>
    public TcpError Error { get; private set; }

    /// <summary>Bytes <see cref="Send"/> can take now.</summary>
    public int SendBufferFree => _send.Free;

    /// <summary>Bytes written and not yet acknowledged by the peer.</summary>
    public int SendBufferUsed => _send.Count;

    /// <summary>The MSS this side sends with (after the timestamp option), once established.</summary>
    public int SendMss => _layer.Namespace.Ipv4.TryRoute(RemoteAddress, out RouteDecision route) ? CurrentMss(route) : 0;

    /// <summary>The handshake completed (client side).</summary>
    public event Action? Connected;

    /// <summary>The connection attempt failed: RST (Refused), ICMP error, or the SYN retries ran out (TimedOut).</summary>
    public event Action<TcpError>? ConnectFailed;

    /// <summary>In-order bytes from the peer, one event per segment (or per filled gap).</summary>
    public event Action<byte[]>? DataReceived;

    /// <summary>The peer sent FIN: no more data will arrive (read() returns 0).</summary>
    public event Action? RemoteClosed;

    /// <summary>An established connection died: reset by the peer, or retransmissions ran out.</summary>
    public event Action<TcpError>? Aborted;

    /// <summary>Space came free in the send buffer after <see cref="Send"/> took less than it was given.</summary>
    public event Action? Writable;

    /// <summary>The connection is gone (after TIME_WAIT, the last ACK, a reset, or a failed connect).</summary>
    public event Action? Closed;

    /// <summary>Queues bytes to send (write(2)); returns how many were taken: fewer than given when the send
    /// buffer is full (wait for <see cref="Writable"/>), 0 once the socket is shut down for writing or closed.
    /// The last segment of each write carries PSH.</summary>
    public int Send(ReadOnlySpan<byte> data)
    {
        if (_finRequested || _appClosed || State is not (TcpState.SynSent or TcpState.SynReceived or TcpState.Established or TcpState.CloseWait))
        {
            return 0;
        }
        int n = _send.Append(data);
        if (n < data.Length)
        {
            _writeBlocked = true;
        }
        if (n > 0)
        {
            (_pushMarks ??= new Queue<uint>()).Enqueue(_bufferSeq + (uint)_send.Count);
            Output();
        }
        return n;
    }

    /// <summary>shutdown(SHUT_WR): a FIN follows the queued data (<c>nc -N</c> at the end of its input). Before the
    /// handshake completes, the FIN waits for it.</summary>
    public void Shutdown()
    {
        if (_finRequested)
        {
            return;
        }
        switch (State)
        {
            case TcpState.SynSent or TcpState.SynReceived:
                _finRequested = true;
                return;
            case TcpState.Established:
                _finRequested = true;
                State = TcpState.FinWait1;
                Output();
                return;
            case TcpState.CloseWait:
                _finRequested = true;
                State = TcpState.LastAck;
                Output();
                return;
        }
    }

    /// <summary>close(2): like <see cref="Shutdown"/>, and the application is gone: no more events but
    /// <see cref="Closed"/>, data arriving later is answered with RST, FIN_WAIT2 ends after 60 s. A connection
    /// still in SYN_SENT is dropped without a packet.</summary>
    public void Close()
    {
        if (_appClosed)
        {
            return;
        }
        _appClosed = true;
        ForgetApplication();
        switch (State)
        {
            case TcpState.SynSent:
                Destroy(TcpError.None);
                return;
            case TcpState.SynReceived:
                _finRequested = true; // the FIN follows the handshake
                return;
            case TcpState.Established or TcpState.CloseWait:
                Shutdown();
                return;
            case TcpState.FinWait2:
                _closeTimer.Set(TimeWaitNs);
                return;
        }
    }

    /// <summary>Resets the connection (close with SO_LINGER 0): RST|ACK to the peer where Linux sends one
    /// (tcp_disconnect), then Closed.</summary>
    public void Abort()
    {
        if (State is TcpState.Closed or TcpState.Listen)
        {
            return;
        }
        _appClosed = true;
        ForgetApplication();
        bool reset = State is TcpState.Established or TcpState.CloseWait or TcpState.FinWait1 or TcpState.FinWait2
            or TcpState.SynReceived
            || (State is TcpState.Closing or TcpState.LastAck && UnsentBytes > 0);
        Destroy(TcpError.None);
        if (reset)
        {
            EmitWithRoute(_sndNxt, TcpSegment.Rst | TcpSegment.Ack, 0, SegmentKind.Normal);
        }
    }

    public override string ToString() => $"{State} {LocalAddress}:{LocalPort} -> {RemoteAddress}:{RemotePort}";

    // ---- opening --------------------------------------------------------------------------------------------

    /// <summary>tcp_v4_connect + tcp_connect: the SYN goes out now (after the caller chose a free four-tuple).</summary>
    internal void StartConnect(Ipv4Address source, ushort sourcePort, Ipv4Address destination, ushort port, in RouteDecision route)
    {
        SetEndpoints(source, sourcePort, destination, port);
        Random random = _world.Random;
        _iss = (uint)random.NextInt64(1L << 32);
        _tsOffset = (uint)random.NextInt64(1L << 32);
        _ipId = (ushort)random.Next(65536);
        _advMss = AdvertisedMss(route);
        _rcvWscale = OwnWindowScale;
        _rcvWnd = InitialWindow(_advMss);
        _rcvSsthresh = _rcvWnd;
        _rcvMss = Math.Min(DefaultPeerMss, _advMss);
        _sndUna = _iss;
        _sndNxt = _iss + 1;
        _bufferSeq = _iss + 1;
        _retransmitNext = _retransmitHigh = _sndNxt;
        _tsOk = true;
        _sackOk = true;
        State = TcpState.SynSent;
        _layer.Register(this);
        StartRttTiming(_iss + 1);
        _retransmitTimer.Set(_rto);
        Emit(route, _iss, TcpSegment.Syn, 0, SegmentKind.Syn);
    }

    /// <summary>A SYN reached a listener (tcp_conn_request): this connection starts in SYN_RECV and answers
    /// with a SYN-ACK. <paramref name="isn"/> is non-zero when a TIME_WAIT connection chose it.</summary>
    internal void StartPassive(TcpListener listener, Ipv4Address local, ushort localPort, Ipv4Address remote, ushort remotePort,
        uint seq, ushort window, in TcpOptions options, in RouteDecision route, uint isn)
    {
        SetEndpoints(local, localPort, remote, remotePort);
        Listener = listener;
        _isRequest = true;
        Random random = _world.Random;
        _iss = isn != 0 ? isn : (uint)random.NextInt64(1L << 32);
        _irs = seq;
        _rcvNxt = seq + 1;
        _rcvWup = _rcvNxt;
        _peerMss = options.Mss != 0 ? options.Mss : DefaultPeerMss;
        _tsOk = options.HasTimestamp;
        if (_tsOk)
        {
            _tsRecent = options.TsVal;
            _tsOffset = (uint)random.NextInt64(1L << 32);
        }
        _sackOk = options.SackPermitted;
        if (options.HasWindowScale)
        {
            _sndWscale = options.WindowScale;
            _rcvWscale = OwnWindowScale;
        }
        _sndWnd = window;
        _maxWindow = window;
        _sndWl1 = _irs;
        _advMss = AdvertisedMss(route);
        _rcvWnd = InitialWindow(_advMss - (_tsOk ? TcpOptions.TimestampLength : 0));
        _rcvSsthresh = _rcvWnd;
        _rcvMss = Math.Min(DefaultPeerMss, _advMss);
        _sndUna = _iss;
        _sndNxt = _iss + 1;
        _bufferSeq = _iss + 1;
        _retransmitNext = _retransmitHigh = _sndNxt;
        State = TcpState.SynReceived;
        _layer.Register(this);
        StartRttTiming(_iss + 1);
        _retransmitTimer.Set(_rto);
        Emit(route, _iss, TcpSegment.Syn | TcpSegment.Ack, 0, SegmentKind.Syn);
    }

    private void SetEndpoints(Ipv4Address local, ushort localPort, Ipv4Address remote, ushort remotePort)
    {
        LocalAddress = local;
        LocalPort = localPort;
        RemoteAddress = remote;
        RemotePort = remotePort;
    }

    /// <summary>A connect() that fails before any packet (no route, address in use): Closed at once, and the
    /// error is raised as <see cref="ConnectFailed"/> on the clock like any other.</summary>
    internal void FailBeforeStart(TcpError error)
    {
        Error = error;
        State = TcpState.Closed;
        Post(() => ConnectFailed?.Invoke(error));
        _world.Schedule(0, () => Closed?.Invoke());
    }

    /// <summary>The handshake is complete on this side: established, congestion window IW10.</summary>
    private void OnEstablished(in RouteDecision route)
    {
        State = TcpState.Established;
        _cwnd = (long)InitialCwndSegments * CurrentMss(route);
        _rcvAdvMss = _advMss - (_tsOk ? TcpOptions.TimestampLength : 0);
        if (_finRequested)
        {
            State = TcpState.FinWait1;
        }
    }

    // ---- closing ----------------------------------------------------------------------------------------------

    /// <summary>Connect failed (SYN_SENT or a simultaneous-open SYN_RECV).</summary>
    private void FailConnect(TcpError error)
    {
        Post(() => ConnectFailed?.Invoke(error));
        Destroy(error);
    }

    /// <summary>An established connection died (tcp_reset, tcp_write_err).</summary>
    private void AbortWith(TcpError error)
    {
        Post(() => Aborted?.Invoke(error));
        Destroy(error);
    }

    private void EnterTimeWait()
    {
        State = TcpState.TimeWait;
        _retransmitTimer.Stop();
        _delayedAckTimer.Stop();
        _ackPending = false;
        _closeTimer.Set(TimeWaitNs);
        ReleaseBuffers(); // like Linux's timewait sock: 60 s of a few numbers, not of buffers
    }

    /// <summary>The application closed the socket: it gets no event but <see cref="Closed"/> any more, so its
    /// handlers (and what they hold) need not live as long as TIME_WAIT.</summary>
    private void ForgetApplication()
    {
        Connected = null;
        ConnectFailed = null;
        DataReceived = null;
        RemoteClosed = null;
        Aborted = null;
        Writable = null;
    }

    private void ReleaseBuffers()
    {
        _send.Release();
        _outOfOrder = null;
        _pushMarks = null;
    }

    private void OnCloseTimer()
    {
        if (State is TcpState.TimeWait or TcpState.FinWait2)
        {
            Destroy(TcpError.None);
        }
    }

    /// <summary>tcp_done: forgets the connection and raises <see cref="Closed"/>.</summary>
    internal void Destroy(TcpError error)
    {
        if (State == TcpState.Closed)
        {
            return;
        }
        State = TcpState.Closed;
        if (error != TcpError.None)
        {
            Error = error;
        }
        _retransmitTimer.Stop();
        _delayedAckTimer.Stop();
        _closeTimer.Stop();
        _ackPending = false;
        ReleaseBuffers();
        _layer.Unregister(this);
        if (!_isRequest)
        {
            _world.Schedule(0, () => Closed?.Invoke());
        }
    }

    /// <summary>Runs an application event on the clock unless the application closed the socket by then.</summary>
    private void Post(Action action) => _world.Schedule(0, () =>
    {
        if (!_appClosed)
        {
            action();
        }
    });

    // ---- sequence arithmetic (RFC 9293 §3.4) ------------------------------------------------------------------

    private static bool SeqLt(uint a, uint b) => (int)(a - b) < 0;

    private static bool SeqLe(uint a, uint b) => (int)(a - b) <= 0;

    private static bool SeqGt(uint a, uint b) => (int)(a - b) > 0;

    private static bool SeqGe(uint a, uint b) => (int)(a - b) >= 0;
}
