using System;
using System.Buffers.Binary;
using Xunit;

namespace HeaderGen.Tests.Infrastructure;

/// <summary>
/// <see cref="Wire"/>'s words check their bounds once and then read or write through a reference: every offset of
/// buffers of every short length reads and writes what <see cref="BinaryPrimitives"/> does, and every offset where a
/// word does not fit (negative, past the end, straddling the end, near <see cref="int.MaxValue"/>) throws before a byte
/// outside the buffer is touched. The buffers are slices of a larger array whose bytes around them are checked after
/// each write.
/// </summary>
public class WireTests
{
    private static readonly int[] OffsetsOutside = [-1, -2, -8, -16, int.MinValue, int.MaxValue, int.MaxValue - 1, int.MaxValue - 15];

    [Fact]
    public void Every_word_reads_as_binary_primitives_reads_it_at_every_offset_that_fits()
    {
        var random = new Random(1);
        var bytes = new byte[40];
        random.NextBytes(bytes);
        for (int length = 0; length <= 24; length++)
        {
            for (int offset = 0; offset <= length; offset++)
            {
                int left = length - offset;
                byte[] at = bytes[(8 + offset)..(8 + length)];
                int o = offset, n = length;
                Same(left >= 1, () => Wire.U8(bytes.AsSpan(8, n), o), () => at[0]);
                Same(left >= 2, () => Wire.U16(bytes.AsSpan(8, n), o), () => BinaryPrimitives.ReadUInt16BigEndian(at));
                Same(left >= 2, () => Wire.U16Le(bytes.AsSpan(8, n), o), () => BinaryPrimitives.ReadUInt16LittleEndian(at));
                Same(left >= 4, () => Wire.U32(bytes.AsSpan(8, n), o), () => BinaryPrimitives.ReadUInt32BigEndian(at));
                Same(left >= 4, () => Wire.U32Le(bytes.AsSpan(8, n), o), () => BinaryPrimitives.ReadUInt32LittleEndian(at));
                Same(left >= 8, () => Wire.U64(bytes.AsSpan(8, n), o), () => BinaryPrimitives.ReadUInt64BigEndian(at));
                Same(left >= 8, () => Wire.U64Le(bytes.AsSpan(8, n), o), () => BinaryPrimitives.ReadUInt64LittleEndian(at));
                Same(left >= 16, () => Wire.U128(bytes.AsSpan(8, n), o), () => BinaryPrimitives.ReadUInt128BigEndian(at));
                Same(left >= 16, () => Wire.U128Le(bytes.AsSpan(8, n), o), () => BinaryPrimitives.ReadUInt128LittleEndian(at));
            }
            int size = length;
            foreach (int offset in OffsetsOutside)
            {
                Assert.False(Fits(() => Wire.U8(bytes.AsSpan(8, size), offset)));
                Assert.False(Fits(() => Wire.U16(bytes.AsSpan(8, size), offset)));
                Assert.False(Fits(() => Wire.U32(bytes.AsSpan(8, size), offset)));
                Assert.False(Fits(() => Wire.U64Le(bytes.AsSpan(8, size), offset)));
                Assert.False(Fits(() => Wire.U128(bytes.AsSpan(8, size), offset)));
            }
        }
    }

    [Fact]
    public void Every_word_writes_as_binary_primitives_writes_it_and_nothing_outside_the_buffer()
    {
        var random = new Random(2);
        for (int length = 0; length <= 24; length++)
        {
            for (int offset = -1; offset <= length; offset++)
            {
                ulong value = (ulong)random.NextInt64();
                var wide = new UInt128(value, ~value);
                Check(length, offset, 2, (b, o) => Wire.Put16(b, o, (ushort)value), b => BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value));
                Check(length, offset, 2, (b, o) => Wire.Put16Le(b, o, (ushort)value), b => BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value));
                Check(length, offset, 4, (b, o) => Wire.Put32(b, o, (uint)value), b => BinaryPrimitives.WriteUInt32BigEndian(b, (uint)value));
                Check(length, offset, 4, (b, o) => Wire.Put32Le(b, o, (uint)value), b => BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)value));
                Check(length, offset, 8, (b, o) => Wire.Put64(b, o, value), b => BinaryPrimitives.WriteUInt64BigEndian(b, value));
                Check(length, offset, 8, (b, o) => Wire.Put64Le(b, o, value), b => BinaryPrimitives.WriteUInt64LittleEndian(b, value));
                Check(length, offset, 16, (b, o) => Wire.Put128(b, o, wide), b => BinaryPrimitives.WriteUInt128BigEndian(b, wide));
                Check(length, offset, 16, (b, o) => Wire.Put128Le(b, o, wide), b => BinaryPrimitives.WriteUInt128LittleEndian(b, wide));
                // A bit field's read-modify-write: the bits outside its mask keep their values.
                Check(length, offset, 2, (b, o) => Wire.Set16(b, o, 4, 0x0FFF, value & 0x0FFF, "T", "F"),
                    b => BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)((BinaryPrimitives.ReadUInt16BigEndian(b) & 0x000FUL) | ((value & 0x0FFF) << 4))));
                Check(length, offset, 4, (b, o) => Wire.Set32(b, o, 3, 0x1FFFF, value & 0x1FFFF, "T", "F"),
                    b => BinaryPrimitives.WriteUInt32BigEndian(b, (uint)((BinaryPrimitives.ReadUInt32BigEndian(b) & ~(0x1FFFFu << 3)) | ((uint)(value & 0x1FFFF) << 3))));
                Check(length, offset, 8, (b, o) => Wire.Set64(b, o, 7, 0xFFFFFFFFFF, value & 0xFFFFFFFFFF, "T", "F"),
                    b => BinaryPrimitives.WriteUInt64BigEndian(b, (BinaryPrimitives.ReadUInt64BigEndian(b) & ~(0xFFFFFFFFFFUL << 7)) | ((value & 0xFFFFFFFFFF) << 7)));
            }
            foreach (int offset in OffsetsOutside)
            {
                Check(length, offset, 2, (b, o) => Wire.Put16(b, o, 1), _ => { });
                Check(length, offset, 8, (b, o) => Wire.Put64Le(b, o, 1), _ => { });
                Check(length, offset, 16, (b, o) => Wire.Put128(b, o, 1), _ => { });
            }
        }
    }

    private delegate void Writer(Span<byte> buffer, int offset);

    private delegate void Reference(Span<byte> at);

    // Writes at `offset` of a `length`-byte buffer lying at 16 of a 64-byte array of random bytes: the array must come
    // out as the reference's write into a copy leaves it, or unchanged, with an exception, when the word does not fit.
    private static void Check(int length, int offset, int size, Writer write, Reference reference)
    {
        var array = new byte[64];
        new Random(length * 1000 + offset).NextBytes(array);
        var expected = (byte[])array.Clone();
        bool fits = offset >= 0 && offset <= length - size;
        if (fits)
        {
            reference(expected.AsSpan(16 + offset, size));
        }
        Assert.Equal(fits, Fits(() => write(array.AsSpan(16, length), offset)));
        Assert.Equal(expected, array);
    }

    private static bool Fits(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    private static bool Fits<T>(Func<T> read) => Fits(() => { _ = read(); });

    // The word read where it fits, as the reference reads it; an exception, and no read, where it does not.
    private static void Same<T>(bool fits, Func<T> read, Func<T> reference)
    {
        T value = default!;
        Assert.Equal(fits, Fits(() => value = read()));
        if (fits)
        {
            Assert.Equal(reference(), value);
        }
    }
}
