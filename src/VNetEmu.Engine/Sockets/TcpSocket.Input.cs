using VNetEmu.Engine.Buffers;
using VNetEmu.Engine.Ip;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Sockets;

/// <summary>Receiving: tcp_rcv_synsent_state_process, tcp_check_req, tcp_validate_incoming, tcp_ack,
/// tcp_data_queue, tcp_fin, tcp_timewait_state_process and tcp_v4_err.</summary>
public sealed partial class TcpSocket
{
    /// <summary>A segment for this connection. False when it must be handled as if no connection existed (a new
    /// SYN ending a TIME_WAIT); <paramref name="isn"/> is then the sequence number the new connection uses.
    /// The caller keeps the frame.</summary>
    internal bool Input(Frame frame, TcpSegment tcp, out uint isn)
    {
        isn = 0;
        TcpOptions options = TcpOptions.Parse(tcp.Options, tcp.Has(TcpSegment.Syn));
        switch (State)
        {
            case TcpState.SynSent:
                SynSentInput(frame, tcp, options);
                return true;
            case TcpState.SynReceived when _isRequest:
                RequestInput(frame, tcp, options);
                return true;
            case TcpState.TimeWait:
                return TimeWaitInput(tcp, options, out isn);
            case TcpState.Closed:
                return true;
            default:
                ConnectedInput(frame, tcp, options);
                return true;
        }
    }

    /// <summary>The options of the peer's SYN or SYN-ACK: only what both sides offered is used.</summary>
    private void ReadSynOptions(in TcpOptions options)
    {
        _peerMss = options.Mss != 0 ? options.Mss : DefaultPeerMss;
        _tsOk = _tsOk && options.HasTimestamp;
        _sackOk = _sackOk && options.SackPermitted;
        if (options.HasWindowScale && _rcvWscale != 0)
        {
            _sndWscale = options.WindowScale;
        }
        else
        {
            _sndWscale = 0;
            _rcvWscale = 0;
        }
        if (_tsOk)
        {
            _tsRecent = options.TsVal;
        }
    }

    /// <summary>tcp_rcv_synsent_state_process.</summary>
    private void SynSentInput(Frame frame, TcpSegment tcp, in TcpOptions options)
    {
        uint seq = tcp.SequenceNumber;
        uint ack = tcp.AcknowledgmentNumber;
        bool syn = tcp.Has(TcpSegment.Syn);
        if (tcp.Has(TcpSegment.Ack))
        {
            if (!SeqGt(ack, _iss) || SeqGt(ack, _sndNxt))
            {
                _layer.SendReset(frame);
                return;
            }
            if (tcp.Has(TcpSegment.Rst))
            {
                FailConnect(TcpError.Refused);
                return;
            }
            if (!syn)
            {
                return;
            }
            ReadSynOptions(options);
            _irs = seq;
            _rcvNxt = seq + 1;
            _rcvWup = _rcvNxt;
            _sndUna = ack;
            _sndWnd = tcp.Window;
            _maxWindow = _sndWnd;
            _sndWl1 = seq;
            TakeRttSample(ack);
            _retransmits = 0;
            RecomputeRto();
            _retransmitTimer.Stop();
            _pendingConfirm = true;
            if (!_layer.Namespace.Ipv4.TryRoute(RemoteAddress, out RouteDecision route))
            {
                FailConnect(TcpError.NetworkUnreachable);
                return;
            }
            OnEstablished(route);
            Post(() => Connected?.Invoke());
            _ackPending = true;
            _ackNow = true;
            Output(); // data or FIN written before the handshake completed carries the ACK
            if (_ackPending)
            {
                SendAck();
            }
            return;
        }
        if (tcp.Has(TcpSegment.Rst) || !syn)
        {
            return;
        }
        // Simultaneous open: both sides sent SYN. Answer with SYN-ACK and wait in SYN_RECV.
        ReadSynOptions(options);
        _irs = seq;
        _rcvNxt = seq + 1;
        _rcvWup = _rcvNxt;
        _sndWnd = tcp.Window;
        _maxWindow = _sndWnd;
        _sndWl1 = seq;
        State = TcpState.SynReceived;
        EmitWithRoute(_iss, TcpSegment.Syn | TcpSegment.Ack, 0, SegmentKind.Syn);
    }

    /// <summary>tcp_check_req: a segment for a connection still in the listener's SYN queue.</summary>
    private void RequestInput(Frame frame, TcpSegment tcp, in TcpOptions options)
    {
        uint seq = tcp.SequenceNumber;
        uint ack = tcp.AcknowledgmentNumber;
        bool syn = tcp.Has(TcpSegment.Syn);
        bool rst = tcp.Has(TcpSegment.Rst);
        bool hasAck = tcp.Has(TcpSegment.Ack);
        int len = tcp.Payload.Length;
        if (seq == _irs && (tcp.Flags & (TcpSegment.Syn | TcpSegment.Ack | TcpSegment.Rst | TcpSegment.Fin)) == TcpSegment.Syn)
        {
            if (!OutOfWindowRateLimited())
            {
                EmitWithRoute(_iss, TcpSegment.Syn | TcpSegment.Ack, 0, SegmentKind.Syn); // the SYN was retransmitted
            }
            return;
        }
        if (hasAck && ack != _iss + 1)
        {
            _layer.SendReset(frame);
            return;
        }
        uint endSeq = seq + (uint)len + (syn ? 1u : 0u) + (tcp.Has(TcpSegment.Fin) ? 1u : 0u);
        if (!InWindow(seq, endSeq, _rcvNxt, _rcvNxt + _rcvWnd))
        {
            if (!rst && !OutOfWindowRateLimited())
            {
                EmitWithRoute(_iss + 1, TcpSegment.Ack, 0, SegmentKind.Control);
            }
            return;
        }
        if (_tsOk && options.HasTimestamp && !SeqGt(seq, _rcvNxt))
        {
            _tsRecent = options.TsVal;
        }
        if (syn && seq == _irs)
        {
            syn = false;
        }
        if (rst || syn)
        {
            if (!rst)
            {
                _layer.SendReset(frame);
            }
            Destroy(TcpError.None);
            return;
        }
        if (!hasAck)
        {
            return;
        }
        if (!_layer.Namespace.Ipv4.TryRoute(RemoteAddress, out RouteDecision route))
        {
            return;
        }
        _isRequest = false;
        _ipId = (ushort)_world.Random.Next(65536);
        _sndUna = ack;
        TakeRttSample(ack);
        _retransmits = 0;
        RecomputeRto();
        _retransmitTimer.Stop();
        OnEstablished(route);
        Listener!.OnEstablished(this);
        ConnectedInput(frame, tcp, options);
    }

    /// <summary>tcp_in_window.</summary>
    private static bool InWindow(uint seq, uint endSeq, uint start, uint end) =>
        seq == start || (SeqGt(endSeq, start) && SeqLt(seq, end)) || (seq == end && seq == endSeq);

    /// <summary>Synchronized states: tcp_validate_incoming, tcp_ack, tcp_data_queue, then send and ACK.</summary>
    private void ConnectedInput(Frame frame, TcpSegment tcp, in TcpOptions options)
    {
        uint seq = tcp.SequenceNumber;
        uint ack = tcp.AcknowledgmentNumber;
        Span<byte> payload = tcp.Payload;
        bool syn = tcp.Has(TcpSegment.Syn);
        bool fin = tcp.Has(TcpSegment.Fin);
        bool rst = tcp.Has(TcpSegment.Rst);
        uint endSeq = seq + (uint)payload.Length + (syn ? 1u : 0u) + (fin ? 1u : 0u);
        bool pure = endSeq == seq || syn;
        if (_tsOk && options.HasTimestamp && !rst && (int)(_tsRecent - options.TsVal) > 1)
        {
            SendOutOfWindowAck(pure); // PAWS
            return;
        }
        if (SeqLt(endSeq, _rcvWup) || SeqGt(seq, _rcvNxt + ReceiveWindowRemaining))
        {
            if (!rst)
            {
                if (syn)
                {
                    SendChallengeAck();
                }
                else
                {
                    SendOutOfWindowAck(pure);
                }
            }
            return;
        }
        if (rst)
        {
            if (seq == _rcvNxt || (seq == _rcvNxt - 1 && State is TcpState.CloseWait or TcpState.LastAck or TcpState.Closing))
            {
                ResetReceived();
            }
            else
            {
                SendChallengeAck(); // RFC 5961 §3.2
            }
            return;
        }
        if (syn)
        {
            SendChallengeAck(); // RFC 5961 §4.2
            return;
        }
        if (!tcp.Has(TcpSegment.Ack))
        {
            return;
        }
        if (_tsOk && options.HasTimestamp && !SeqGt(seq, _rcvWup))
        {
            _tsRecent = options.TsVal;
        }
        if (State == TcpState.SynReceived)
        {
            if (!SeqGt(ack, _sndUna) || SeqGt(ack, _sndNxt) || !_layer.Namespace.Ipv4.TryRoute(RemoteAddress, out RouteDecision route))
            {
                _layer.SendReset(frame);
                return;
            }
            OnEstablished(route);
            Post(() => Connected?.Invoke());
        }
        if (!ProcessAck(seq, ack, tcp.Window, payload.Length, fin) || State == TcpState.Closed)
        {
            return;
        }
        if (payload.Length > 0 || fin)
        {
            if (State is TcpState.CloseWait or TcpState.Closing or TcpState.LastAck)
            {
                if (SeqLt(seq, _rcvNxt))
                {
                    DataQueue(seq, payload, fin);
                }
            }
            else if (_appClosed && payload.Length > 0 && SeqGt(endSeq - (fin ? 1u : 0u), _rcvNxt))
            {
                _layer.SendReset(frame); // data for an application that is gone (tcp_rcv_state_process, FIN_WAIT)
                Destroy(TcpError.Reset);
                return;
            }
            else
            {
                DataQueue(seq, payload, fin);
            }
        }
        if (State is TcpState.Closed or TcpState.TimeWait)
        {
            return;
        }
        Output();
        AckCheck();
    }

    /// <summary>tcp_reset: the peer reset the connection.</summary>
    private void ResetReceived()
    {
        if (State == TcpState.SynReceived)
        {
            FailConnect(TcpError.Refused);
        }
        else
        {
            AbortWith(TcpError.Reset);
        }
    }

    /// <summary>tcp_timewait_state_process: a bare ACK in sequence restarts the timer, RST ends it, a newer SYN
    /// opens a new connection, anything else is ACKed.</summary>
    private bool TimeWaitInput(TcpSegment tcp, in TcpOptions options, out uint isn)
    {
        isn = 0;
        uint seq = tcp.SequenceNumber;
        bool syn = tcp.Has(TcpSegment.Syn);
        bool rst = tcp.Has(TcpSegment.Rst);
        bool hasAck = tcp.Has(TcpSegment.Ack);
        uint endSeq = seq + (uint)tcp.Payload.Length + (syn ? 1u : 0u) + (tcp.Has(TcpSegment.Fin) ? 1u : 0u);
        bool pawsReject = _tsOk && options.HasTimestamp && !rst && (int)(_tsRecent - options.TsVal) > 1;
        if (!pawsReject && seq == _rcvNxt && (endSeq == seq || rst))
        {
            if (rst)
            {
                Destroy(TcpError.None);
            }
            else
            {
                _closeTimer.Set(TimeWaitNs);
            }
            return true;
        }
        if (syn && !rst && !hasAck && !pawsReject
            && (SeqGt(seq, _rcvNxt) || (_tsOk && options.HasTimestamp && (int)(_tsRecent - options.TsVal) < 0)))
        {
            isn = _sndNxt + 65535 + 2;
            if (isn == 0)
            {
                isn = 1;
            }
            Destroy(TcpError.None);
            return false;
        }
        if (!rst)
        {
            if (pawsReject || hasAck)
            {
                _closeTimer.Set(TimeWaitNs);
            }
            if (!((endSeq == seq || syn) && OutOfWindowRateLimited()))
            {
                EmitWithRoute(_sndNxt, TcpSegment.Ack, 0, SegmentKind.Control);
            }
        }
        return true;
    }

    /// <summary>tcp_v4_err for this connection: while connecting every ICMP error but "fragmentation needed"
    /// aborts the attempt (port and protocol unreachable give ECONNREFUSED/ENOPROTOOPT, host unreachable or
    /// prohibited EHOSTUNREACH…); once connected they are soft errors, reported only if the connection times out.
    /// "Fragmentation needed" resends what is in flight at the smaller MSS.</summary>
    internal void OnIcmpError(in IcmpErrorInfo error)
    {
        TcpError converted;
        switch (error.Type)
        {
            case IcmpPacket.TypeDestinationUnreachable when error.Code == IcmpPacket.CodeFragmentationNeeded:
                if (State is not (TcpState.SynSent or TcpState.SynReceived or TcpState.Closed or TcpState.TimeWait) && _sndUna != _sndNxt)
                {
                    _retransmitNext = _sndUna; // tcp_simple_retransmit
                    _retransmitHigh = _sndNxt;
                    _rttTiming = false;
                    Output();
                }
                return;
            case IcmpPacket.TypeDestinationUnreachable when error.Code <= 15:
                converted = error.Code switch
                {
                    0 or 6 or 9 or 11 => TcpError.NetworkUnreachable,
                    2 => TcpError.ProtocolNotAvailable,
                    3 => TcpError.Refused,
                    5 => TcpError.NotSupported,
                    7 => TcpError.HostDown,
                    8 => TcpError.NotOnNetwork,
                    _ => TcpError.HostUnreachable,
                };
                break;
            case IcmpPacket.TypeTimeExceeded:
                converted = TcpError.HostUnreachable;
                break;
            case IcmpPacket.TypeParameterProblem:
                converted = TcpError.ProtocolError;
                break;
            default:
                return;
        }
        if (_isRequest)
        {
            if (error.Type is IcmpPacket.TypeTimeExceeded or IcmpPacket.TypeParameterProblem || error.Code <= 1)
            {
                Destroy(TcpError.None); // tcp_req_err drops the request
            }
            return;
        }
        if (State is TcpState.SynSent or TcpState.SynReceived)
        {
            FailConnect(converted);
            return;
        }
        _softError = converted;
    }
}
