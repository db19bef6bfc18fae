namespace HeaderGen.Tests.Declarations;

/// <summary>
/// A made-up 48-byte header whose wide fields all start inside a byte: one field for each span of 3 to 9 bytes,
/// at leading bit offsets 1, 2, 3, 5, 6 and 7, so that every read and write mask of a field that starts mid-byte and
/// spans three or more bytes is checked against <see cref="ReferenceBits"/>.
/// </summary>
[Header("MidByte")]
public partial struct MidByteHeader
{
    [Bits(3)] public byte Lead;              // bits 0..2
    [Bits(20)] public uint Span3;            // bits 3..22: bytes 0..2, starts 3 bits in
    [Bits(25)] public uint Span4;            // bits 23..47: bytes 2..5, starts 7 bits in
    [Bits(5)] public byte Gap5;
    [Bits(35)] public ulong Span5;           // bits 53..87: bytes 6..10, starts 5 bits in
    [Bits(2)] public byte Gap2;
    [Bits(41)] public ulong Span6;           // bits 90..130: bytes 11..16, starts 2 bits in
    [Bits(53)] public ulong Span7;           // bits 131..183: bytes 16..22, starts 3 bits in
    [Bits(6)] public byte Gap6;
    [Bits(58)] public ulong Span8;           // bits 190..247: bytes 23..30, starts 6 bits in
    [Bits(1)] public bool Gap1;
    [Bits(64)] public ulong Span9;           // bits 249..312: bytes 31..39, starts 1 bit in
    [Bits(6)] public byte Gap6b;
    [Bits(59)] public ulong Span9Narrow;     // bits 319..377: bytes 39..47, starts 7 bits in
    [Bits(6)] public byte Tail;              // bits 378..383
}
