namespace HeaderGen.Protocols;

/// <summary>
/// The IEEE 802.1Q VLAN tag: 4 bytes between the Ethernet addresses' EtherType 0x8100 and the frame's real
/// EtherType (IEEE 802.1Q-2018, 9.6).
/// </summary>
[Header("802.1Q"), BindsTo(EthernetHeader.EtherTypeTable, (ulong)EtherType.Vlan)]
public partial struct Ieee8021QTag
{
    /// <summary>Priority code point (PCP), 0 to 7.</summary>
    [Bits(3)] public byte Priority;

    /// <summary>Drop eligible indicator (DEI).</summary>
    [Bits(1)] public bool DropEligible;

    /// <summary>VLAN identifier (VID), 0 to 4095.</summary>
    [Bits(12)] public ushort VlanId;

    /// <summary>What the payload is.</summary>
    [NextLayer(EthernetHeader.EtherTypeTable)] public EtherType EtherType;
}
