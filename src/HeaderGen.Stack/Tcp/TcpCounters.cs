namespace HeaderGen.Stack.Tcp;

/// <summary>
/// A host's TCP counters, as <c>netstat -s</c> and <c>nstat</c> show Linux's: segments in and out, retransmissions,
/// duplicate ACKs, out-of-order data, timeouts, resets, and each drop by its reason.
/// </summary>
public sealed class TcpCounters
{
    /// <summary>Segments handed to a connection or listener (every received segment that passed the header and checksum checks and found one).</summary>
    public long SegmentsReceived { get; internal set; }

    /// <summary>Segments sent, retransmissions included.</summary>
    public long SegmentsSent { get; internal set; }

    /// <summary>Segments sent again: after a timeout, a fast retransmit or a partial ACK in recovery.</summary>
    public long Retransmissions { get; internal set; }

    /// <summary>Fast retransmits after three duplicate ACKs (RFC 5681 3.2).</summary>
    public long FastRetransmits { get; internal set; }

    /// <summary>Retransmission timer expiries (RFC 6298 5.4).</summary>
    public long RetransmissionTimeouts { get; internal set; }

    /// <summary>Duplicate ACKs received.</summary>
    public long DuplicateAcks { get; internal set; }

    /// <summary>Segments whose data arrived ahead of a gap and waited in the receive buffer.</summary>
    public long OutOfOrderSegments { get; internal set; }

    /// <summary>Data bytes delivered in order to receive buffers.</summary>
    public long BytesReceived { get; internal set; }

    /// <summary>Data bytes acknowledged by peers.</summary>
    public long BytesAcknowledged { get; internal set; }

    /// <summary>Resets sent (to segments for no connection, and aborts).</summary>
    public long ResetsSent { get; internal set; }

    /// <summary>Resets received that closed a connection.</summary>
    public long ResetsReceived { get; internal set; }

    /// <summary>Challenge ACKs sent for a RST or SYN inside the window but not exact (RFC 5961 3, 4).</summary>
    public long ChallengeAcks { get; internal set; }

    /// <summary>Tail-loss probes sent (RFC 8985 7).</summary>
    public long TailLossProbes { get; internal set; }

    /// <summary>Rescue retransmissions in SACK recovery (RFC 6675 4, NextSeg rule 4): the last segment not SACKed, once a recovery; also counted in <see cref="Retransmissions"/>.</summary>
    public long RescueRetransmissions { get; internal set; }

    /// <summary>Keep-alive probes sent.</summary>
    public long KeepAliveProbes { get; internal set; }

    /// <summary>Window probes sent while the peer's window was zero.</summary>
    public long WindowProbes { get; internal set; }

    /// <summary>Dropped: the TCP header did not parse or its data offset runs past the segment.</summary>
    public long HeaderErrors { get; internal set; }

    /// <summary>Dropped: the checksum over the pseudo-header and segment did not verify.</summary>
    public long BadChecksum { get; internal set; }

    /// <summary>Segments for no connection and no listener (answered by a reset unless they were one).</summary>
    public long NoSocket { get; internal set; }

    /// <summary>Dropped: outside the receive window (RFC 9293 3.10.7.4, first check; answered by an ACK).</summary>
    public long OutOfWindow { get; internal set; }

    /// <summary>Dropped by PAWS (RFC 7323 5): a timestamp older than the connection's most recent (answered by an ACK).</summary>
    public long PawsRejected { get; internal set; }

    /// <summary>Dropped: an ACK for data not yet sent (answered by an ACK).</summary>
    public long AckOfUnsent { get; internal set; }

    /// <summary>Dropped: data beyond what the receive buffer can hold.</summary>
    public long ReceiveBufferDrops { get; internal set; }

    /// <summary>SYNs dropped because a listener's half-open queue was full (a SYN flood).</summary>
    public long SynQueueDrops { get; internal set; }

    /// <summary>Handshakes completed but dropped because a listener's accept queue was full.</summary>
    public long AcceptQueueDrops { get; internal set; }

    /// <summary>Connections that ended after too many unanswered retransmissions.</summary>
    public long ConnectionTimeouts { get; internal set; }

    /// <summary>Other segments a state ignores (no ACK bit where one is required, a SYN-SENT segment without SYN, ...).</summary>
    public long Ignored { get; internal set; }

    /// <summary>The receive outcomes: each segment TCP was handed moves exactly one of these.</summary>
    public long ReceiveOutcomes => SegmentsReceived + HeaderErrors + BadChecksum + NoSocket;
}
