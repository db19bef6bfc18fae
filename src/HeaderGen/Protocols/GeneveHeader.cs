namespace HeaderGen.Protocols;

/// <summary>
/// Geneve (RFC 8926, 3.4): 8 bytes and options, carried in UDP to port 6081; its protocol type is an EtherType
/// (0x6558 for an Ethernet frame). The options are TLVs (<see cref="GeneveOption"/>), listed by <c>OptionList</c>.
/// </summary>
[Header("Geneve"), BindsTo(UdpHeader.PortTable, Port), Options(typeof(GeneveOption))]
public partial struct GeneveHeader
{
    /// <summary>The IANA-assigned UDP port (RFC 8926, 3.3).</summary>
    public const ushort Port = 6081;

    /// <summary>Always 0 (RFC 8926: a receiver drops other versions).</summary>
    [Bits(2), Constant(0)] public byte Version;

    /// <summary>Length of the options in 4-byte words, not counting the 8-byte fixed part.</summary>
    [Bits(6), HeaderLength(4, Bias = 2)] public byte OptionsLength;

    /// <summary>O: a control packet for the tunnel endpoint, not a data packet.</summary>
    [Bits(1)] public bool Oam;

    /// <summary>C: one or more options have the critical bit set.</summary>
    [Bits(1)] public bool Critical;

    /// <summary>Reserved; zero.</summary>
    [Bits(6)] public byte Reserved;

    /// <summary>The EtherType of the payload.</summary>
    [NextLayer(EthernetHeader.EtherTypeTable)] public EtherType ProtocolType;

    /// <summary>The virtual network identifier: which overlay segment the payload belongs to.</summary>
    [Bits(24)] public uint Vni;

    /// <summary>Reserved; zero.</summary>
    public byte Reserved2;
}

/// <summary>
/// A Geneve option (RFC 8926, 3.5): class, type, and length in 4-byte words of the data after its 4-byte header; the
/// data is its options region.
/// </summary>
[Header("Geneve option")]
public partial struct GeneveOption
{
    /// <summary>Who defines the type (IANA "Geneve Option Class").</summary>
    public ushort OptionClass;

    /// <summary>The option's type within its class; its high bit marks it critical.</summary>
    public byte Type;

    /// <summary>Reserved; zero.</summary>
    [Bits(3)] public byte Reserved;

    /// <summary>Length of the data in 4-byte words, not counting the 4-byte option header.</summary>
    [Bits(5), HeaderLength(4, Bias = 1)] public byte Length;
}
