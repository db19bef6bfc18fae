using HeaderGen.Protocols;

// After the bottom of the stack, the payload's version nibble: HeaderGen's own IPv4 and IPv6 bound into this assembly's table.
[assembly: HeaderGen.BindsTo(typeof(Ipv4Header), HeaderGen.Tests.Declarations.LabelHeader.PayloadTable, 4)]
[assembly: HeaderGen.BindsTo(typeof(Ipv6Header), HeaderGen.Tests.Declarations.LabelHeader.PayloadTable, 6)]

namespace HeaderGen.Tests.Declarations;

/// <summary>
/// An MPLS label stack entry (RFC 3032, 2.1) carried in UDP to port 6635 (RFC 7510): entries repeat while the
/// bottom-of-stack bit is clear, a <c>bool</c> selector that binds the header into its own table at 0; after the bottom,
/// the payload's version nibble selects IPv4 or IPv6.
/// </summary>
[Header("Label"), BindsTo(UdpHeader.PortTable, Port), BindsTo(StackTable, 0), PayloadSelector(PayloadTable, 4)]
public partial struct LabelHeader
{
    /// <summary>MPLS in UDP (RFC 7510).</summary>
    public const ushort Port = 6635;

    /// <summary>The table of what follows an entry: 0, another entry; 1 (the bottom), nothing: the payload selects.</summary>
    public const string StackTable = "label.bos";

    /// <summary>After the bottom of the stack, the payload's first nibble (its IP version) selects, as RFC 3032 leaves it.</summary>
    public const string PayloadTable = "mpls.payload";

    /// <summary>The label value.</summary>
    [Bits(20)] public uint Label;

    /// <summary>Traffic class (RFC 5462).</summary>
    [Bits(3)] public byte TrafficClass;

    /// <summary>Set on the last entry of the stack.</summary>
    [Bits(1), NextLayer(StackTable)] public bool BottomOfStack;

    /// <summary>Time to live.</summary>
    public byte Ttl;
}
