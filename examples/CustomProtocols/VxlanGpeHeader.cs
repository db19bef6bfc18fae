using HeaderGen;
using HeaderGen.Protocols;

// What follows VXLAN-GPE: HeaderGen's own IPv4, IPv6 and Ethernet, bound into this program's table by their numbers.
[assembly: BindsTo(typeof(Ipv4Header), CustomProtocols.VxlanGpeHeader.NextProtocolTable, 1)]
[assembly: BindsTo(typeof(Ipv6Header), CustomProtocols.VxlanGpeHeader.NextProtocolTable, 2)]
[assembly: BindsTo(typeof(EthernetHeader), CustomProtocols.VxlanGpeHeader.NextProtocolTable, 3)]

namespace CustomProtocols;

/// <summary>
/// VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe-12, 3): VXLAN with a next-protocol field, so that the payload can be IPv4,
/// IPv6 or Ethernet; carried in UDP to port 4790. Declared here, in the user's code: HeaderGen does not ship it, and
/// binding it (and HeaderGen's headers under it) takes no change to HeaderGen's declarations.
/// </summary>
[Header("VXLAN-GPE"), BindsTo(UdpHeader.PortTable, Port)]
public partial struct VxlanGpeHeader
{
    /// <summary>The IANA-assigned UDP port.</summary>
    public const ushort Port = 4790;

    /// <summary>The binding table of next-protocol numbers (1 IPv4, 2 IPv6, 3 Ethernet).</summary>
    public const string NextProtocolTable = "vxlan-gpe.next";

    /// <summary>Reserved flag bits.</summary>
    [Bits(2)] public byte ReservedFlags;

    /// <summary>The version; 0.</summary>
    [Bits(2), Constant(0)] public byte Version;

    /// <summary>I: the VNI is valid; must be set.</summary>
    [Bits(1), Constant(1)] public bool VniValid;

    /// <summary>P: the next-protocol field is valid; must be set.</summary>
    [Bits(1), Constant(1)] public bool NextProtocolValid;

    /// <summary>B: the payload is broadcast, unknown unicast or multicast traffic.</summary>
    [Bits(1)] public bool Bum;

    /// <summary>O: an operations and management packet.</summary>
    [Bits(1)] public bool Oam;

    /// <summary>Reserved.</summary>
    public ushort Reserved;

    /// <summary>What the payload is.</summary>
    [NextLayer(NextProtocolTable)] public byte NextProtocol;

    /// <summary>The virtual network identifier: which overlay segment the payload belongs to.</summary>
    [Bits(24)] public uint Vni;

    /// <summary>Reserved.</summary>
    public byte ReservedLow;
}
