using System;
using CsCheck;
using HeaderGen.Tests.Infrastructure;
using Xunit;
using F = HeaderGen.Tests.Declarations.MidByteHeader.Fields;

namespace HeaderGen.Tests.Declarations;

/// <summary>Fields that start inside a byte and span 3 to 9 bytes, read and written against the bit-by-bit reference.</summary>
public class MidByteHeaderTests
{
    private static readonly Gen<byte[]> Frames = Gen.Byte.Array[MidByteHeader.FixedLength];

    // Each wide field: bit offset, width, bytes spanned, and how to read it from a value and set it through a view.
    private static readonly (string Name, int Offset, int Width, int Bytes, Func<MidByteHeader, ulong> Get, Action<MidByteHeader.View, ulong> Set)[] Wide =
    [
        ("Span3", F.Span3.BitOffset, 20, 3, h => h.Span3, (v, x) => v.Span3 = (uint)x),
        ("Span4", F.Span4.BitOffset, 25, 4, h => h.Span4, (v, x) => v.Span4 = (uint)x),
        ("Span5", F.Span5.BitOffset, 35, 5, h => h.Span5, (v, x) => v.Span5 = x),
        ("Span6", F.Span6.BitOffset, 41, 6, h => h.Span6, (v, x) => v.Span6 = x),
        ("Span7", F.Span7.BitOffset, 53, 7, h => h.Span7, (v, x) => v.Span7 = x),
        ("Span8", F.Span8.BitOffset, 58, 8, h => h.Span8, (v, x) => v.Span8 = x),
        ("Span9", F.Span9.BitOffset, 64, 9, h => h.Span9, (v, x) => v.Span9 = x),
        ("Span9Narrow", F.Span9Narrow.BitOffset, 59, 9, h => h.Span9Narrow, (v, x) => v.Span9Narrow = x),
    ];

    [Fact]
    public void Every_wide_field_starts_inside_a_byte_and_spans_what_its_comment_says()
    {
        Assert.Equal(48, MidByteHeader.FixedLength);
        Assert.Equal([3, 7, 5, 2, 3, 6, 1, 7], Array.ConvertAll(Wide, f => f.Offset % 8));
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 9], Array.ConvertAll(Wide, f => (f.Offset % 8 + f.Width + 7) / 8));
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 9], [F.Span3.ByteLength, F.Span4.ByteLength, F.Span5.ByteLength, F.Span6.ByteLength,
            F.Span7.ByteLength, F.Span8.ByteLength, F.Span9.ByteLength, F.Span9Narrow.ByteLength]);
        Assert.Equal(378, F.Tail.BitOffset);
    }

    [Fact]
    public void Every_wide_field_reads_what_a_bit_by_bit_reader_reads()
    {
        Frames.ForAll(bytes =>
        {
            Assert.True(MidByteHeader.TryRead(bytes, out var value));
            var view = MidByteHeader.ReadOnlyView.CreateUnchecked(bytes);
            foreach (var (name, offset, width, _, get, _) in Wide)
            {
                ulong expected = ReferenceBits.Read(bytes, offset, width);
                Assert.True(expected == get(value), $"{name}: {expected:X} expected, {get(value):X} read");
            }
            Assert.Equal(ReferenceBits.Read(bytes, F.Span7.BitOffset, 53), view.Span7);
            Assert.Equal(ReferenceBits.Read(bytes, F.Gap6b.BitOffset, 6), value.Gap6b);
            Assert.Equal(ReferenceBits.Read(bytes, F.Tail.BitOffset, 6), value.Tail);
        }, iter: 2000);
    }

    [Fact]
    public void All_ones_and_single_bits_read_exactly_in_every_wide_field()
    {
        // Random bytes rarely put a lone 1 at a field's edge; these frames do, for every bit of the header.
        for (int bit = -1; bit < MidByteHeader.FixedLength * 8; bit++)
        {
            var bytes = new byte[MidByteHeader.FixedLength];
            if (bit < 0)
            {
                bytes.AsSpan().Fill(0xFF);
            }
            else
            {
                bytes[bit / 8] = (byte)(0x80 >> (bit % 8));
            }
            Assert.True(MidByteHeader.TryRead(bytes, out var value));
            foreach (var (name, offset, width, _, get, _) in Wide)
            {
                Assert.True(ReferenceBits.Read(bytes, offset, width) == get(value), $"{name}, bit {bit}");
            }
        }
    }

    [Fact]
    public void Writing_values_gives_the_bits_a_bit_by_bit_writer_gives()
    {
        Gen.Select(Frames, Gen.ULong.Array[Wide.Length]).ForAll((bytes, values) =>
        {
            Assert.True(MidByteHeader.TryRead(bytes, out var header));
            var expected = (byte[])bytes.Clone();
            for (int i = 0; i < Wide.Length; i++)
            {
                ulong value = Wide[i].Width == 64 ? values[i] : values[i] & ((1UL << Wide[i].Width) - 1);
                ReferenceBits.Write(expected, Wide[i].Offset, Wide[i].Width, value);
                values[i] = value;
            }
            header.Span3 = (uint)values[0];
            header.Span4 = (uint)values[1];
            header.Span5 = values[2];
            header.Span6 = values[3];
            header.Span7 = values[4];
            header.Span8 = values[5];
            header.Span9 = values[6];
            header.Span9Narrow = values[7];

            var written = new byte[MidByteHeader.FixedLength];
            Assert.True(header.TryWrite(written, out int count));
            Assert.Equal(MidByteHeader.FixedLength, count);
            Assert.Equal(expected, written);
        }, iter: 2000);
    }

    [Fact]
    public void A_view_setter_changes_its_field_and_no_other_bit()
    {
        Gen.Select(Frames, Gen.ULong, Gen.Int[0, Wide.Length - 1]).ForAll((bytes, random, index) =>
        {
            var (_, offset, width, _, _, set) = Wide[index];
            ulong value = width == 64 ? random : random & ((1UL << width) - 1);
            var expected = (byte[])bytes.Clone();
            ReferenceBits.Write(expected, offset, width, value);

            var actual = (byte[])bytes.Clone();
            set(MidByteHeader.View.CreateUnchecked(actual), value);
            Assert.Equal(expected, actual);
        }, iter: 4000);
    }
}
