namespace HeaderGen.Stack.Hosts;

/// <summary>Why a host dropped what it dropped, and what it delivered: every drop is counted somewhere.</summary>
public sealed class HostCounters
{
    /// <summary>Frames for another station's MAC address.</summary>
    public long LinkNotForUs { get; internal set; }

    /// <summary>Frames too short for an Ethernet header, or of an EtherType the host does not speak.</summary>
    public long LinkErrors { get; internal set; }

    /// <summary>IPv4 headers that did not parse (version, IHL, total length).</summary>
    public long IpHeaderErrors { get; internal set; }

    /// <summary>IPv4 headers whose checksum did not verify.</summary>
    public long IpBadChecksum { get; internal set; }

    /// <summary>IPv4 packets for an address that is not the host's (a host does not forward).</summary>
    public long IpWrongDestination { get; internal set; }

    /// <summary>IPv4 packets that arrived with a TTL of 0.</summary>
    public long IpTtlZero { get; internal set; }

    /// <summary>Packets with no route to their destination.</summary>
    public long IpNoRoute { get; internal set; }

    /// <summary>IPv4 packets delivered to a transport.</summary>
    public long IpDelivered { get; internal set; }

    /// <summary>IPv4 packets of a protocol the host does not speak.</summary>
    public long IpUnknownProtocol { get; internal set; }

    /// <summary>Datagrams larger than the MTU allows (no fragmentation).</summary>
    public long MessageTooLong { get; internal set; }

    /// <summary>UDP datagrams whose checksum did not verify.</summary>
    public long UdpBadChecksum { get; internal set; }

    /// <summary>UDP datagrams for a port no socket is bound to.</summary>
    public long UdpNoPort { get; internal set; }

    /// <summary>UDP datagrams sent.</summary>
    public long UdpSent { get; internal set; }

    /// <summary>UDP datagrams delivered to a socket buffer.</summary>
    public long UdpDelivered { get; internal set; }

    /// <summary>Datagrams dropped because a socket buffer was full.</summary>
    public long SocketBufferDrops { get; internal set; }

    /// <summary>Same-host deliveries that took the short-circuit.</summary>
    public long LocalDeliveries { get; internal set; }

    /// <summary>ARP requests sent.</summary>
    public long ArpRequestsSent { get; internal set; }

    /// <summary>ARP replies sent.</summary>
    public long ArpRepliesSent { get; internal set; }

    /// <summary>Packets dropped because their next hop never answered ARP, or its queue was full.</summary>
    public long ArpResolutionDrops { get; internal set; }

    /// <summary>ICMP messages whose checksum did not verify.</summary>
    public long IcmpBadChecksum { get; internal set; }

    /// <summary>Echo requests answered.</summary>
    public long EchoRequestsAnswered { get; internal set; }

    /// <summary>Echo replies received.</summary>
    public long EchoRepliesReceived { get; internal set; }

    /// <summary>Packets dropped because the TX ring was full.</summary>
    public long TxRingFullDrops { get; internal set; }
}
