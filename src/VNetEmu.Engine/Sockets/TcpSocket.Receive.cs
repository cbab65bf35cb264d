namespace VNetEmu.Engine.Sockets;

/// <summary>The established-state work on a valid segment: tcp_ack (window, acknowledged data, RTT, congestion
/// window, duplicate ACKs) and tcp_data_queue (in-order delivery, the out-of-order queue, quick ACKs, FIN).</summary>
public sealed partial class TcpSocket
{
    /// <summary>tcp_ack: window update, acknowledged data, RTT, congestion window, duplicate ACKs, FIN
    /// acknowledged. False when the segment must be dropped.</summary>
    private bool ProcessAck(uint seq, uint ack, ushort rawWindow, int length, bool fin)
    {
        if (SeqGt(ack, _sndNxt))
        {
            if (State != TcpState.Established)
            {
                SendChallengeAck();
            }
            return false;
        }
        if (SeqLt(ack, _sndUna))
        {
            if (SeqLt(ack, _sndUna - _maxWindow))
            {
                SendChallengeAck();
                return false;
            }
            return true; // an old ACK: its data still counts
        }
        _probes = 0; // the peer is alive (tcp_ack clears icsk_probes_out)
        uint window = (uint)rawWindow << _sndWscale;
        bool windowUpdate = false;
        if (SeqGt(ack, _sndUna) || SeqGt(seq, _sndWl1) || (seq == _sndWl1 && (window > _sndWnd || window == 0)))
        {
            windowUpdate = true;
            _sndWl1 = seq;
            _sndWnd = window;
            if (window > _maxWindow)
            {
                _maxWindow = window;
            }
        }
        bool acked = SeqGt(ack, _sndUna);
        if (acked)
        {
            OnNewAck(ack);
            if (State == TcpState.Closed)
            {
                return true;
            }
        }
        else if (length == 0 && !fin && !windowUpdate && _sndNxt != _sndUna)
        {
            _dupAcks++;
            if (_dupAcks == 3 && !_inRecovery)
            {
                FastRetransmit();
            }
        }
        if (acked || (length == 0 && !fin && !windowUpdate))
        {
            _pendingConfirm = true;
        }
        return true;
    }

    /// <summary>SND.UNA advances to <paramref name="ack"/>.</summary>
    private void OnNewAck(uint ack)
    {
        uint ackedBytes = ack - _sndUna;
        int dataAcked = SeqGt(ack, _bufferSeq) ? (int)Math.Min((uint)_send.Count, ack - _bufferSeq) : 0;
        _send.Consume(dataAcked);
        _bufferSeq += (uint)dataAcked;
        while (_pushMarks is { Count: > 0 } marks && SeqLe(marks.Peek(), _bufferSeq))
        {
            marks.Dequeue();
        }
        bool finAcked = _finSent && SeqGt(ack, _finSeq);
        _sndUna = ack;
        TakeRttSample(ack);
        if (_retransmits > 0)
        {
            _retransmits = 0;
            RecomputeRto();
        }
        if (_inRecovery)
        {
            if (SeqGe(ack, _recover))
            {
                _inRecovery = false;
                _cwnd = _ssthresh;
            }
            else
            {
                RetransmitHead(); // NewReno: a partial ACK means the next segment was lost too
            }
        }
        else if (_cwnd < _ssthresh)
        {
            _cwnd += ackedBytes; // slow start
        }
        else
        {
            _cwnd += Math.Max(1, (long)_mssCache * _mssCache / _cwnd); // congestion avoidance
        }
        _dupAcks = 0;
        if (_sndUna == _sndNxt)
        {
            _retransmitTimer.Stop();
        }
        else
        {
            _retransmitTimer.Set(_rto);
        }
        if (_writeBlocked && dataAcked > 0)
        {
            _writeBlocked = false;
            Post(() => Writable?.Invoke());
        }
        if (!finAcked)
        {
            return;
        }
        switch (State)
        {
            case TcpState.FinWait1:
                State = TcpState.FinWait2;
                if (_appClosed)
                {
                    _closeTimer.Set(TimeWaitNs);
                }
                break;
            case TcpState.Closing:
                EnterTimeWait();
                break;
            case TcpState.LastAck:
                Destroy(TcpError.None);
                break;
        }
    }

    /// <summary>Three duplicate ACKs: resend the first unacknowledged segment, halve the window (Reno).</summary>
    private void FastRetransmit()
    {
        _ssthresh = Math.Max((_sndNxt - _sndUna) / 2, 2L * _mssCache);
        _cwnd = _ssthresh;
        _inRecovery = true;
        _recover = _sndNxt;
        RetransmitHead();
    }

    /// <summary>tcp_data_queue: in-order data is delivered, out-of-order data kept, old data answered at once.</summary>
    private void DataQueue(uint seq, ReadOnlySpan<byte> payload, bool fin)
    {
        uint dataEnd = seq + (uint)payload.Length;
        if (SeqLe(dataEnd + (fin ? 1u : 0u), _rcvNxt))
        {
            EnterQuickAck(); // a retransmission: our ACK was lost
            _ackPending = true;
            return;
        }
        if (SeqGt(seq, _rcvNxt))
        {
            if (!SeqLt(seq, _rcvNxt + ReceiveWindowRemaining))
            {
                EnterQuickAck();
                _ackPending = true;
                return;
            }
            StoreOutOfOrder(seq, payload, fin);
            _ackPending = true;
            _ackNow = true;
            return;
        }
        int skip = (int)(_rcvNxt - seq);
        if (payload.Length > skip)
        {
            Accept(payload[skip..]);
        }
        if (fin)
        {
            Fin();
        }
        else if (_outOfOrder is { Count: > 0 } queue)
        {
            MergeOutOfOrder(queue);
            if (queue.Count == 0)
            {
                _ackNow = true; // RFC 5681 §4.2: ACK at once when a gap is filled
            }
        }
    }

    /// <summary>In-order bytes: advance RCV.NXT, run tcp_event_data_recv, hand a copy to the application.</summary>
    private void Accept(ReadOnlySpan<byte> data)
    {
        _rcvNxt += (uint)data.Length;
        DataReceivedEvent(data.Length);
        byte[] copy = data.ToArray();
        Post(() => DataReceived?.Invoke(copy));
    }

    private void StoreOutOfOrder(uint seq, ReadOnlySpan<byte> payload, bool fin)
    {
        List<(uint Seq, byte[] Data, bool Fin)> queue = _outOfOrder ??= [];
        int i = 0;
        while (i < queue.Count && SeqLt(queue[i].Seq, seq))
        {
            i++;
        }
        if (i < queue.Count && queue[i].Seq == seq)
        {
            if (queue[i].Data.Length >= payload.Length)
            {
                return;
            }
            queue.RemoveAt(i);
        }
        queue.Insert(i, (seq, payload.ToArray(), fin));
    }

    /// <summary>tcp_ofo_queue: moves what the new data made contiguous.</summary>
    private void MergeOutOfOrder(List<(uint Seq, byte[] Data, bool Fin)> queue)
    {
        while (queue.Count > 0 && SeqLe(queue[0].Seq, _rcvNxt) && State is not (TcpState.Closed or TcpState.TimeWait))
        {
            (uint seq, byte[] data, bool fin) = queue[0];
            queue.RemoveAt(0);
            uint end = seq + (uint)data.Length;
            if (SeqGt(end, _rcvNxt))
            {
                Accept(data.AsSpan((int)(_rcvNxt - seq)));
            }
            else if (!(fin && end == _rcvNxt))
            {
                continue;
            }
            if (fin)
            {
                Fin();
                return;
            }
        }
    }

    /// <summary>tcp_event_data_recv: quick-ACK mode for the first data (and after a long pause), the receive-MSS
    /// estimate, window growth.</summary>
    private void DataReceivedEvent(int length)
    {
        _ackPending = true;
        if (length >= _rcvMss)
        {
            _rcvMss = Math.Min(length, Math.Max(_rcvAdvMss, 1));
        }
        long now = _world.Now;
        if (!_gotData)
        {
            _gotData = true;
            IncreaseQuickAcks();
        }
        else if (now - _lastDataNs > _rto)
        {
            IncreaseQuickAcks();
        }
        _lastDataNs = now;
        if (length >= 128)
        {
            long room = ReceiveSpace - (long)_rcvSsthresh;
            if (room > 0)
            {
                long increment = Math.Max(2L * _rcvAdvMss, 2L * length);
                _rcvSsthresh += (uint)Math.Min(room, increment); // tcp_grow_window
                _quick |= 1;
            }
        }
    }

    /// <summary>tcp_incr_quickack: up to 16 immediate ACKs, fewer for a small window.</summary>
    private void IncreaseQuickAcks()
    {
        int quick = (int)(ReceiveWindowRemaining / (uint)(2 * Math.Max(_rcvMss, 1)));
        quick = Math.Min(quick == 0 ? 2 : quick, MaxQuickAcks);
        if (quick > _quick)
        {
            _quick = quick;
        }
    }

    /// <summary>tcp_enter_quickack_mode.</summary>
    private void EnterQuickAck()
    {
        IncreaseQuickAcks();
        _pingpong = false;
    }

    /// <summary>tcp_fin.</summary>
    private void Fin()
    {
        _ackPending = true;
        _rcvNxt++;
        _outOfOrder?.Clear();
        switch (State)
        {
            case TcpState.SynReceived or TcpState.Established:
                State = TcpState.CloseWait;
                _pingpong = true;
                break;
            case TcpState.FinWait1:
                SendAck();
                State = TcpState.Closing;
                break;
            case TcpState.FinWait2:
                SendAck();
                EnterTimeWait();
                break;
        }
        Post(() => RemoteClosed?.Invoke());
    }
}
