using HeaderGen.Protocols;

// After the bottom of the stack, IPv4: HeaderGen's own header bound into this assembly's table.
[assembly: HeaderGen.BindsTo(typeof(Ipv4Header), HeaderGen.Tests.Declarations.LabelHeader.StackTable, 1)]

namespace HeaderGen.Tests.Declarations;

/// <summary>
/// An MPLS label stack entry (RFC 3032, 2.1) carried in UDP to port 6635 (RFC 7510): entries repeat while the
/// bottom-of-stack bit is clear, a <c>bool</c> selector that binds the header into its own table at 0.
/// </summary>
[Header("Label"), BindsTo(UdpHeader.PortTable, Port), BindsTo(StackTable, 0)]
public partial struct LabelHeader
{
    /// <summary>MPLS in UDP (RFC 7510).</summary>
    public const ushort Port = 6635;

    /// <summary>The table of what follows an entry: 0, another entry; 1, after the bottom, IPv4 (bound by the assembly).</summary>
    public const string StackTable = "label.bos";

    /// <summary>The label value.</summary>
    [Bits(20)] public uint Label;

    /// <summary>Traffic class (RFC 5462).</summary>
    [Bits(3)] public byte TrafficClass;

    /// <summary>Set on the last entry of the stack.</summary>
    [Bits(1), NextLayer(StackTable)] public bool BottomOfStack;

    /// <summary>Time to live.</summary>
    public byte Ttl;
}
