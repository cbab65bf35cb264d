using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Ip;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Sockets;

/// <summary>Sending: the transmit loop (tcp_write_xmit), segment building (tcp_transmit_skb and
/// tcp_options_write), the receive window it advertises (tcp_select_window) and the ACK policy.</summary>
public sealed partial class TcpSocket
{
    /// <summary>How a segment is built. Syn: SYN options and the unscaled initial window. Control: what the kernel
    /// sends from its control socket for a request or TIME_WAIT socket (IP ID 0, window not recomputed).</summary>
    private enum SegmentKind : byte
    {
        Normal,
        Syn,
        Control,
    }

    private uint TsVal => _tsOffset + (uint)(_world.Now / 1_000_000);

    /// <summary>Bytes written and never sent.</summary>
    private int UnsentBytes => _finSent ? 0 : (int)(_bufferSeq + (uint)_send.Count - _sndNxt);

    /// <summary>tcp_receive_window: what is left of the window last advertised.</summary>
    private uint ReceiveWindowRemaining
    {
        get
        {
            int left = (int)(_rcvWup + _rcvWnd - _rcvNxt);
            return left < 0 ? 0 : (uint)left;
        }
    }

    /// <summary>ipv4_default_advmss: the MSS option, from the route's MTU.</summary>
    private static int AdvertisedMss(in RouteDecision route) => Math.Min(route.Mtu, 65535) - 40;

    /// <summary>tcp_select_initial_window: the receive space rounded down to a multiple of the MSS, at most
    /// 65535 (64240 for an MSS of 1460, 65160 for 1448).</summary>
    private static uint InitialWindow(int mss)
    {
        int space = ReceiveSpace;
        if (space > mss)
        {
            space = space / mss * mss;
        }
        return (uint)Math.Min(space, 65535);
    }

    /// <summary>tcp_current_mss: from the path MTU, clamped to the peer's MSS, less the timestamp option, and
    /// at most half the largest window the peer offered (tcp_bound_to_half_wnd).</summary>
    private int CurrentMss(in RouteDecision route)
    {
        int pmtu = route.IsLocal ? route.Mtu : _layer.Namespace.Ipv4.PathMtu(RemoteAddress, route);
        int options = _tsOk ? TcpOptions.TimestampLength : 0;
        int mss = Math.Min(Math.Min(pmtu, 65535) - 40, _peerMss) - options;
        if (_maxWindow > DefaultPeerMss && mss > _maxWindow / 2)
        {
            mss = Math.Max((int)(_maxWindow / 2), 68 - TcpSegment.MinHeaderLength - options);
        }
        _mssCache = Math.Max(mss, 48);
        return _mssCache;
    }

    // ---- the transmit loop ------------------------------------------------------------------------------------

    /// <summary>Sends what the windows allow. Re-entrant calls (a veth delivers synchronously, so the peer's ACK
    /// can arrive while a segment is being sent) only ask the running loop to look again.</summary>
    private void Output()
    {
        if (_outputBusy)
        {
            _outputAgain = true;
            return;
        }
        _outputBusy = true;
        try
        {
            do
            {
                _outputAgain = false;
                OutputOnce();
            }
            while (_outputAgain);
        }
        finally
        {
            _outputBusy = false;
        }
    }

    private void OutputOnce()
    {
        while (State is TcpState.Established or TcpState.CloseWait or TcpState.FinWait1 or TcpState.Closing or TcpState.LastAck)
        {
            if (!_layer.Namespace.Ipv4.TryRoute(RemoteAddress, out RouteDecision route))
            {
                _softError = TcpError.NetworkUnreachable;
                return;
            }
            int mss = CurrentMss(route);
            if (SeqLt(_retransmitNext, _sndUna))
            {
                _retransmitNext = _sndUna;
            }
            if (SeqLt(_retransmitNext, _retransmitHigh))
            {
                if (_retransmitNext - _sndUna >= _cwnd)
                {
                    return;
                }
                uint seq = _retransmitNext;
                uint dataEnd = _bufferSeq + (uint)_send.Count;
                uint limit = SeqLt(dataEnd, _retransmitHigh) ? dataEnd : _retransmitHigh;
                int len = SeqLt(seq, limit) ? (int)Math.Min((uint)mss, limit - seq) : 0;
                bool fin = _finSent && seq + (uint)len == _finSeq && SeqGt(_retransmitHigh, _finSeq);
                if (len == 0 && !fin)
                {
                    _retransmitNext = _retransmitHigh;
                    continue;
                }
                _retransmitNext = seq + (uint)len + (fin ? 1u : 0u);
                if (!_retransmitTimer.IsArmed)
                {
                    _retransmitTimer.Set(_rto);
                }
                Emit(route, seq, DataFlags(seq, len, fin), len, SegmentKind.Normal);
                continue;
            }
            int unsent = UnsentBytes;
            bool finPending = _finRequested && !_finSent;
            if (unsent == 0 && !finPending)
            {
                return;
            }
            long inFlight = _sndNxt - _sndUna;
            if (unsent > 0)
            {
                int len = Math.Min(mss, unsent);
                bool fin = finPending && len == unsent;
                if (SeqGt(_sndNxt + (uint)len, _sndUna + _sndWnd))
                {
                    if (inFlight == 0 && !_retransmitTimer.IsArmed)
                    {
                        _retransmitTimer.Set(_rto); // persist: probes the window when it fires with nothing in flight
                    }
                    return;
                }
                if (inFlight >= _cwnd || (len < mss && !fin && NagleHolds(inFlight)))
                {
                    return;
                }
                SendNew(route, len, fin, mss);
                continue;
            }
            uint finSeq = _sndNxt;
            _finSent = true;
            _finSeq = finSeq;
            _sndNxt = finSeq + 1;
            _retransmitNext = _retransmitHigh = _sndNxt;
            if (!_retransmitTimer.IsArmed)
            {
                _retransmitTimer.Set(_rto);
            }
            Emit(route, finSeq, TcpSegment.Fin | TcpSegment.Ack, 0, SegmentKind.Normal);
        }
    }

    /// <summary>Nagle with Minshall's rule (tcp_nagle_check): a short segment waits while an earlier short one is
    /// unacknowledged.</summary>
    private bool NagleHolds(long inFlight) => inFlight > 0 && SeqGt(_sndSml, _sndUna) && SeqLe(_sndSml, _sndNxt);

    /// <summary>Sends <paramref name="len"/> new bytes at SND.NXT (with the FIN when they are the last).</summary>
    private void SendNew(in RouteDecision route, int len, bool fin, int mss)
    {
        uint seq = _sndNxt;
        _sndNxt = seq + (uint)len + (fin ? 1u : 0u);
        if (fin)
        {
            _finSent = true;
            _finSeq = seq + (uint)len;
        }
        if (len < mss)
        {
            _sndSml = _sndNxt;
        }
        _retransmitNext = _retransmitHigh = _sndNxt;
        if (!_rttTiming)
        {
            StartRttTiming(_sndNxt);
        }
        if (!_retransmitTimer.IsArmed)
        {
            _retransmitTimer.Set(_rto);
        }
        if (len > 0 && _gotData && _world.Now - _lastDataNs < DelayedAckNs)
        {
            _pingpong = true; // a reply within ato of the data it answers (tcp_event_data_sent)
        }
        Emit(route, seq, DataFlags(seq, len, fin), len, SegmentKind.Normal);
    }

    /// <summary>ACK, PSH when the segment holds the end of a write (tcp_mark_push), FIN when asked.</summary>
    private byte DataFlags(uint seq, int len, bool fin)
    {
        byte flags = TcpSegment.Ack;
        if (fin)
        {
            flags |= TcpSegment.Fin;
        }
        if (len > 0 && _pushMarks is { } marks)
        {
            uint end = seq + (uint)len;
            foreach (uint mark in marks)
            {
                if (SeqGt(mark, end))
                {
                    break;
                }
                if (SeqGt(mark, seq))
                {
                    flags |= TcpSegment.Psh;
                    break;
                }
            }
        }
        return flags;
    }

    /// <summary>Retransmits the first unacknowledged segment (fast retransmit, NewReno partial ACK).</summary>
    private void RetransmitHead()
    {
        if (!_layer.Namespace.Ipv4.TryRoute(RemoteAddress, out RouteDecision route))
        {
            return;
        }
        uint seq = _sndUna;
        uint dataEnd = _finSent ? _finSeq : _sndNxt;
        int len = SeqLt(seq, dataEnd) ? (int)Math.Min((uint)CurrentMss(route), dataEnd - seq) : 0;
        bool fin = _finSent && seq + (uint)len == _finSeq;
        if (len == 0 && !fin)
        {
            return;
        }
        _rttTiming = false;
        Emit(route, seq, DataFlags(seq, len, fin), len, SegmentKind.Normal);
    }

    // ---- building a segment -----------------------------------------------------------------------------------

    private void EmitWithRoute(uint seq, byte flags, int dataLength, SegmentKind kind)
    {
        if (_layer.Namespace.Ipv4.TryRoute(RemoteAddress, out RouteDecision route))
        {
            Emit(route, seq, flags, dataLength, kind);
        }
        else
        {
            _softError = TcpError.NetworkUnreachable;
        }
    }

    /// <summary>Builds one segment (data from the send buffer at <paramref name="seq"/>) and hands it to IP. Last
    /// step of every caller: the frame may come back as the peer's answer before this returns.</summary>
    private void Emit(in RouteDecision route, uint seq, byte flags, int dataLength, SegmentKind kind)
    {
        bool syn = (flags & TcpSegment.Syn) != 0;
        bool ack = (flags & TcpSegment.Ack) != 0;
        int optionLength = syn ? TcpOptions.SynLength(_sackOk, _tsOk, _rcvWscale != 0) : _tsOk ? TcpOptions.TimestampLength : 0;
        int headerLength = TcpSegment.MinHeaderLength + optionLength;
        int length = headerLength + dataLength;
        Frame frame = _world.Pool.Rent();
        frame.EnsureCapacity(Frame.Headroom + Ipv4Packet.MinHeaderLength + length);
        Span<byte> l4 = frame.Buffer.AsSpan(Frame.Headroom + Ipv4Packet.MinHeaderLength, length);
        ushort window = kind switch
        {
            SegmentKind.Syn => (ushort)Math.Min(_rcvWnd, 65535u),
            SegmentKind.Control => (ushort)Math.Min(ReceiveWindowRemaining >> _rcvWscale, 65535u),
            _ => SelectWindow(),
        };
        TcpSegment.WriteHeader(l4, LocalPort, RemotePort, seq, ack ? _rcvNxt : 0, flags, window, headerLength);
        Span<byte> options = l4[TcpSegment.MinHeaderLength..headerLength];
        if (syn)
        {
            TcpOptions.WriteSyn(options, (ushort)_advMss, _sackOk, _tsOk, TsVal, _tsRecent, _rcvWscale != 0, _rcvWscale);
        }
        else if (_tsOk)
        {
            TcpOptions.WriteTimestamp(options, TsVal, _tsRecent);
        }
        if (dataLength > 0)
        {
            _send.CopyTo((int)(seq - _bufferSeq), l4.Slice(headerLength, dataLength));
        }
        TcpSegment.CreateUnchecked(l4).FillChecksum(LocalAddress, RemoteAddress);
        if (ack && kind != SegmentKind.Control)
        {
            OnAckSent();
        }
        ushort id = _isRequest || kind == SegmentKind.Control ? (ushort)0 : _ipId++;
        if (_pendingConfirm && kind != SegmentKind.Control && !route.IsLocal)
        {
            _pendingConfirm = false; // sk_dst_confirm takes effect on the next packet out (sock_confirm_neigh)
            _layer.Namespace.Ipv4.Neighbours.Confirm(route.Device, route.NextHop);
        }
        _layer.Transmit(frame, route, LocalAddress, RemoteAddress, length, id);
    }

    // ---- receive window ---------------------------------------------------------------------------------------

    /// <summary>__tcp_select_window for a reader that keeps up: the free space, limited by rcv_ssthresh, rounded up
    /// to the scale unit (or down to the MSS without scaling).</summary>
    private uint NewWindow()
    {
        uint free = Math.Min((uint)ReceiveSpace, _rcvSsthresh);
        if (_rcvWscale != 0)
        {
            uint unit = 1u << _rcvWscale;
            return (free + unit - 1) & ~(unit - 1);
        }
        uint mss = (uint)Math.Max(_rcvMss, 1);
        uint window = _rcvWnd;
        if ((long)window <= (long)free - mss || window > free)
        {
            window = free / mss * mss;
        }
        return window;
    }

    /// <summary>tcp_select_window: never shrinks the window already offered; remembers what it advertised.</summary>
    private ushort SelectWindow()
    {
        uint current = ReceiveWindowRemaining;
        uint window = NewWindow();
        if (window < current)
        {
            uint unit = 1u << _rcvWscale;
            window = (current + unit - 1) & ~(unit - 1);
        }
        _rcvWnd = window;
        _rcvWup = _rcvNxt;
        window = Math.Min(window, 65535u << _rcvWscale);
        return (ushort)(window >> _rcvWscale);
    }

    // ---- ACK policy -------------------------------------------------------------------------------------------

    /// <summary>tcp_event_ack_sent: one quick ACK used, the delayed ACK cancelled.</summary>
    private void OnAckSent()
    {
        if (_ackPending && _quick > 0)
        {
            _quick--;
        }
        _ackPending = false;
        _ackNow = false;
        _delayedAckTimer.Stop();
    }

    private void SendAck()
    {
        if (State is not (TcpState.Closed or TcpState.SynSent))
        {
            EmitWithRoute(_sndNxt, TcpSegment.Ack, 0, SegmentKind.Normal);
        }
    }

    /// <summary>__tcp_ack_snd_check: now when more than one full segment arrived since the last ACK, in quick-ACK
    /// mode, when asked (a filled gap, an old segment) or while segments are out of order; otherwise in 40 ms.</summary>
    private void AckCheck()
    {
        if (!_ackPending || State is TcpState.Closed or TcpState.TimeWait or TcpState.SynSent)
        {
            return;
        }
        bool quickMode = _quick > 0 && !_pingpong;
        if ((_rcvNxt - _rcvWup > (uint)_rcvMss && NewWindow() >= _rcvWnd) || quickMode || _ackNow || _outOfOrder is { Count: > 0 })
        {
            SendAck();
            return;
        }
        if (_delayedAckTimer.IsArmed)
        {
            if (_delayedAckTimer.Due <= _world.Now + DelayedAckNs / 4)
            {
                SendAck();
            }
            return;
        }
        _delayedAckTimer.Set(DelayedAckNs);
    }


    /// <summary>A duplicate ACK for an unacceptable segment; pure ACKs and SYNs are limited to one per 500 ms
    /// (tcp_oow_rate_limited).</summary>
    private void SendOutOfWindowAck(bool limited)
    {
        if (limited && OutOfWindowRateLimited())
        {
            return;
        }
        SendAck();
    }

    private void SendChallengeAck()
    {
        if (!OutOfWindowRateLimited())
        {
            SendAck();
        }
    }

    private bool OutOfWindowRateLimited()
    {
        long now = _world.Now;
        if (_lastOutOfWindowAckNs != long.MinValue && now - _lastOutOfWindowAckNs < OutOfWindowAckIntervalNs)
        {
            return true;
        }
        _lastOutOfWindowAckNs = now;
        return false;
    }
}
