namespace HeaderGen.Protocols;

/// <summary>The TCP header (RFC 9293, 3.1): 20 bytes plus up to 40 bytes of options.</summary>
[Header("TCP"), BindsTo(Ipv4Header.ProtocolTable, (ulong)IpProtocol.Tcp)]
[BindsTo(Ipv6Header.NextHeaderTable, (ulong)IpProtocol.Tcp)]
public partial struct TcpHeader
{
    /// <summary>The sender's port.</summary>
    [NextLayer(PortTable, Order = 1)] public ushort SourcePort;

    /// <summary>The receiver's port.</summary>
    [NextLayer(PortTable)] public ushort DestinationPort;

    /// <summary>The sequence number of the first data byte (or the ISN when SYN is set).</summary>
    public uint SequenceNumber;

    /// <summary>The next sequence number the sender expects, when ACK is set.</summary>
    public uint AcknowledgmentNumber;

    /// <summary>Header length in 32-bit words, options included (5 to 15).</summary>
    [Bits(4), HeaderLength(4)] public byte DataOffset;

    /// <summary>Reserved bits; must be zero.</summary>
    [Bits(4)] public byte Reserved;

    /// <summary>CWR: congestion window reduced (RFC 3168).</summary>
    [Bits(1)] public bool Cwr;

    /// <summary>ECE: ECN echo (RFC 3168).</summary>
    [Bits(1)] public bool Ece;

    /// <summary>URG: the urgent pointer is significant.</summary>
    [Bits(1)] public bool Urg;

    /// <summary>ACK: the acknowledgment number is significant.</summary>
    [Bits(1)] public bool Ack;

    /// <summary>PSH: push function.</summary>
    [Bits(1)] public bool Psh;

    /// <summary>RST: reset the connection.</summary>
    [Bits(1)] public bool Rst;

    /// <summary>SYN: synchronize sequence numbers.</summary>
    [Bits(1)] public bool Syn;

    /// <summary>FIN: no more data from the sender.</summary>
    [Bits(1)] public bool Fin;

    /// <summary>The number of bytes the sender is willing to receive (before window scaling).</summary>
    public ushort Window;

    /// <summary>The Internet checksum over the pseudo-header, header and data.</summary>
    [InternetChecksum(ChecksumCoverage.HeaderAndPayload, PseudoHeaders = new[] { typeof(Ipv4PseudoHeader), typeof(Ipv6PseudoHeader) })]
    public ushort Checksum;

    /// <summary>Offset of the last urgent byte from the sequence number, when URG is set.</summary>
    public ushort UrgentPointer;

    /// <summary>The binding table of TCP ports; the destination port is tried first, then the source port.</summary>
    public const string PortTable = "tcp.port";
}
