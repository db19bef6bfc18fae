using System;

namespace HeaderGen.Stack.Tcp;

/// <summary>
/// SACK-based loss recovery (RFC 6675): the scoreboard of SACKed ranges, IsLost, SetPipe and NextSeg's four rules, and
/// the rescue retransmission. Entering and leaving recovery is in <c>TcpConnection.Recovery.cs</c>.
/// </summary>
public sealed partial class TcpConnection
{
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
        MergeTouching(_scoreboard, ref _scoreboardCount, ref start, ref end);
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
}
