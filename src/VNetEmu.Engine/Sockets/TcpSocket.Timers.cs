using VNetEmu.Engine.Ip;
using VNetEmu.Wire;

namespace VNetEmu.Engine.Sockets;

/// <summary>Time: RTT estimation (RFC 6298), the retransmission timer with exponential back-off (tcp_retransmit_timer,
/// SYN and SYN-ACK retries), zero-window probes (tcp_probe_timer) and the delayed-ACK timer.</summary>
public sealed partial class TcpSocket
{

    private void StartRttTiming(uint seq)
    {
        _rttTiming = true;
        _rttSeq = seq;
        _rttStartNs = _world.Now;
    }

    /// <summary>RFC 6298 with Linux's floor: RTO = SRTT + max(4·RTTVAR, 200 ms).</summary>
    private void RttSample(long rtt)
    {
        if (_srtt < 0)
        {
            _srtt = rtt;
            _rttvar = rtt / 2;
        }
        else
        {
            long error = rtt - _srtt;
            _srtt += error / 8;
            _rttvar += (Math.Abs(error) - _rttvar) / 4;
        }
        RecomputeRto();
    }

    private void RecomputeRto() =>
        _rto = _srtt < 0 ? InitialRtoNs : Math.Clamp(_srtt + Math.Max(4 * _rttvar, MinRtoNs), MinRtoNs, MaxRtoNs);

    /// <summary>An ACK covered the timed sequence (Karn: timing stops at any retransmission).</summary>
    private void TakeRttSample(uint ack)
    {
        if (_rttTiming && SeqGe(ack, _rttSeq))
        {
            _rttTiming = false;
            RttSample(_world.Now - _rttStartNs);
        }
    }

    private void BackOff()
    {
        _retransmits++;
        _rttTiming = false;
        _rto = Math.Min(_rto * 2, MaxRtoNs);
        _retransmitTimer.Set(_rto);
    }

    /// <summary>tcp_retransmit_timer (and tcp_probe_timer when nothing is in flight).</summary>
    private void OnRetransmitTimer()
    {
        switch (State)
        {
            case TcpState.SynSent:
                if (_retransmits >= SynRetries)
                {
                    FailConnect(_softError != TcpError.None ? _softError : TcpError.TimedOut);
                    return;
                }
                BackOff();
                EmitWithRoute(_iss, TcpSegment.Syn, 0, SegmentKind.Syn);
                return;
            case TcpState.SynReceived:
                if (_retransmits >= (_isRequest ? SynAckRetries : SynRetries))
                {
                    if (_isRequest)
                    {
                        Destroy(TcpError.None);
                    }
                    else
                    {
                        FailConnect(TcpError.TimedOut);
                    }
                    return;
                }
                BackOff();
                EmitWithRoute(_iss, TcpSegment.Syn | TcpSegment.Ack, 0, SegmentKind.Syn);
                return;
            case TcpState.Established or TcpState.CloseWait or TcpState.FinWait1 or TcpState.Closing or TcpState.LastAck:
                break;
            default:
                return;
        }
        if (_sndUna == _sndNxt)
        {
            Probe();
            return;
        }
        if (_retransmits >= DataRetries)
        {
            AbortWith(_softError != TcpError.None ? _softError : TcpError.TimedOut);
            return;
        }
        if (!_layer.Namespace.Ipv4.TryRoute(RemoteAddress, out RouteDecision route))
        {
            BackOff();
            return;
        }
        int mss = CurrentMss(route);
        _ssthresh = Math.Max((_sndNxt - _sndUna) / 2, 2L * mss);
        _cwnd = mss;
        _inRecovery = false;
        _dupAcks = 0;
        _retransmitNext = _sndUna;
        _retransmitHigh = _sndNxt;
        BackOff();
        Output();
    }

    /// <summary>The peer's window is closed and nothing is in flight: send what fits, or a zero-window probe
    /// (an ACK with SND.UNA − 1, tcp_xmit_probe_skb), and back off.</summary>
    private void Probe()
    {
        if (UnsentBytes == 0 && !(_finRequested && !_finSent))
        {
            return;
        }
        if (!_layer.Namespace.Ipv4.TryRoute(RemoteAddress, out RouteDecision route))
        {
            BackOff();
            return;
        }
        if (_probes >= DataRetries)
        {
            AbortWith(_softError != TcpError.None ? _softError : TcpError.TimedOut); // tcp_probe_timer gives up
            return;
        }
        int usable = Math.Max(0, (int)(_sndUna + _sndWnd - _sndNxt));
        int unsent = UnsentBytes;
        _retransmitTimer.Set(Math.Min(_rto << Math.Min(_probes, 10), MaxRtoNs));
        _probes++;
        if (usable > 0 && unsent > 0)
        {
            int len = Math.Min(Math.Min(usable, unsent), CurrentMss(route));
            SendNew(route, len, _finRequested && len == unsent, CurrentMss(route));
            return;
        }
        Emit(route, _sndUna - 1, TcpSegment.Ack, 0, SegmentKind.Normal);
    }

    private void OnDelayedAckTimer()
    {
        if (!_ackPending || State is TcpState.Closed or TcpState.TimeWait or TcpState.SynSent)
        {
            return;
        }
        _pingpong = false; // a missed delayed ACK leaves ping-pong mode (tcp_delack_timer_handler)
        SendAck();
    }
}
