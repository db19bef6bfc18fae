namespace HeaderGen.Protocols;

/// <summary>
/// An MPLS label stack entry (RFC 3032, 2.1): 4 bytes, after EtherType 0x8847. Entries repeat while the
/// bottom-of-stack bit is clear (the header is bound into its own table at 0); after the bottom, RFC 3032 leaves the
/// payload to the label's meaning, and the payload's first nibble, its IP version, selects IPv4 or IPv6, as Wireshark
/// and Scapy guess.
/// </summary>
[Header("MPLS"), BindsTo(EthernetHeader.EtherTypeTable, (ulong)EtherType.Mpls), BindsTo(StackTable, 0), PayloadSelector(PayloadTable, 4)]
public partial struct MplsHeader
{
    /// <summary>The table of what follows an entry: 0, another entry; 1 (the bottom), nothing: the payload selects.</summary>
    public const string StackTable = "mpls.bos";

    /// <summary>After the bottom of the stack, the payload's first nibble selects: 4, IPv4; 6, IPv6.</summary>
    public const string PayloadTable = "mpls.ip";

    /// <summary>The label value (0 to 15 reserved, RFC 3032 2.1).</summary>
    [Bits(20)] public uint Label;

    /// <summary>Traffic class (RFC 5462; "EXP" before it).</summary>
    [Bits(3)] public byte TrafficClass;

    /// <summary>S: set on the last entry of the stack.</summary>
    [Bits(1), NextLayer(StackTable)] public bool BottomOfStack;

    /// <summary>Time to live.</summary>
    public byte TimeToLive;
}
