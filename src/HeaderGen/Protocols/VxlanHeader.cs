namespace HeaderGen.Protocols;

/// <summary>VXLAN (RFC 7348, 5): 8 bytes in front of a whole Ethernet frame, carried in UDP to port 4789.</summary>
[Header("VXLAN"), BindsTo(UdpHeader.PortTable, Port), Carries(typeof(EthernetHeader))]
public partial struct VxlanHeader
{
    /// <summary>The IANA-assigned UDP port (RFC 7348, 5).</summary>
    public const ushort Port = 4789;

    /// <summary>Reserved flag bits.</summary>
    [Bits(4)] public byte ReservedFlags;

    /// <summary>I: the VNI is valid; must be set.</summary>
    [Bits(1), Constant(1)] public bool VniValid;

    /// <summary>Reserved flag bits.</summary>
    [Bits(3)] public byte MoreReservedFlags;

    /// <summary>Reserved.</summary>
    [Bits(24)] public uint Reserved;

    /// <summary>The VXLAN network identifier: which overlay segment the inner frame belongs to.</summary>
    [Bits(24)] public uint Vni;

    /// <summary>Reserved.</summary>
    public byte ReservedLow;
}
