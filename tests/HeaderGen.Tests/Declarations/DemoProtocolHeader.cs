using HeaderGen.Protocols;

namespace HeaderGen.Tests.Declarations;

/// <summary>
/// A protocol of this test project's own, bound to UDP port 7777 without touching HeaderGen's declarations: the
/// project's generated decoder (HeaderGen.Tests.LayerDecoder) walks into it.
/// </summary>
[Header("Demo"), BindsTo(UdpHeader.PortTable, 7777)]
public partial struct DemoProtocolHeader
{
    [Bits(4), Constant(1)] public byte Version;
    [Bits(4)] public byte Kind;
    public byte Flags;
    [TotalLength] public ushort Length;
    public uint Sequence;
}
