using System;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace HeaderGen;

/// <summary>
/// The field accessors generated views call: big-endian (or little-endian, <c>Le</c>) whole words at a byte offset,
/// and bit fields set inside the 1, 2, 4 or 8 bytes they touch with their range checked. One copy here instead of
/// one per field per header; each inlines to the <see cref="BinaryPrimitives"/> call and mask a hand-written
/// accessor has, the offsets, shifts and masks being constants at the call site.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Wire
{
    /// <summary>The big-endian 16-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort U16(ReadOnlySpan<byte> buffer, int offset) => BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(offset));

    /// <summary>The big-endian 32-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint U32(ReadOnlySpan<byte> buffer, int offset) => BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(offset));

    /// <summary>The big-endian 64-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong U64(ReadOnlySpan<byte> buffer, int offset) => BinaryPrimitives.ReadUInt64BigEndian(buffer.Slice(offset));

    /// <summary>The big-endian 128-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt128 U128(ReadOnlySpan<byte> buffer, int offset) => BinaryPrimitives.ReadUInt128BigEndian(buffer.Slice(offset, 16));

    /// <summary>The little-endian 16-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort U16Le(ReadOnlySpan<byte> buffer, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(buffer.Slice(offset));

    /// <summary>The little-endian 32-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint U32Le(ReadOnlySpan<byte> buffer, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(buffer.Slice(offset));

    /// <summary>The little-endian 64-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong U64Le(ReadOnlySpan<byte> buffer, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(buffer.Slice(offset));

    /// <summary>The little-endian 128-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt128 U128Le(ReadOnlySpan<byte> buffer, int offset) => BinaryPrimitives.ReadUInt128LittleEndian(buffer.Slice(offset, 16));

    /// <summary>Writes <paramref name="value"/> as the big-endian 16-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put16(Span<byte> buffer, int offset, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(buffer.Slice(offset), value);

    /// <summary>Writes <paramref name="value"/> as the big-endian 32-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put32(Span<byte> buffer, int offset, uint value) => BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(offset), value);

    /// <summary>Writes <paramref name="value"/> as the big-endian 64-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put64(Span<byte> buffer, int offset, ulong value) => BinaryPrimitives.WriteUInt64BigEndian(buffer.Slice(offset), value);

    /// <summary>Writes <paramref name="value"/> as the big-endian 128-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put128(Span<byte> buffer, int offset, UInt128 value) => BinaryPrimitives.WriteUInt128BigEndian(buffer.Slice(offset, 16), value);

    /// <summary>Writes <paramref name="value"/> as the little-endian 16-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put16Le(Span<byte> buffer, int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(buffer.Slice(offset), value);

    /// <summary>Writes <paramref name="value"/> as the little-endian 32-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put32Le(Span<byte> buffer, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(buffer.Slice(offset), value);

    /// <summary>Writes <paramref name="value"/> as the little-endian 64-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put64Le(Span<byte> buffer, int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(buffer.Slice(offset), value);

    /// <summary>Writes <paramref name="value"/> as the little-endian 128-bit word at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put128Le(Span<byte> buffer, int offset, UInt128 value) => BinaryPrimitives.WriteUInt128LittleEndian(buffer.Slice(offset, 16), value);

    /// <summary>
    /// Sets the bits <paramref name="mask"/> &lt;&lt; <paramref name="shift"/> of the byte at <paramref name="offset"/>
    /// to <paramref name="value"/>, keeping the others; throws when the value is wider than the mask.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set8(Span<byte> buffer, int offset, int shift, ulong mask, ulong value, string header, string field)
    {
        Check(mask, value, header, field);
        buffer[offset] = (byte)((buffer[offset] & ~((uint)mask << shift)) | ((uint)value << shift));
    }

    /// <inheritdoc cref="Set8"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set16(Span<byte> buffer, int offset, int shift, ulong mask, ulong value, string header, string field)
    {
        Check(mask, value, header, field);
        Span<byte> at = buffer.Slice(offset);
        BinaryPrimitives.WriteUInt16BigEndian(at, (ushort)((BinaryPrimitives.ReadUInt16BigEndian(at) & ~((uint)mask << shift)) | ((uint)value << shift)));
    }

    /// <inheritdoc cref="Set8"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set32(Span<byte> buffer, int offset, int shift, ulong mask, ulong value, string header, string field)
    {
        Check(mask, value, header, field);
        Span<byte> at = buffer.Slice(offset);
        BinaryPrimitives.WriteUInt32BigEndian(at, (BinaryPrimitives.ReadUInt32BigEndian(at) & ~((uint)mask << shift)) | ((uint)value << shift));
    }

    /// <inheritdoc cref="Set8"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set64(Span<byte> buffer, int offset, int shift, ulong mask, ulong value, string header, string field)
    {
        Check(mask, value, header, field);
        Span<byte> at = buffer.Slice(offset);
        BinaryPrimitives.WriteUInt64BigEndian(at, (BinaryPrimitives.ReadUInt64BigEndian(at) & ~(mask << shift)) | (value << shift));
    }

    /// <summary>Sets or clears one bit of the byte at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetBit(Span<byte> buffer, int offset, int mask, bool value) =>
        buffer[offset] = value ? (byte)(buffer[offset] | mask) : (byte)(buffer[offset] & ~mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Check(ulong mask, ulong value, string header, string field)
    {
        if (value > mask)
        {
            ThrowHelper.FieldOutOfRange(header, field, mask, unchecked((long)value));
        }
    }
}
