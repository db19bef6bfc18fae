using System;
using CsCheck;
using HeaderGen.Tests.Infrastructure;
using Xunit;
using F = HeaderGen.Tests.Declarations.OddLayoutHeader.Fields;

namespace HeaderGen.Tests.Declarations;

public class OddLayoutHeaderTests
{
    private static readonly Gen<byte[]> Frames = Gen.Byte.Array[OddLayoutHeader.FixedLength];

    [Fact]
    public void Layout_constants_follow_declaration_order()
    {
        Assert.Equal(64, OddLayoutHeader.FixedLength);
        Assert.Equal((1, 64), (F.Wide.BitOffset, F.Wide.BitWidth));
        Assert.Equal(9, F.Wide.ByteLength);
        Assert.Equal((9, 3), (F.Twenty.ByteOffset, F.Twenty.ByteLength));
        Assert.Equal((12, 6), (F.FortyFour.ByteOffset, F.FortyFour.ByteLength));
        Assert.Equal((18, 5), (F.ThirtySeven.ByteOffset, F.ThirtySeven.ByteLength));
        Assert.Equal((23, 7), (F.Fifty.ByteOffset, F.Fifty.ByteLength));
        Assert.Equal((234, 8), (F.SixtyTwo.BitOffset, F.SixtyTwo.ByteLength));
        Assert.Equal((446, 9), (F.Straddle60.BitOffset, F.Straddle60.ByteLength));
        Assert.Equal(506, F.End.BitOffset);
    }

    [Fact]
    public void Every_field_reads_what_a_bit_by_bit_reader_reads()
    {
        Frames.ForAll(bytes =>
        {
            Assert.True(OddLayoutHeader.TryRead(bytes, out var h));
            Assert.Equal(Ref(bytes, F.Flag.BitOffset, 1) == 1, h.Flag);
            Assert.Equal(Ref(bytes, F.Wide.BitOffset, 64), h.Wide);
            Assert.Equal(Ref(bytes, F.Seven.BitOffset, 7), h.Seven);
            Assert.Equal(Ref(bytes, F.Twenty.BitOffset, 20), h.Twenty);
            Assert.Equal(Ref(bytes, F.Colour.BitOffset, 4), (ulong)h.Colour);
            Assert.Equal(Ref(bytes, F.FortyFour.BitOffset, 44), h.FortyFour);
            Assert.Equal(Ref(bytes, F.Nibble.BitOffset, 4), h.Nibble);
            Assert.Equal(Ref(bytes, F.ThirtySeven.BitOffset, 37), h.ThirtySeven);
            Assert.Equal(Ref(bytes, F.Three.BitOffset, 3), h.Three);
            Assert.Equal(Ref(bytes, F.Fifty.BitOffset, 50), h.Fifty);
            Assert.Equal(Ref(bytes, F.SixtyTwo.BitOffset, 62), h.SixtyTwo);
            Assert.Equal(Ref(bytes, F.SixtyThree.BitOffset, 63), h.SixtyThree);
            Assert.Equal(Ref(bytes, F.Last.BitOffset, 1) == 1, h.Last);
            Assert.Equal(Ref(bytes, F.Aligned16.BitOffset, 16), h.Aligned16);
            Assert.Equal(bytes.AsSpan(F.Run.ByteOffset, 4).ToArray(), ((ReadOnlySpan<byte>)h.Run).ToArray());
            Assert.Equal((short)Ref(bytes, F.Signed.BitOffset, 16), (short)h.Signed);
            Assert.Equal(Ref(bytes, F.Twelve.BitOffset, 12), h.Twelve);
            Assert.Equal(Ref(bytes, F.Small.BitOffset, 4), (ulong)h.Small);
            Assert.Equal(Ref(bytes, F.Pad.BitOffset, 6), h.Pad);
            Assert.Equal(Ref(bytes, F.Straddle60.BitOffset, 60), h.Straddle60);
            Assert.Equal(Ref(bytes, F.End.BitOffset, 6), h.End);
        }, iter: 2000);
    }

    [Fact]
    public void Reading_then_writing_reproduces_every_bit()
    {
        Frames.ForAll(bytes =>
        {
            Assert.True(OddLayoutHeader.TryRead(bytes, out var header));
            var written = new byte[OddLayoutHeader.FixedLength];
            Assert.True(header.TryWrite(written, out int count));
            Assert.Equal(OddLayoutHeader.FixedLength, count);
            Assert.Equal(bytes, written);
        }, iter: 2000);
    }

    [Fact]
    public void A_view_setter_changes_its_field_and_no_other_bit()
    {
        var fields = new (int Offset, int Width, Action<OddLayoutHeader.View, ulong> Set)[]
        {
            (F.Wide.BitOffset, 64, (v, x) => v.Wide = x),
            (F.Seven.BitOffset, 7, (v, x) => v.Seven = (byte)x),
            (F.Twenty.BitOffset, 20, (v, x) => v.Twenty = (uint)x),
            (F.Colour.BitOffset, 4, (v, x) => v.Colour = (Colour)x),
            (F.FortyFour.BitOffset, 44, (v, x) => v.FortyFour = x),
            (F.ThirtySeven.BitOffset, 37, (v, x) => v.ThirtySeven = x),
            (F.Fifty.BitOffset, 50, (v, x) => v.Fifty = x),
            (F.SixtyTwo.BitOffset, 62, (v, x) => v.SixtyTwo = x),
            (F.SixtyThree.BitOffset, 63, (v, x) => v.SixtyThree = x),
            (F.Last.BitOffset, 1, (v, x) => v.Last = x == 1),
            (F.Signed.BitOffset, 16, (v, x) => v.Signed = (Signed16)(short)x),
            (F.Twelve.BitOffset, 12, (v, x) => v.Twelve = (ushort)x),
            (F.Small.BitOffset, 4, (v, x) => v.Small = (SmallInt)x),
            (F.Straddle60.BitOffset, 60, (v, x) => v.Straddle60 = x),
            (F.End.BitOffset, 6, (v, x) => v.End = (byte)x),
        };
        Gen.Select(Frames, Gen.ULong, Gen.Int[0, fields.Length - 1]).ForAll((bytes, random, index) =>
        {
            var (offset, width, set) = fields[index];
            ulong value = width == 64 ? random : random & ((1UL << width) - 1);
            var expected = (byte[])bytes.Clone();
            ReferenceBits.Write(expected, offset, width, value);

            var actual = (byte[])bytes.Clone();
            set(OddLayoutHeader.View.CreateUnchecked(actual), value);
            Assert.Equal(expected, actual);
        }, iter: 5000);
    }

    [Fact]
    public void A_view_setter_rejects_a_value_wider_than_its_field()
    {
        var buffer = new byte[OddLayoutHeader.FixedLength];
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OddLayoutHeader.View.CreateUnchecked(buffer).Seven = 128);
        Assert.Contains("Odd.Seven holds 0 to 127", error.Message, StringComparison.Ordinal);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Writing_a_value_wider_than_its_field_fails_with_the_field_and_writes_nothing()
    {
        var header = new OddLayoutHeader { Twenty = 1 << 20, Colour = (Colour)16 };
        var buffer = new byte[OddLayoutHeader.FixedLength];
        Assert.False(header.TryWrite(buffer, out int written, out var error));
        Assert.Equal(0, written);
        Assert.Equal(HeaderErrorReason.ValueOutOfRange, error.Reason);
        Assert.Equal("Twenty", error.Field);
        Assert.Equal(F.Twenty.ByteOffset, error.Offset);
        Assert.Equal(1 << 20, error.Available);
        Assert.All(buffer, b => Assert.Equal(0, b));

        header.Twenty = 5;
        Assert.False(header.TryWrite(buffer, out _, out error));
        Assert.Equal("Colour", error.Field);
    }

    private static ulong Ref(byte[] bytes, int offset, int width) => ReferenceBits.Read(bytes, offset, width);
}
