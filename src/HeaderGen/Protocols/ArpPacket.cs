namespace HeaderGen.Protocols;

/// <summary>ARP operation codes (RFC 826; IANA "ARP Parameters").</summary>
public enum ArpOperation : ushort
{
    /// <summary>Who has this protocol address?</summary>
    Request = 1,

    /// <summary>This protocol address is at this hardware address.</summary>
    Reply = 2,
}

/// <summary>
/// An ARP packet for IPv4 over Ethernet (RFC 826): 28 bytes, with the hardware and protocol address lengths fixed
/// at 6 and 4.
/// </summary>
[Header("ARP"), BindsTo(EthernetHeader.EtherTypeTable, (ulong)EtherType.Arp)]
public partial struct ArpPacket
{
    /// <summary>Ethernet hardware addresses (RFC 826; IANA hardware type 1).</summary>
    public const ushort EthernetHardware = 1;

    /// <summary>The hardware type: 1 for Ethernet.</summary>
    public ushort HardwareType;

    /// <summary>The protocol whose addresses are resolved: IPv4.</summary>
    public EtherType ProtocolType;

    /// <summary>Length of a hardware address: 6.</summary>
    [Constant(MacAddress.Size)] public byte HardwareLength;

    /// <summary>Length of a protocol address: 4.</summary>
    [Constant(Ipv4Address.Size)] public byte ProtocolLength;

    /// <summary>Request or reply.</summary>
    public ArpOperation Operation;

    /// <summary>The sender's MAC address.</summary>
    public MacAddress SenderHardwareAddress;

    /// <summary>The sender's IPv4 address.</summary>
    public Ipv4Address SenderProtocolAddress;

    /// <summary>The target's MAC address (zero in a request).</summary>
    public MacAddress TargetHardwareAddress;

    /// <summary>The IPv4 address being resolved, or the requester's in a reply.</summary>
    public Ipv4Address TargetProtocolAddress;
}
