using System;
using HeaderGen.Protocols;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Tcp;

/// <summary>The send path: what the windows allow (Nagle, probes), SYNs with their options, ACKs with SACK blocks, timestamps and windows on every segment.</summary>
public sealed partial class TcpConnection
{
    /// <summary>
    /// Sends what the windows allow: new data in segments of at most one MSS within min(SND.WND, cwnd), holding back a
    /// small segment while data is unacknowledged (Nagle, unless <see cref="NoDelay"/>), then our FIN once the data has
    /// gone; a window probe when the peer's window is zero.
    /// </summary>
    private void Output()
    {
        if (State is not (TcpState.Established or TcpState.CloseWait or TcpState.FinWait1 or TcpState.LastAck or TcpState.Closing))
        {
            return;
        }
        while (true)
        {
            int sent = (int)(_sndNxt - _sendBufferSeq);
            int unsent = _send.Count - sent;
            if (unsent <= 0)
            {
                break;
            }
            // The receiver's window counts from SND.UNA, SACKed data included; in SACK recovery the pipe, not the
            // flight, is what cwnd limits (RFC 6675 5 (C)).
            long window = Math.Min((long)_sndWnd - FlightSize(), _inRecovery && _sackPermitted ? _cwnd - Pipe() : (long)_cwnd - FlightSize());
            if (window <= 0)
            {
                if (_sndWnd == 0 && _sndUna == _sndNxt && !_retransmitTimer.IsArmed)
                {
                    _retransmitTimer.Arm(_rto);   // the persist timer: probe the zero window
                }
                break;
            }
            int length = (int)Math.Min(Math.Min(unsent, _mss), window);
            if (length < _mss && _sndNxt != _sndUna && !NoDelay && !(_finQueued && length == unsent))
            {
                break;   // Nagle (RFC 9293 3.7.4): one small segment in flight at a time
            }
            SendData(_sndNxt, sent, length);
            _sndNxt += (uint)length;
            Advance();
        }
        if (_finQueued && !_finSent && (int)(_sndNxt - _sendBufferSeq) == _send.Count)
        {
            _finSeq = _sndNxt;
            _finSent = true;
            SendFin();
            _sndNxt++;
            Advance();
        }
        if (_sndNxt != _sndUna && !_retransmitTimer.IsArmed)
        {
            ArmLossTimer();
        }
    }

    /// <summary>Sends <paramref name="length"/> bytes from the send buffer's <paramref name="offset"/> as sequence <paramref name="seq"/>.</summary>
    private void SendData(uint seq, int offset, int length)
    {
        var data = _layer.Scratch(length);
        _send.CopyTo(offset, data);
        if (_rttStart < 0 && seq == _sndNxt)
        {
            _rttSeq = seq + (uint)length;
            _rttStart = _layer.Now;
        }
        bool push = offset + length == _send.Count;
        Transmit(new TcpHeader { SequenceNumber = seq, AcknowledgmentNumber = _rcvNxt, Ack = true, Psh = push }, data);
    }

    private void SendSyn(bool ack)
    {
        // MSS (RFC 9293 3.2), and window scale (RFC 7323 2.2: NOP then kind 3), offered in a SYN, answered in a SYN,ACK
        // only when the peer's SYN offered it.
        // SACK-permitted (RFC 2018 2, with two NOPs) likewise.
        Span<byte> options = stackalloc byte[24];
        int length = 0;
        options[length++] = 2;
        options[length++] = 4;
        options[length++] = (byte)(_localMss >> 8);
        options[length++] = (byte)_localMss;
        bool active = State == TcpState.SynSent;
        if (active || _scaling)
        {
            options[length++] = 1;
            options[length++] = 3;
            options[length++] = 3;
            options[length++] = (byte)_rcvScale;
        }
        if (active || _sackPermitted)
        {
            options[length++] = 1;
            options[length++] = 1;
            options[length++] = 4;
            options[length++] = 2;
        }
        if (active || _timestamps)
        {
            // RFC 7323 3.2: TSval, and in a SYN,ACK the peer's TSval echoed.
            WriteTimestamp(options[length..], ack ? _tsRecent : 0);
            length += TimestampOptionLength;
        }
        Transmit(new TcpHeader { SequenceNumber = _iss, AcknowledgmentNumber = ack ? _rcvNxt : 0, Syn = true, Ack = ack }, default, options[..length]);
    }

    /// <summary>Our FIN, at its own sequence number (first time or again).</summary>
    private void SendFin() => Transmit(new TcpHeader { SequenceNumber = _finSeq, AcknowledgmentNumber = _rcvNxt, Ack = true, Fin = true }, default);

    /// <summary>The send buffer's bytes sent before <paramref name="limit"/>: the sequence space from its first byte, less our FIN if it is in there.</summary>
    private int DataSentBefore(uint limit) =>
        (int)Math.Min((uint)_send.Count, limit - _sendBufferSeq - (_finSent && SequenceNumber.Lt(_finSeq, limit) ? 1u : 0u));

    private void SendAck()
    {
        _unackedSegments = 0;
        _delayedAckTimer.Disarm();
        if (!_sackPermitted || _holeCount == 0)
        {
            Transmit(new TcpHeader { SequenceNumber = _sndNxt, AcknowledgmentNumber = _rcvNxt, Ack = true }, default);
            return;
        }
        // RFC 2018 4: up to four blocks of data held beyond a gap, the one with the latest segment first.
        Span<byte> options = stackalloc byte[2 + 2 + 4 * 8];
        options[0] = 1;
        options[1] = 1;
        options[2] = 5;
        int blocks = 0;
        int first = 0;
        for (int i = 0; i < _holeCount; i++)
        {
            if (_holes[i].Start == _lastSackStart)
            {
                first = i;
            }
        }
        for (int k = 0; k < _holeCount && blocks < (_timestamps ? 3 : 4); k++)   // with timestamps, three fit in 40 bytes
        {
            var (start, end) = _holes[(first + k) % _holeCount];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(options[(4 + 8 * blocks)..], start);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(options[(8 + 8 * blocks)..], end);
            blocks++;
        }
        options[3] = (byte)(2 + 8 * blocks);
        Transmit(new TcpHeader { SequenceNumber = _sndNxt, AcknowledgmentNumber = _rcvNxt, Ack = true }, default, options[..(4 + 8 * blocks)]);
    }

    private void WriteTimestamp(Span<byte> destination, uint echo)
    {
        destination[0] = 1;
        destination[1] = 1;
        destination[2] = 8;
        destination[3] = 10;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(destination[4..], TsClock());
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(destination[8..], echo);
    }

    private void Transmit(TcpHeader header, ReadOnlySpan<byte> data, ReadOnlySpan<byte> options = default)
    {
        header.SourcePort = LocalPort;
        header.DestinationPort = RemotePort;
        Span<byte> combined = stackalloc byte[40];
        scoped ReadOnlySpan<byte> all = options;
        if (_timestamps && !header.Syn && !header.Rst)
        {
            // RFC 7323 3.2: every segment but a reset carries the timestamps option once it is on, first.
            WriteTimestamp(combined, _tsRecent);
            options.CopyTo(combined[TimestampOptionLength..]);
            all = combined[..(TimestampOptionLength + options.Length)];
        }
        if (header.Ack)
        {
            _lastAckSent = header.AcknowledgmentNumber;
        }
        if (!header.Rst)
        {
            // RFC 7323 2.2: a SYN's window is never scaled; later ones are, once both sides agreed.
            int shift = header.Syn || !_scaling ? 0 : _rcvScale;
            int window = Math.Min(ReceiveWindow() >> shift, ushort.MaxValue);
            header.Window = (ushort)window;
            _advertisedWindow = window << shift;
        }
        if (header.Ack)
        {
            _unackedSegments = 0;
            _delayedAckTimer.Disarm();
        }
        _layer.Send(RemoteAddress, header, all, data);
    }

    /// <summary>The receive window in bytes: the buffer's free space, at most what the window field can say.</summary>
    private int ReceiveWindow() => Math.Min(_receive.Free, ushort.MaxValue << (_scaling ? _rcvScale : 0));
}
