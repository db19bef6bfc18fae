using System;
using HeaderGen.Protocols;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Tcp;

/// <summary>Segment arrival (RFC 9293 3.10.7): acceptability, RST, SYN, ACK, data (in order and parked out of order), FIN.</summary>
public sealed partial class TcpConnection
{
    /// <summary>Segment arrival for every state but LISTEN (RFC 9293 3.10.7.3 and 3.10.7.4).</summary>
    internal void OnSegment(in Segment segment)
    {
        if (_keepAlive)
        {
            _keepAliveProbesSent = 0;
            _keepAliveTimer.Arm(KeepAliveIdle);   // anything from the peer shows it is there
        }
        if (State == TcpState.SynSent)
        {
            OnSynSent(segment);
            return;
        }
        if (State == TcpState.SynReceived && segment.IsSyn && !segment.IsRst && segment.Seq == _irs)
        {
            if (!segment.IsAck)
            {
                SendSyn(ack: true);   // the peer's SYN again: our SYN,ACK was lost
                return;
            }
            // Simultaneous open (RFC 9293 figure 7): the peer's SYN,ACK repeats its SYN, whose sequence number the first
            // check would refuse; its ACK of our SYN is what counts, as Linux takes it.
            if (SequenceNumber.Lt(_sndUna, segment.Ack) && SequenceNumber.Le(segment.Ack, _sndNxt))
            {
                SetState(TcpState.Established);
                _sndWnd = PeerWindow(segment);
                _sndWl1 = segment.Seq;
                _sndWl2 = segment.Ack;
                Acknowledge(segment.Ack);
                SendAck();
                Output();
            }
            return;
        }
        // RFC 7323 5.3, PAWS: a segment whose timestamp is older than TS.Recent is an old duplicate.
        if (_timestamps && segment.HasTimestamp && !segment.IsRst && SequenceNumber.Lt(segment.TsVal, _tsRecent))
        {
            Counters.PawsRejected++;
            SendAck();
            return;
        }
        // First: the sequence number must fall in the window (a zero-length segment at RCV.NXT always does).
        if (!Acceptable(segment))
        {
            if (!segment.IsRst)
            {
                Counters.OutOfWindow++;
                SendAck();
                if (State == TcpState.TimeWait && segment.IsFin)
                {
                    // The peer's FIN again: it did not get our ACK. Say it again, and wait the full time again.
                    _timeWaitTimer.Arm(TimeWaitDuration);
                }
            }
            else
            {
                Counters.Ignored++;
            }
            return;
        }
        // RFC 7323 4.3: remember the timestamp of a segment that covers Last.ACK.sent, to echo it.
        if (_timestamps && segment.HasTimestamp && SequenceNumber.Le(segment.Seq, _lastAckSent) && SequenceNumber.Ge(segment.TsVal, _tsRecent))
        {
            _tsRecent = segment.TsVal;
        }
        // Second: RST. RFC 5961 3.2: only an exact RCV.NXT resets; elsewhere in the window it earns a challenge ACK.
        if (segment.IsRst)
        {
            if (segment.Seq != _rcvNxt)
            {
                ChallengeAck();
                return;
            }
            Counters.ResetsReceived++;
            if (State == TcpState.SynReceived && _listener is not null)
            {
                Terminate(TcpError.None);   // a passive open goes back to LISTEN: the listener still listens
                return;
            }
            Terminate(State is TcpState.Closing or TcpState.LastAck or TcpState.TimeWait ? TcpError.None : TcpError.Reset);
            return;
        }
        // Fourth: a SYN in a synchronized state (RFC 5961 4.2): a challenge ACK, whatever its sequence number.
        if (segment.IsSyn)
        {
            ChallengeAck();
            return;
        }
        // Fifth: ACK.
        if (!segment.IsAck)
        {
            Counters.Ignored++;
            return;
        }
        if (State == TcpState.SynReceived)
        {
            if (!(SequenceNumber.Lt(_sndUna, segment.Ack) && SequenceNumber.Le(segment.Ack, _sndNxt)))
            {
                _layer.ResetFor(LocalAddress, LocalPort, RemoteAddress, RemotePort, segment);
                return;
            }
            SetState(TcpState.Established);
            _sndWnd = PeerWindow(segment);
            _sndWl1 = segment.Seq;
            _sndWl2 = segment.Ack;
            if (_listener is not null)
            {
                _listener.HalfOpen--;
                if (!_listener.Enqueue(this))
                {
                    Counters.AcceptQueueDrops++;
                    Abort();
                    return;
                }
            }
        }
        if (!OnAck(segment))
        {
            return;
        }
        // Seventh: data, in the states that still receive.
        if (segment.Data.Length > 0 && State is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2)
        {
            OnData(segment);
        }
        // Eighth: FIN, once everything before it has arrived.
        if (segment.IsFin && !_finReceived && segment.Seq + (uint)segment.Data.Length == _rcvNxt)
        {
            OnFin();
        }
        if (State is TcpState.Established or TcpState.CloseWait or TcpState.FinWait1 or TcpState.LastAck or TcpState.Closing)
        {
            Output();
        }
    }

    /// <summary>RFC 9293 3.10.7.3, SYN-SENT.</summary>
    private void OnSynSent(in Segment segment)
    {
        bool ackAcceptable = segment.IsAck && SequenceNumber.Gt(segment.Ack, _iss) && SequenceNumber.Le(segment.Ack, _sndNxt);
        if (segment.IsAck && !ackAcceptable)
        {
            _layer.ResetFor(LocalAddress, LocalPort, RemoteAddress, RemotePort, segment);
            return;
        }
        if (segment.IsRst)
        {
            if (ackAcceptable)
            {
                Counters.ResetsReceived++;
                Terminate(TcpError.Refused);
            }
            else
            {
                Counters.Ignored++;
            }
            return;
        }
        if (!segment.IsSyn)
        {
            Counters.Ignored++;
            return;
        }
        _irs = segment.Seq;
        _rcvNxt = segment.Seq + 1;
        TakeSynOptions(segment);
        _cwnd = InitialWindow(_mss);
        _sndWnd = segment.Window;   // a SYN's window is never scaled
        _sndWl1 = segment.Seq;
        if (ackAcceptable)
        {
            _sndWl2 = segment.Ack;
            Acknowledge(segment.Ack);
            SetState(TcpState.Established);
            SendAck();
            Output();
            return;
        }
        // Simultaneous open: both SYNs crossed; answer with SYN,ACK and wait in SYN-RECEIVED.
        SetState(TcpState.SynReceived);
        SendSyn(ack: true);
    }

    /// <summary>RFC 9293 3.10.7.4, first check: the four cases of segment length and receive window.</summary>
    private bool Acceptable(in Segment segment)
    {
        uint window = (uint)ReceiveWindow();
        uint length = segment.Length;
        if (length == 0)
        {
            return window == 0 ? segment.Seq == _rcvNxt : SequenceNumber.InWindow(segment.Seq, _rcvNxt, window);
        }
        if (window == 0)
        {
            return false;
        }
        return SequenceNumber.InWindow(segment.Seq, _rcvNxt, window) || SequenceNumber.InWindow(segment.Seq + length - 1, _rcvNxt, window);
    }

    /// <summary>The ACK field (fifth check): what it acknowledges, the send window, and the state changes our FIN's ACK brings. False: drop the segment.</summary>
    private bool OnAck(in Segment segment)
    {
        if (SequenceNumber.Gt(segment.Ack, _sndMax))
        {
            // RFC 9293: an ACK of something not yet sent is answered with an ACK and dropped.
            Counters.AckOfUnsent++;
            SendAck();
            return false;
        }
        if (SequenceNumber.Gt(segment.Ack, _sndNxt))
        {
            _sndNxt = segment.Ack;   // after a timeout went back: the peer had more than the first segment sent again
        }
        bool newData = SequenceNumber.Gt(segment.Ack, _sndUna);
        bool duplicate = !newData && segment.Ack == _sndUna && segment.Data.Length == 0 && !segment.IsFin
            && PeerWindow(segment) == _sndWnd && _sndNxt != _sndUna;
        if (_sackPermitted && segment.SackCount > 0)
        {
            long before = SackedBytes();
            for (int i = 0; i < segment.SackCount; i++)
            {
                var (left, right) = segment.Sack[i];
                AddSacked(left, right);
            }
            // RFC 6675 2, DupAck: an ACK at SND.UNA that SACKs new data counts, whatever its window says.
            duplicate |= !newData && segment.Ack == _sndUna && _sndNxt != _sndUna && SackedBytes() > before;
        }
        if (newData)
        {
            Acknowledge(segment.Ack, segment.HasTimestamp ? segment.TsEcr : 0);
        }
        // The send window, from the newest segment (RFC 9293 3.10.7.4: SND.WL1 and SND.WL2).
        if (SequenceNumber.Lt(_sndWl1, segment.Seq) || (_sndWl1 == segment.Seq && SequenceNumber.Le(_sndWl2, segment.Ack)))
        {
            _sndWnd = PeerWindow(segment);
            _sndWl1 = segment.Seq;
            _sndWl2 = segment.Ack;
        }
        if (duplicate)
        {
            OnDuplicateAck();
        }
        if (_finSent && SequenceNumber.Gt(_sndUna, _finSeq))
        {
            switch (State)
            {
                case TcpState.FinWait1:
                    SetState(TcpState.FinWait2);
                    break;
                case TcpState.Closing:
                    EnterTimeWait();
                    return false;
                case TcpState.LastAck:
                    Terminate(TcpError.None);
                    return false;
            }
        }
        return true;
    }

    /// <summary>In-order data goes to the receive buffer; data after a gap waits in its free space until the gap fills.</summary>
    private void OnData(in Segment segment)
    {
        var data = segment.Data;
        uint seq = segment.Seq;
        if (SequenceNumber.Lt(seq, _rcvNxt))
        {
            int old = (int)(_rcvNxt - seq);   // already received: keep what is new
            data = old >= data.Length ? default : data[old..];
            seq = _rcvNxt;
        }
        int offset = (int)(seq - _rcvNxt);
        int room = _receive.Free - offset;
        if (room <= 0 || data.IsEmpty)
        {
            if (!data.IsEmpty)
            {
                Counters.ReceiveBufferDrops++;
            }
            SendAck();
            return;
        }
        if (data.Length > room)
        {
            Counters.ReceiveBufferDrops++;
            data = data[..room];
        }
        if (offset > 0)
        {
            Counters.OutOfOrderSegments++;
            if (!AddHole(seq, seq + (uint)data.Length))
            {
                Counters.ReceiveBufferDrops++;
                SendAck();
                return;
            }
            _receive.WriteAt(offset, data);
            SendAck();   // RFC 5681 4.2: an out-of-order segment is acknowledged at once (a duplicate ACK)
            return;
        }
        _receive.WriteAt(0, data);
        _receive.Commit(data.Length);
        _rcvNxt += (uint)data.Length;
        Counters.BytesReceived += data.Length;
        bool filledGap = MergeHoles();
        // RFC 9293 3.8.6.3 and RFC 5681 4.2: ACK at least every second full segment, at once when a gap filled; else delay.
        if (filledGap || ++_unackedSegments >= 2 || segment.IsFin)
        {
            SendAck();
        }
        else if (!_delayedAckTimer.IsArmed)
        {
            _delayedAckTimer.Arm(DelayedAckTimeout);
        }
    }

    /// <summary>
    /// Takes every range of <paramref name="ranges"/> that touches [<paramref name="start"/>, <paramref name="end"/>) out
    /// of the table and widens the new range over it: what the receiver's out-of-order ranges and the sender's SACK
    /// scoreboard both do before they add a range, so that their ranges stay disjoint.
    /// </summary>
    private static void MergeTouching((uint Start, uint End)[] ranges, ref int count, ref uint start, ref uint end)
    {
        for (int i = 0; i < count; i++)
        {
            var (s, e) = ranges[i];
            if (SequenceNumber.Le(start, e) && SequenceNumber.Ge(end, s))
            {
                start = SequenceNumber.Lt(start, s) ? start : s;
                end = SequenceNumber.Gt(end, e) ? end : e;
                ranges[i--] = ranges[--count];
            }
        }
    }

    /// <summary>Records out-of-order data [start, end) (merging overlaps); false when the table of ranges is full.</summary>
    private bool AddHole(uint start, uint end)
    {
        // Merge every range the new one touches into it, so that the ranges (and the SACK blocks) stay disjoint.
        MergeTouching(_holes, ref _holeCount, ref start, ref end);
        if (_holeCount == _holes.Length)
        {
            return false;
        }
        _holes[_holeCount++] = (start, end);
        _lastSackStart = start;
        return true;
    }

    /// <summary>Takes into the in-order data every parked range that now starts at or before RCV.NXT; true when one did.</summary>
    private bool MergeHoles()
    {
        bool merged = false;
        for (bool again = true; again;)
        {
            again = false;
            for (int i = 0; i < _holeCount; i++)
            {
                var (s, e) = _holes[i];
                if (SequenceNumber.Le(s, _rcvNxt))
                {
                    if (SequenceNumber.Gt(e, _rcvNxt))
                    {
                        int gained = (int)(e - _rcvNxt);
                        _receive.Commit(gained);
                        _rcvNxt = e;
                        Counters.BytesReceived += gained;
                    }
                    _holes[i] = _holes[--_holeCount];
                    merged = again = true;
                    break;
                }
            }
        }
        return merged;
    }

    /// <summary>Eighth check: the peer's FIN, in order. It takes one sequence number and moves the state on.</summary>
    private void OnFin()
    {
        _finReceived = true;
        _rcvNxt++;
        SendAck();
        switch (State)
        {
            case TcpState.SynReceived:
            case TcpState.Established:
                SetState(TcpState.CloseWait);
                break;
            case TcpState.FinWait1:
                SetState(TcpState.Closing);   // our FIN is not acknowledged yet (else OnAck took us to FIN-WAIT-2)
                break;
            case TcpState.FinWait2:
                EnterTimeWait();
                break;
        }
    }

    private void EnterTimeWait()
    {
        SetState(TcpState.TimeWait);
        _retransmitTimer.Disarm();
        _timeWaitTimer.Arm(TimeWaitDuration);
    }

    /// <summary>RFC 5961: an ACK of what we expect, rate-limited host-wide.</summary>
    private void ChallengeAck()
    {
        if (_layer.MayChallenge())
        {
            Counters.ChallengeAcks++;
            SendAck();
        }
        else
        {
            Counters.Ignored++;
        }
    }
}
