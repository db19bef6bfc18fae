namespace HeaderGen.Tests.Declarations;

/// <summary>A made-up header of 128-bit fields: one big-endian, one little-endian, and a 16-bit field after them.</summary>
[Header("Wide")]
public partial struct WideHeader
{
    /// <summary>Sixteen bytes, most significant first.</summary>
    public System.UInt128 Big;

    /// <summary>Sixteen bytes, least significant first.</summary>
    [LittleEndian] public System.UInt128 Little;

    /// <summary>A field after them, to show the offsets.</summary>
    public ushort Tail;
}
