namespace HeaderGen.Tests.Declarations;

/// <summary>A made-up header with a constant, a bool, and a byte-counted 16-bit length field.</summary>
[Header("TLV")]
public partial struct TlvHeader
{
    [Constant(0xA5)] public byte Magic;
    [Bits(1)] public bool Urgent;
    [Bits(7)] public byte Kind;
    [HeaderLength] public ushort Length;
    public uint Cookie;
}

/// <summary>Headers may be nested in partial types.</summary>
public static partial class Outer
{
    /// <summary>A nested header with a constant bool.</summary>
    [Header]
    public partial struct NestedHeader
    {
        [Bits(1), Constant(1)] public bool Always;
        [Bits(15)] public ushort Value;
    }
}
