using System.Runtime.CompilerServices;

namespace HeaderGen.Tests.Declarations;

/// <summary>A colour in four bits, to test enum bit fields.</summary>
public enum Colour : byte
{
    Red = 1,
    Green = 2,
    Blue = 12,
}

/// <summary>An enum with a signed underlying type, stored in all of its 16 bits.</summary>
public enum Signed16 : short
{
    MinusOne = -1,
    One = 1,
}

/// <summary>An enum with the default (int) underlying type, stored in four bits.</summary>
public enum SmallInt
{
    Zero,
    Three = 3,
}

/// <summary>A fixed run of four bytes.</summary>
[InlineArray(4)]
public struct Bytes4
{
    private byte _element;
}

/// <summary>
/// A made-up 64-byte header whose fields cross byte boundaries in most of the ways the generated code handles:
/// fields touching 1 to 9 bytes, with and without a leading bit offset, bools, enums of several underlying
/// types, a byte run, and 64-bit fields that start inside a byte. Its 3- to 7-byte fields start on a byte boundary;
/// <see cref="MidByteHeader"/> has the ones that start inside a byte.
/// </summary>
[Header("Odd")]
public partial struct OddLayoutHeader
{
    [Bits(1)] public bool Flag;              // bit 0
    [Bits(64)] public ulong Wide;            // bits 1..64: nine bytes, full width
    [Bits(7)] public byte Seven;             // bits 65..71
    [Bits(20)] public uint Twenty;           // bytes 9..11: three bytes
    [Bits(4)] public Colour Colour;          // enum in a nibble
    [Bits(44)] public ulong FortyFour;       // bytes 12..17: six bytes
    [Bits(4)] public byte Nibble;
    [Bits(37)] public ulong ThirtySeven;     // bytes 18..22: five bytes
    [Bits(3)] public byte Three;
    [Bits(50)] public ulong Fifty;           // bytes 23..29: seven bytes
    [Bits(62)] public ulong SixtyTwo;        // eight bytes starting two bits in
    [Bits(63)] public ulong SixtyThree;      // eight bytes, shifted by one
    [Bits(1)] public bool Last;
    public ushort Aligned16;
    public Bytes4 Run;
    public Signed16 Signed;
    [Bits(12)] public ushort Twelve;
    [Bits(4)] public SmallInt Small;
    [Bits(6)] public byte Pad;
    [Bits(60)] public ulong Straddle60;      // nine bytes, narrower than 64
    [Bits(6)] public byte End;
}
