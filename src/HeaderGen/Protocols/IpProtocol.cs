namespace HeaderGen.Protocols;

/// <summary>
/// The IPv4 protocol / IPv6 next-header field (IANA "Assigned Internet Protocol Numbers"). Values not named here
/// are kept as they are.
/// </summary>
public enum IpProtocol : byte
{
    /// <summary>IPv6 Hop-by-Hop Options (RFC 8200 4.3; IANA's HOPOPT). Also <c>default</c>: a builder fills a zero field from the layer above.</summary>
    HopByHopOptions = 0,

    /// <summary>Internet Control Message Protocol (RFC 792).</summary>
    Icmp = 1,

    /// <summary>Internet Group Management Protocol (RFC 1112).</summary>
    Igmp = 2,

    /// <summary>IPv4 encapsulated in IP (RFC 2003).</summary>
    Ipv4 = 4,

    /// <summary>Transmission Control Protocol (RFC 9293).</summary>
    Tcp = 6,

    /// <summary>User Datagram Protocol (RFC 768).</summary>
    Udp = 17,

    /// <summary>IPv6 encapsulated in IP (RFC 2473, RFC 4213).</summary>
    Ipv6 = 41,

    /// <summary>IPv6 Routing header (RFC 8200 4.4).</summary>
    Ipv6Routing = 43,

    /// <summary>IPv6 Fragment header (RFC 8200 4.5).</summary>
    Ipv6Fragment = 44,

    /// <summary>Generic Routing Encapsulation (RFC 2784).</summary>
    Gre = 47,

    /// <summary>Encapsulating Security Payload (RFC 4303).</summary>
    Esp = 50,

    /// <summary>IP Authentication Header (RFC 4302).</summary>
    Ah = 51,

    /// <summary>ICMP for IPv6 (RFC 4443).</summary>
    IcmpV6 = 58,

    /// <summary>No next header (RFC 8200 4.7): nothing follows the IPv6 header or extension header.</summary>
    Ipv6NoNextHeader = 59,

    /// <summary>IPv6 Destination Options (RFC 8200 4.6).</summary>
    Ipv6DestinationOptions = 60,

    /// <summary>Stream Control Transmission Protocol (RFC 9260).</summary>
    Sctp = 132,
}
