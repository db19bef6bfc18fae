using System;
using HeaderGen.Protocols;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Tcp;

/// <summary>What an ACK acknowledges, and loss recovery: RTT and RTO (RFC 6298), NewReno and SACK recovery (RFC 6582, 6675), the retransmission and keep-alive timers.</summary>
public sealed partial class TcpConnection
{
    /// <summary>New data acknowledged: the buffer, the RTT sample (Karn: never from a retransmission), congestion control, the timer.</summary>
    private void Acknowledge(uint ack, uint tsEcr = 0)
    {
        uint acked = ack - _sndUna;
        _sndUna = ack;
        int bytes = (int)Math.Min((uint)_send.Count, ack - _sendBufferSeq);
        if (SequenceNumber.Gt(ack, _sendBufferSeq) && bytes > 0)
        {
            _send.Discard(bytes);
            _sendBufferSeq += (uint)bytes;
            Counters.BytesAcknowledged += bytes;
        }
        if (_timestamps && tsEcr != 0)
        {
            // RFC 7323 4.1: the echoed timestamp times the segment that this ACK answers, retransmitted or not.
            SampleRtt((long)(TsClock() - tsEcr) * Scheduler.Millisecond);
            _rttStart = -1;
        }
        else if (_rttStart >= 0 && SequenceNumber.Ge(ack, _rttSeq))
        {
            SampleRtt(_layer.Now - _rttStart);
            _rttStart = -1;
        }
        _retransmissions = 0;
        PruneScoreboard();
        if (SequenceNumber.Lt(_highRxt, _sndUna))
        {
            _highRxt = _sndUna;
        }
        if (_inRecovery)
        {
            if (SequenceNumber.Ge(ack, _recover))
            {
                // RFC 6582 3.2 step 3, full acknowledgment: deflate the window and leave recovery.
                _cwnd = Math.Max(Math.Min(_ssthresh, FlightSize() + (uint)_mss), (uint)_mss);
                _inRecovery = false;
            }
            else if (_sackPermitted)
            {
                SackRecovery();   // RFC 6675 5, step (C): a partial ACK sends what the pipe allows
            }
            else
            {
                // Partial acknowledgment: retransmit the next hole, deflate by what was acknowledged, add back one segment.
                RetransmitFirst();
                _cwnd = _cwnd > acked ? _cwnd - acked + (uint)_mss : (uint)_mss;
            }
        }
        else if (bytes <= 0)
        {
            // Only our SYN or FIN acknowledged: no data, so no growth (RFC 5681 3.1 counts the bytes of data an ACK
            // acknowledges; the handshake's ACK leaves the initial window as RFC 6928 sets it).
        }
        else if (_cwnd < _ssthresh)
        {
            _cwnd += Math.Min((uint)bytes, (uint)_mss);   // slow start (RFC 5681 3.1)
        }
        else
        {
            _cwnd = _congestion.OnCongestionAvoidance(_cwnd, (uint)bytes, _mss, _layer.Now, _srtt);   // congestion avoidance
        }
        _duplicateAcks = 0;
        _probeSent = false;
        if (_sndUna == _sndNxt)
        {
            _retransmitTimer.Disarm();
        }
        else
        {
            ArmLossTimer();   // RFC 6298 5.3, or a tail-loss probe sooner
        }
    }

    // Tail-loss probes (RFC 8985 7): with SACK and an RTT measured, the retransmission timer first runs as a probe
    // timeout of about two round trips; a probe segment then draws the SACKs that start fast recovery, where a lost
    // last segment would otherwise wait for the RTO.
    private bool _probeArmed;
    private bool _probeSent;

    /// <summary>Arms the retransmission timer: as a probe timeout when a tail-loss probe is due (RFC 8985 7.2), else as the RTO.</summary>
    private void ArmLossTimer()
    {
        if (_sackPermitted && _rttMeasured && !_inRecovery && !_probeSent && State is TcpState.Established or TcpState.CloseWait)
        {
            long pto = Math.Max(2 * _srtt, 10 * Scheduler.Millisecond);
            if (FlightSize() <= (uint)_mss)
            {
                pto += DelayedAckTimeout;   // one segment in flight: its ACK may be delayed
            }
            if (pto < _rto)
            {
                _probeArmed = true;
                _retransmitTimer.Arm(pto);
                return;
            }
        }
        _probeArmed = false;
        _retransmitTimer.Arm(_rto);
    }

    /// <summary>RFC 8985 7.3: new data if the windows allow it, else the last segment sent again.</summary>
    private void SendProbe()
    {
        Counters.TailLossProbes++;
        _probeSent = true;
        int sent = (int)(_sndNxt - _sendBufferSeq);
        if (_send.Count > sent && _sndWnd > FlightSize())
        {
            int length = Math.Min(_send.Count - sent, _mss);
            SendData(_sndNxt, sent, length);
            _sndNxt += (uint)length;
            Advance();
            return;
        }
        int dataSent = DataSentBefore(_sndNxt);
        if (dataSent > 0)
        {
            int length = Math.Min(dataSent, _mss);
            Counters.Retransmissions++;
            _rttStart = -1;
            SendData(_sendBufferSeq + (uint)(dataSent - length), dataSent - length, length);
        }
        else if (_finSent)
        {
            SendFin();
        }
    }

    /// <summary>RFC 5681 3.2 and RFC 6582: the third duplicate ACK retransmits and enters fast recovery; later ones inflate the window.</summary>
    private void OnDuplicateAck()
    {
        Counters.DuplicateAcks++;
        if (_inRecovery)
        {
            if (_sackPermitted)
            {
                SackRecovery();
            }
            else
            {
                _cwnd += (uint)_mss;
            }
            return;
        }
        // RFC 6675 5 steps (1) and (2): the third duplicate ACK, or with SACK sooner when the scoreboard already shows
        // the first unacknowledged segment lost (three segments' worth SACKed above it, as one stretch ACK can say).
        // RFC 6582 3.2 step 2: not again for losses of the window a timeout or a recovery already dealt with.
        bool enough = ++_duplicateAcks >= DuplicateAckThreshold || (_sackPermitted && IsLost(_sndUna));
        if (!enough || (_recoverValid && SequenceNumber.Le(_sndUna, _recover)))
        {
            return;
        }
        Counters.FastRetransmits++;
        _ssthresh = _congestion.OnLoss(_cwnd, FlightSize(), _mss, _layer.Now);
        _recover = _sndNxt;
        _recoverValid = true;
        _inRecovery = true;
        _highRxt = _sndUna + RetransmitFirst();
        if (_sackPermitted)
        {
            // RFC 6675 5 step (4): cwnd = ssthresh, HighRxt and RescueRxt at the retransmitted segment's end, and the
            // pipe decides what goes next.
            _rescueRxt = _highRxt;
            _cwnd = _ssthresh;
            SackRecovery();
            return;
        }
        _cwnd = _ssthresh + DuplicateAckThreshold * (uint)_mss;
    }

    /// <summary>Adds a SACKed range to the scoreboard (ignoring what is at or below SND.UNA or beyond what was sent), merging overlaps.</summary>
    private void AddSacked(uint start, uint end)
    {
        if (!SequenceNumber.Lt(start, end) || SequenceNumber.Le(end, _sndUna) || SequenceNumber.Gt(end, _sndMax))
        {
            return;
        }
        if (SequenceNumber.Lt(start, _sndUna))
        {
            start = _sndUna;
        }
        for (int i = 0; i < _scoreboardCount; i++)
        {
            var (s, e) = _scoreboard[i];
            if (SequenceNumber.Le(start, e) && SequenceNumber.Ge(end, s))
            {
                start = SequenceNumber.Lt(start, s) ? start : s;
                end = SequenceNumber.Gt(end, e) ? end : e;
                _scoreboard[i--] = _scoreboard[--_scoreboardCount];
            }
        }
        if (_scoreboardCount < _scoreboard.Length)
        {
            _scoreboard[_scoreboardCount++] = (start, end);
        }
    }

    private long SackedBytes()
    {
        long sacked = 0;
        for (int i = 0; i < _scoreboardCount; i++)
        {
            sacked += _scoreboard[i].End - _scoreboard[i].Start;
        }
        return sacked;
    }

    private void PruneScoreboard()
    {
        for (int i = 0; i < _scoreboardCount; i++)
        {
            var (s, e) = _scoreboard[i];
            if (SequenceNumber.Le(e, _sndUna))
            {
                _scoreboard[i--] = _scoreboard[--_scoreboardCount];
            }
            else if (SequenceNumber.Lt(s, _sndUna))
            {
                _scoreboard[i] = (_sndUna, e);
            }
        }
    }

    /// <summary>The highest SACKed sequence number, or SND.UNA when nothing is SACKed.</summary>
    private uint HighSacked()
    {
        uint high = _sndUna;
        for (int i = 0; i < _scoreboardCount; i++)
        {
            if (SequenceNumber.Gt(_scoreboard[i].End, high))
            {
                high = _scoreboard[i].End;
            }
        }
        return high;
    }

    /// <summary>The SACKed range holding <paramref name="seq"/>'s byte, as its end, or <paramref name="seq"/> itself when none does.</summary>
    private uint SkipSacked(uint seq)
    {
        for (bool moved = true; moved;)
        {
            moved = false;
            for (int i = 0; i < _scoreboardCount; i++)
            {
                var (s, e) = _scoreboard[i];
                if (SequenceNumber.Le(s, seq) && SequenceNumber.Lt(seq, e))
                {
                    seq = e;
                    moved = true;
                }
            }
        }
        return seq;
    }

    /// <summary>Where the next SACKed range above <paramref name="seq"/> starts, or <paramref name="limit"/>.</summary>
    private uint NextSackedStart(uint seq, uint limit)
    {
        uint next = limit;
        for (int i = 0; i < _scoreboardCount; i++)
        {
            var s = _scoreboard[i].Start;
            if (SequenceNumber.Gt(s, seq) && SequenceNumber.Lt(s, next))
            {
                next = s;
            }
        }
        return next;
    }

    /// <summary>
    /// RFC 6675 4, IsLost, as a boundary: an unSACKed byte below it is lost. A byte is lost when DupThresh
    /// discontiguous SACKed ranges lie above it, or more than (DupThresh - 1) SMSS of SACKed bytes: for a byte not
    /// SACKed, only the ranges wholly above it count, so the boundary is the start of the range (taken from the
    /// highest down) at which either count is reached; SND.UNA when none is.
    /// </summary>
    private uint LostBoundary()
    {
        long sacked = 0;
        uint below = _sndMax;   // the ranges taken so far all start at or above this
        for (int taken = 1; taken <= _scoreboardCount; taken++)
        {
            // The highest range not taken yet (at most 16 ranges: a scan each).
            int highest = -1;
            for (int i = 0; i < _scoreboardCount; i++)
            {
                if (SequenceNumber.Lt(_scoreboard[i].Start, below) && (highest < 0 || SequenceNumber.Gt(_scoreboard[i].Start, _scoreboard[highest].Start)))
                {
                    highest = i;
                }
            }
            if (highest < 0)
            {
                break;
            }
            var (start, end) = _scoreboard[highest];
            sacked += end - start;
            below = start;
            if (taken >= DuplicateAckThreshold || sacked > (DuplicateAckThreshold - 1) * (long)_mss)
            {
                return start;
            }
        }
        return _sndUna;
    }

    /// <summary>RFC 6675 4, IsLost, for a byte not SACKed.</summary>
    private bool IsLost(uint seq) => SequenceNumber.Lt(seq, LostBoundary());

    /// <summary>
    /// RFC 6675 4, SetPipe: the bytes taken to be in the network. Of the bytes sent and neither acknowledged nor SACKed,
    /// each counts once if it is not lost, and once more if it was retransmitted (below HighRxt).
    /// </summary>
    private long Pipe()
    {
        uint lostBelow = LostBoundary();
        long pipe = 0;
        for (uint seq = SkipSacked(_sndUna); SequenceNumber.Lt(seq, _sndNxt);)
        {
            uint end = NextSackedStart(seq, _sndNxt);
            uint notLostFrom = SequenceNumber.Gt(lostBelow, seq) ? lostBelow : seq;
            if (SequenceNumber.Lt(notLostFrom, end))
            {
                pipe += end - notLostFrom;
            }
            uint retransmittedTo = SequenceNumber.Lt(_highRxt, end) ? _highRxt : end;
            if (SequenceNumber.Gt(retransmittedTo, seq))
            {
                pipe += retransmittedTo - seq;
            }
            seq = SkipSacked(end);
        }
        return pipe;
    }

    /// <summary>
    /// RFC 6675 5 (C): while cwnd - pipe is at least one SMSS, send what NextSeg gives: (1) the first lost hole above
    /// HighRxt; (2) new data, if the receiver's window allows (sent by <see cref="Output"/>, which the pipe governs in
    /// recovery); (3) the first hole above HighRxt below the highest SACK, lost or not; (4) once per recovery, a rescue
    /// retransmission of the last segment not SACKed, which HighRxt does not record.
    /// </summary>
    private void SackRecovery()
    {
        uint high = HighSacked();
        while (_cwnd - Pipe() >= _mss)
        {
            uint seq = SkipSacked(SequenceNumber.Gt(_highRxt, _sndUna) ? _highRxt : _sndUna);
            bool hole = SequenceNumber.Lt(seq, high);
            if (hole && IsLost(seq))
            {
                RetransmitHole(seq, high);   // rule 1
                continue;
            }
            if (NewDataAllowed())
            {
                break;   // rule 2: Output sends it below
            }
            if (hole)
            {
                RetransmitHole(seq, high);   // rule 3
                continue;
            }
            RescueRetransmission();   // rule 4
            break;
        }
        Output();
    }

    /// <summary>Retransmits up to one MSS of the hole at <paramref name="seq"/> (to the next SACKed range) and moves HighRxt past it.</summary>
    private void RetransmitHole(uint seq, uint high)
    {
        int length = (int)Math.Min(Math.Min(NextSackedStart(seq, high) - seq, (uint)_mss), (uint)_send.Count - (seq - _sendBufferSeq));
        Counters.Retransmissions++;
        _rttStart = -1;
        SendData(seq, (int)(seq - _sendBufferSeq), length);
        _highRxt = seq + (uint)length;
    }

    /// <summary>
    /// NextSeg rule (4): when HighACK has passed RescueRxt, one segment that ends at the highest byte sent and not SACKed;
    /// RescueRxt moves to the recovery point, so that it is sent once per recovery. A lost last segment goes again at
    /// once, not after a timeout.
    /// </summary>
    private void RescueRetransmission()
    {
        if (!SequenceNumber.Gt(_sndUna, _rescueRxt))
        {
            return;
        }
        // The highest hole: from the top of what was sent, below any SACKed range that reaches it.
        uint end = DataEnd(_sndNxt);
        for (bool moved = true; moved;)
        {
            moved = false;
            for (int i = 0; i < _scoreboardCount; i++)
            {
                if (SequenceNumber.Lt(_scoreboard[i].Start, end) && SequenceNumber.Ge(_scoreboard[i].End, end))
                {
                    end = _scoreboard[i].Start;
                    moved = true;
                }
            }
        }
        if (!SequenceNumber.Gt(end, _sndUna))
        {
            return;
        }
        uint start = end - Math.Min(end - _sndUna, (uint)_mss);
        uint holeStart = start;
        for (int i = 0; i < _scoreboardCount; i++)
        {
            if (SequenceNumber.Gt(_scoreboard[i].End, holeStart) && SequenceNumber.Le(_scoreboard[i].End, end))
            {
                holeStart = _scoreboard[i].End;   // keep to the hole: no SACKed byte goes again
            }
        }
        Counters.Retransmissions++;
        Counters.RescueRetransmissions++;
        _rttStart = -1;
        SendData(holeStart, (int)(holeStart - _sendBufferSeq), (int)(end - holeStart));
        _rescueRxt = _recover;
    }

    /// <summary>The end of the data below <paramref name="seq"/>: our FIN, which occupies a sequence number but no byte, left out.</summary>
    private uint DataEnd(uint seq) => _sendBufferSeq + (uint)DataSentBefore(seq);

    /// <summary>Whether new data may go: some is waiting and the receiver's window (from SND.UNA) has room for it.</summary>
    private bool NewDataAllowed() =>
        _send.Count > (int)(_sndNxt - _sendBufferSeq) && (long)_sndWnd - (_sndNxt - _sndUna) > 0;

    private uint _rescueRxt;

    private bool _recoverValid;

    private uint FlightSize() => _sndNxt - _sndUna;

    /// <summary>RFC 6298 2.2 and 2.3, with G taken as 1 ns.</summary>
    private void SampleRtt(long r)
    {
        if (!_rttMeasured)
        {
            _srtt = r;
            _rttvar = r / 2;
            _rttMeasured = true;
        }
        else
        {
            _rttvar = (3 * _rttvar + Math.Abs(_srtt - r)) / 4;
            _srtt = (7 * _srtt + r) / 8;
        }
        _rto = Math.Clamp(_srtt + Math.Max(1, 4 * _rttvar), MinimumRto, MaximumRto);
    }

    /// <summary>
    /// Sends the first unacknowledged segment again (a fast retransmit, a partial ACK, a timeout): up to one MSS of the
    /// data sent before, or our FIN when only it is unacknowledged. Returns the sequence space it covers.
    /// </summary>
    private uint RetransmitFirst()
    {
        Counters.Retransmissions++;
        _rttStart = -1;   // Karn: no sample from a segment sent more than once
        if (State is TcpState.SynSent or TcpState.SynReceived)
        {
            SendSyn(ack: State == TcpState.SynReceived);
            return 1;
        }
        int sentBefore = DataSentBefore(_sndMax);
        int length = Math.Min(sentBefore, _mss);
        if (length > 0)
        {
            SendData(_sendBufferSeq, 0, length);
            return (uint)length;
        }
        if (_finSent && SequenceNumber.Le(_sndUna, _finSeq))
        {
            SendFin();
            return 1;
        }
        return 0;
    }

    private void OnKeepAliveTimer()
    {
        if (!_keepAlive || State is not (TcpState.Established or TcpState.CloseWait or TcpState.FinWait1 or TcpState.FinWait2))
        {
            return;
        }
        if (_keepAliveProbesSent >= KeepAliveProbes)
        {
            Counters.ConnectionTimeouts++;
            Terminate(TcpError.TimedOut);
            return;
        }
        _keepAliveProbesSent++;
        Counters.KeepAliveProbes++;
        // An old sequence number (SND.UNA - 1) and no data: the peer answers with an ACK, as to any unacceptable segment.
        Transmit(new TcpHeader { SequenceNumber = _sndUna - 1, AcknowledgmentNumber = _rcvNxt, Ack = true }, default);
        _keepAliveTimer.Arm(KeepAliveInterval);
    }

    /// <summary>RFC 6298 5.4 to 5.7 on expiry; a window probe when the peer's window is zero.</summary>
    private void OnRetransmitTimer()
    {
        if (State is TcpState.Closed or TcpState.TimeWait)
        {
            return;
        }
        if (_probeArmed)
        {
            _probeArmed = false;
            SendProbe();
            _retransmitTimer.Arm(_rto);   // the RTO still stands behind the probe
            return;
        }
        int limit = State is TcpState.SynSent or TcpState.SynReceived ? MaxSynRetransmissions : MaxRetransmissions;
        if (++_retransmissions > limit)
        {
            Counters.ConnectionTimeouts++;
            Terminate(TcpError.TimedOut);
            return;
        }
        _rto = Math.Min(_rto * 2, MaximumRto);   // RFC 6298 5.5: back off
        if (_sndWnd == 0 && _sndUna == _sndNxt && _send.Count > (int)(_sndNxt - _sendBufferSeq))
        {
            // A probe of one byte beyond the closed window; its ACK reopens the window (RFC 9293 3.8.6.1).
            Counters.WindowProbes++;
            SendData(_sndNxt, (int)(_sndNxt - _sendBufferSeq), 1);
            _retransmitTimer.Arm(_rto);
            return;
        }
        Counters.RetransmissionTimeouts++;
        if (State is TcpState.SynSent or TcpState.SynReceived)
        {
            RetransmitFirst();
            _retransmitTimer.Arm(_rto);
            return;
        }
        // RFC 5681 3.1 eqn 4 and the loss window: start again from one segment, from the first unacknowledged byte; what
        // follows goes again as ACKs open the window (go-back-N; the receiver keeps what it already has).
        _ssthresh = _congestion.OnLoss(_cwnd, FlightSize(), _mss, _layer.Now);
        _cwnd = (uint)_mss;
        _inRecovery = false;
        _recover = _sndMax;
        _recoverValid = true;
        _duplicateAcks = 0;
        _scoreboardCount = 0;   // after a timeout, start again from SND.UNA (RFC 6675 5.1: the receiver may have reneged)
        uint covered = RetransmitFirst();
        _highRxt = _sndUna + covered;
        _sndNxt = _sndUna + covered;
        if (_finSent && SequenceNumber.Gt(_finSeq, _sndNxt) || (_finSent && _finSeq == _sndNxt))
        {
            _finSent = false;   // the FIN goes again after the data before it
        }
        _retransmitTimer.Arm(_rto);
    }

    private void Advance()
    {
        if (SequenceNumber.Gt(_sndNxt, _sndMax))
        {
            _sndMax = _sndNxt;
        }
    }

    private void StartRetransmitTimer() => _retransmitTimer.Arm(_rto);
}
