using System;
using HeaderGen.Protocols;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Tcp;

/// <summary>What an ACK acknowledges, and loss recovery: RTT and RTO (RFC 6298), entering and leaving NewReno and SACK recovery (RFC 6582, 6675; SACK's scoreboard and segment choice are in <c>TcpConnection.Sack.cs</c>), tail-loss probes, the retransmission and keep-alive timers.</summary>
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
        if (_sackPermitted)
        {
            // RFC 6675 5 step (4): the first segment presumed lost goes again, up to the next SACKed byte as NextSeg's
            // segments do (a receiver may SACK part of one), then cwnd = ssthresh, HighRxt and RescueRxt at its end,
            // and the pipe decides what goes next.
            uint high = HighSacked();
            if (SequenceNumber.Gt(high, _sndUna))
            {
                RetransmitHole(_sndUna, high);
            }
            else
            {
                _highRxt = _sndUna + RetransmitFirst();
            }
            _rescueRxt = _highRxt;
            _cwnd = _ssthresh;
            SackRecovery();
            return;
        }
        _highRxt = _sndUna + RetransmitFirst();
        _cwnd = _ssthresh + DuplicateAckThreshold * (uint)_mss;
    }

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
