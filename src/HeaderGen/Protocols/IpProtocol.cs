namespace HeaderGen.Protocols;

/// <summary>
/// The IPv4 protocol / IPv6 next-header field (IANA "Assigned Internet Protocol Numbers"). Values not named here
/// are kept as they are.
/// </summary>
public enum IpProtocol : byte
{
    /// <summary>Internet Control Message Protocol (RFC 792).</summary>
    Icmp = 1,

    /// <summary>Internet Group Management Protocol (RFC 1112).</summary>
    Igmp = 2,

    /// <summary>Transmission Control Protocol (RFC 9293).</summary>
    Tcp = 6,

    /// <summary>User Datagram Protocol (RFC 768).</summary>
    Udp = 17,

    /// <summary>Generic Routing Encapsulation (RFC 2784).</summary>
    Gre = 47,

    /// <summary>IP Authentication Header (RFC 4302).</summary>
    Ah = 51,

    /// <summary>ICMP for IPv6 (RFC 4443).</summary>
    IcmpV6 = 58,

    /// <summary>Stream Control Transmission Protocol (RFC 9260).</summary>
    Sctp = 132,
}
