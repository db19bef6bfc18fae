namespace HeaderGen.Stack.Hosts;

/// <summary>Why a host dropped what it dropped, and what it delivered: every drop is counted somewhere.</summary>
public sealed class HostCounters
{
    /// <summary>Frames the NICs handed up to the host; each ends in exactly one of the receive outcomes (see <see cref="ReceiveOutcomes"/>).</summary>
    public long FramesReceived { get; internal set; }

    /// <summary>ARP packets for one of the host's addresses (learned from; requests answered).</summary>
    public long ArpForUs { get; internal set; }

    /// <summary>ARP packets for another address (at most an existing entry refreshed).</summary>
    public long ArpNotForUs { get; internal set; }

    /// <summary>ARP packets that did not parse, or were not Ethernet/IPv4 requests or replies.</summary>
    public long ArpMalformed { get; internal set; }

    /// <summary>Packets that waited for ARP and went out when it resolved.</summary>
    public long ArpQueuedSent { get; internal set; }

    /// <summary>UDP headers that did not parse or whose length does not fit the packet.</summary>
    public long UdpHeaderErrors { get; internal set; }

    /// <summary>Echo requests whose reply could not be sent (no route, too long for the MTU, TX ring full).</summary>
    public long EchoReplyFailed { get; internal set; }

    /// <summary>ICMP messages other than echo: errors (time exceeded, unreachable) and types the host does not act on.</summary>
    public long IcmpOtherReceived { get; internal set; }

    /// <summary>Fragments held for reassembly (their datagram was not yet whole).</summary>
    public long FragmentsQueued { get; internal set; }

    /// <summary>Fragments dropped as exact duplicates of one already held.</summary>
    public long FragmentDuplicates { get; internal set; }

    /// <summary>Fragments that overlapped another, or disagreed on the datagram's end: their datagram was discarded.</summary>
    public long FragmentOverlaps { get; internal set; }

    /// <summary>Fragments that break RFC 791's rules (not a multiple of 8 bytes before the last, past 65,535 bytes).</summary>
    public long FragmentErrors { get; internal set; }

    /// <summary>Datagrams put back together from fragments.</summary>
    public long ReassembledDatagrams { get; internal set; }

    /// <summary>Datagrams given up because their fragments did not all come within the reassembly timeout.</summary>
    public long ReassemblyTimeouts { get; internal set; }

    /// <summary>Datagrams discarded because of an overlapping or inconsistent fragment.</summary>
    public long ReassemblyOverlaps { get; internal set; }

    /// <summary>Datagrams in reassembly evicted, oldest first, to make room under the limits.</summary>
    public long ReassemblyEvictions { get; internal set; }

    /// <summary>Datagrams this node cut into fragments (its own, or forwarded ones with DF clear).</summary>
    public long DatagramsFragmented { get; internal set; }

    /// <summary>Fragments sent.</summary>
    public long FragmentsSent { get; internal set; }

    /// <summary>Same-host sends dropped: no socket on the port, or its buffer full.</summary>
    public long LocalDrops { get; internal set; }
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

    /// <summary>Datagrams the host would send that are longer than IPv4 allows (65,535 bytes with the header).</summary>
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

    /// <summary>The sum of the receive outcomes: each received frame moves exactly one of these (forwarding outcomes are per interface).</summary>
    public long ReceiveOutcomes =>
        LinkNotForUs + LinkErrors + ArpForUs + ArpNotForUs + ArpMalformed
        + IpHeaderErrors + IpBadChecksum + IpWrongDestination + IpTtlZero + IpUnknownProtocol
        + UdpHeaderErrors + UdpBadChecksum + UdpNoPort + SocketBufferDrops + UdpDelivered
        + IcmpBadChecksum + EchoRequestsAnswered + EchoReplyFailed + EchoRepliesReceived + IcmpOtherReceived
        + FragmentsQueued + FragmentDuplicates + FragmentOverlaps + FragmentErrors;
}
