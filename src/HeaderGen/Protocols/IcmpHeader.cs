namespace HeaderGen.Protocols;

/// <summary>ICMP message types (RFC 792; IANA "ICMP Type Numbers").</summary>
public enum IcmpType : byte
{
    /// <summary>Echo reply (ping answer).</summary>
    EchoReply = 0,

    /// <summary>Destination unreachable; the payload quotes the offending header and 8 bytes of its data.</summary>
    DestinationUnreachable = 3,

    /// <summary>Redirect.</summary>
    Redirect = 5,

    /// <summary>Echo request (ping).</summary>
    EchoRequest = 8,

    /// <summary>Time exceeded; the payload quotes the offending header and 8 bytes of its data.</summary>
    TimeExceeded = 11,

    /// <summary>Parameter problem.</summary>
    ParameterProblem = 12,
}

/// <summary>Codes of <see cref="IcmpType.DestinationUnreachable"/> (RFC 792, RFC 1191).</summary>
public enum IcmpUnreachableCode : byte
{
    /// <summary>Net unreachable: no route.</summary>
    Net = 0,

    /// <summary>Host unreachable.</summary>
    Host = 1,

    /// <summary>Protocol unreachable.</summary>
    Protocol = 2,

    /// <summary>Port unreachable.</summary>
    Port = 3,

    /// <summary>Fragmentation needed and DF set; the rest of the header holds the next-hop MTU.</summary>
    FragmentationNeeded = 4,
}

/// <summary>
/// The ICMP header (RFC 792): type, code, checksum over the whole message, and four bytes whose meaning depends on
/// the type (identifier and sequence number for echo, the next-hop MTU for fragmentation needed, unused otherwise).
/// </summary>
[Header("ICMP"), BindsTo(Ipv4Header.ProtocolTable, (ulong)IpProtocol.Icmp)]
public partial struct IcmpHeader
{
    /// <summary>The message type.</summary>
    public IcmpType Type;

    /// <summary>The code within the type.</summary>
    public byte Code;

    /// <summary>The Internet checksum of the ICMP message, header and data.</summary>
    [InternetChecksum(ChecksumCoverage.HeaderAndPayload)] public ushort Checksum;

    /// <summary>The type-dependent second word.</summary>
    public uint RestOfHeader;
}

/// <summary>An ICMP echo request or reply (RFC 792): the ICMP header with its second word as identifier and sequence number.</summary>
[Header("ICMP echo")]
public partial struct IcmpEchoMessage
{
    /// <summary><see cref="IcmpType.EchoRequest"/> or <see cref="IcmpType.EchoReply"/>.</summary>
    public IcmpType Type;

    /// <summary>Zero.</summary>
    public byte Code;

    /// <summary>The Internet checksum of the ICMP message, header and data.</summary>
    [InternetChecksum(ChecksumCoverage.HeaderAndPayload)] public ushort Checksum;

    /// <summary>Matches replies to requests (ping uses its process id).</summary>
    public ushort Identifier;

    /// <summary>Counts the requests.</summary>
    public ushort SequenceNumber;
}
