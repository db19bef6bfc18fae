namespace HeaderGen.Protocols;

/// <summary>
/// The Ethernet II type field (IEEE 802.3, 3.2.6; IANA "IEEE 802 Numbers"). Values not named here are kept as they
/// are, so an unknown type reads and writes back unchanged.
/// </summary>
public enum EtherType : ushort
{
    /// <summary>Internet Protocol version 4 (RFC 894).</summary>
    Ipv4 = 0x0800,

    /// <summary>Address Resolution Protocol (RFC 826).</summary>
    Arp = 0x0806,

    /// <summary>Transparent Ethernet Bridging: a whole Ethernet frame (GRE, Geneve; RFC 1701).</summary>
    TransparentEthernetBridging = 0x6558,

    /// <summary>IEEE 802.1Q VLAN tag.</summary>
    Vlan = 0x8100,

    /// <summary>Internet Protocol version 6 (RFC 2464).</summary>
    Ipv6 = 0x86DD,

    /// <summary>MPLS unicast (RFC 3032, 5).</summary>
    Mpls = 0x8847,

    /// <summary>MPLS multicast (RFC 5332).</summary>
    MplsMulticast = 0x8848,

    /// <summary>IEEE 802.1ad service VLAN tag (Q-in-Q).</summary>
    QinQ = 0x88A8,

    /// <summary>IEEE 802 local experimental EtherType 1.</summary>
    LocalExperimental1 = 0x88B5,

    /// <summary>IEEE 802 local experimental EtherType 2.</summary>
    LocalExperimental2 = 0x88B6,
}
