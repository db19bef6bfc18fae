namespace HeaderGen.Protocols;

/// <summary>ICMPv6 message types (RFC 4443 2.1, RFC 4861 4; IANA "ICMPv6 Type Numbers"): errors below 128, informational from 128.</summary>
public enum Icmpv6Type : byte
{
    /// <summary>Destination unreachable (RFC 4443 3.1).</summary>
    DestinationUnreachable = 1,

    /// <summary>Packet too big (RFC 4443 3.2): the second word is the next-hop MTU.</summary>
    PacketTooBig = 2,

    /// <summary>Time exceeded (RFC 4443 3.3).</summary>
    TimeExceeded = 3,

    /// <summary>Parameter problem (RFC 4443 3.4): the second word points at the offending byte.</summary>
    ParameterProblem = 4,

    /// <summary>Echo request (RFC 4443 4.1).</summary>
    EchoRequest = 128,

    /// <summary>Echo reply (RFC 4443 4.2).</summary>
    EchoReply = 129,

    /// <summary>Router solicitation (RFC 4861 4.1).</summary>
    RouterSolicitation = 133,

    /// <summary>Router advertisement (RFC 4861 4.2).</summary>
    RouterAdvertisement = 134,

    /// <summary>Neighbor solicitation (RFC 4861 4.3): IPv6's ARP request.</summary>
    NeighborSolicitation = 135,

    /// <summary>Neighbor advertisement (RFC 4861 4.4): IPv6's ARP reply.</summary>
    NeighborAdvertisement = 136,

    /// <summary>Redirect (RFC 4861 4.5).</summary>
    Redirect = 137,
}

/// <summary>
/// The ICMPv6 header (RFC 4443 2.1): type, code, and a checksum over the IPv6 pseudo-header and the whole message,
/// then a second word whose meaning depends on the type (identifier and sequence number for echo, the MTU for packet
/// too big, a pointer for parameter problem, reserved or flags otherwise). Unlike ICMP for IPv4, the checksum covers
/// the pseudo-header (RFC 4443 2.3), and a zero is as wrong as any other bad value.
/// </summary>
[Header("ICMPv6"), BindsTo(Ipv6Header.NextHeaderTable, (ulong)IpProtocol.IcmpV6)]
public partial struct Icmpv6Header
{
    /// <summary>The message type.</summary>
    public Icmpv6Type Type;

    /// <summary>The code within the type.</summary>
    public byte Code;

    /// <summary>The Internet checksum of the IPv6 pseudo-header (next header 58) and the ICMPv6 message.</summary>
    [InternetChecksum(ChecksumCoverage.HeaderAndPayload, PseudoHeader = typeof(Ipv6PseudoHeader))] public ushort Checksum;

    /// <summary>The type-dependent second word.</summary>
    public uint RestOfHeader;
}
