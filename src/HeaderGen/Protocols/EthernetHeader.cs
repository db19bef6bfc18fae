namespace HeaderGen.Protocols;

/// <summary>The Ethernet II header (IEEE 802.3, 3.1.1): 14 bytes in front of the payload.</summary>
[Header("Ethernet"), LinkLayer, BindsTo(EtherTypeTable, (ulong)EtherType.TransparentEthernetBridging)]
public partial struct EthernetHeader
{
    /// <summary>The station the frame is for, or a group address.</summary>
    public MacAddress Destination;

    /// <summary>The station that sent the frame.</summary>
    public MacAddress Source;

    /// <summary>What the payload is (values of 0x0600 and above; below that it is an 802.3 length).</summary>
    [NextLayer(EtherTypeTable)] public EtherType EtherType;

    /// <summary>The binding table of EtherType values, shared with the 802.1Q tag.</summary>
    public const string EtherTypeTable = "ethertype";
}
