using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HeaderGen.Checksums;

/// <summary>
/// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's-complement sum of the data taken as
/// big-endian 16-bit words, an odd last byte padded with zero. One routine serves every header; it sums 32 bytes a
/// step in Vector256 lanes (Vector128 where that is what the machine has) with a scalar tail and fallback, and
/// chains over several spans of any length (a pseudo-header, a header, a payload) as if they were one.
/// </summary>
public struct InternetChecksum
{
    private ulong _sum;
    private bool _odd;

    /// <summary>Adds <paramref name="data"/> as if it followed everything added before it.</summary>
    public void Add(ReadOnlySpan<byte> data)
    {
        ulong sum = Sum(data);
        // Data that starts at an odd offset of the whole has its bytes in swapped halves of each word (RFC 1071, 2(B)).
        _sum = AddWithCarry(_sum, _odd ? Swap16(Fold16(sum)) : sum);
        _odd ^= (data.Length & 1) != 0;
    }

    /// <summary>Adds one big-endian 16-bit word; the data added so far must be of even length.</summary>
    public void Add(ushort word) => _sum = AddWithCarry(_sum, ToNative(word));

    /// <summary>Adds a 32-bit value as two big-endian words; the data added so far must be of even length.</summary>
    public void Add(uint value) => _sum = AddWithCarry(_sum, ToNative((ushort)(value >> 16)) + (ulong)ToNative((ushort)value));

    /// <summary>The checksum of everything added: the complement of the folded sum, in host order.</summary>
    public readonly ushort Checksum => (ushort)~FoldedSum;

    /// <summary>The one's-complement sum of everything added (not complemented), in host order.</summary>
    public readonly ushort FoldedSum => FromNative(Fold16(_sum));

    /// <summary>The checksum of one span.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => (ushort)~FromNative(Fold16(Sum(data)));

    /// <summary>
    /// True when <paramref name="data"/>, checksum field included, sums to 0xFFFF: the receiver's check, which
    /// needs no knowledge of where the checksum field is.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<byte> data) => Fold16(Sum(data)) == 0xFFFF;

    /// <summary>
    /// Updates <paramref name="checksum"/> after one 16-bit word of the covered data changed from
    /// <paramref name="oldWord"/> to <paramref name="newWord"/>, by RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m').
    /// Unlike eqn. 2 it never turns a checksum whose recomputation is 0xFFFF into 0x0000.
    /// </summary>
    public static ushort Update(ushort checksum, ushort oldWord, ushort newWord)
    {
        uint sum = (uint)(ushort)~checksum + (ushort)~oldWord + newWord;
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>Updates <paramref name="checksum"/> after a 32-bit value (an IPv4 address) of the covered data changed.</summary>
    public static ushort Update(ushort checksum, uint oldValue, uint newValue) =>
        Update(Update(checksum, (ushort)(oldValue >> 16), (ushort)(newValue >> 16)), (ushort)oldValue, (ushort)newValue);

    /// <summary>
    /// Updates <paramref name="checksum"/> after the covered bytes <paramref name="oldBytes"/> became
    /// <paramref name="newBytes"/>: two spans of equal, even length that start at an even offset of the covered data.
    /// </summary>
    public static ushort Update(ushort checksum, ReadOnlySpan<byte> oldBytes, ReadOnlySpan<byte> newBytes)
    {
        if (oldBytes.Length != newBytes.Length || (oldBytes.Length & 1) != 0)
        {
            throw new ArgumentException("The old and new bytes must be whole 16-bit words of equal length.", nameof(newBytes));
        }
        for (int i = 0; i < oldBytes.Length; i += 2)
        {
            checksum = Update(checksum, BinaryPrimitives.ReadUInt16BigEndian(oldBytes[i..]), BinaryPrimitives.ReadUInt16BigEndian(newBytes[i..]));
        }
        return checksum;
    }

    /// <summary>
    /// The one's-complement sum of <paramref name="data"/> in host-order 16-bit words, not yet folded: adding in
    /// host order and swapping once at the end equals adding big-endian words (RFC 1071, 2(B)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Sum(ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint offset = 0;
        ulong sum = 0;

        if (Vector256.IsHardwareAccelerated && length >= (nuint)Vector256<byte>.Count)
        {
            // Each 32-bit lane adds its two 16-bit words, in-lane work only: at most 2 x 0xFFFF a step, so a block of
            // 32767 steps cannot overflow a lane; the lanes are folded into the 64-bit sum once per block.
            var mask = Vector256.Create(0xFFFFu);
            nuint last = length - (nuint)Vector256<byte>.Count;
            do
            {
                var lanes = Vector256<uint>.Zero;
                nuint stop = last - offset > (nuint)Vector256<byte>.Count * 32766 ? offset + (nuint)Vector256<byte>.Count * 32766 : last;
                for (; offset <= stop; offset += (nuint)Vector256<byte>.Count)
                {
                    var words = Vector256.LoadUnsafe(ref start, offset).AsUInt32();
                    lanes += (words & mask) + Vector256.ShiftRightLogical(words, 16);
                }
                // A block adds at most 8 x 2^32: no 64-bit overflow for any span, so no end-around carry is needed.
                sum += SumLanes(lanes);
            }
            while (offset <= last);
        }
        else if (Vector128.IsHardwareAccelerated && length >= (nuint)Vector128<byte>.Count)
        {
            var mask = Vector128.Create(0xFFFFu);
            nuint last = length - (nuint)Vector128<byte>.Count;
            while (offset <= last)
            {
                var lanes = Vector128<uint>.Zero;
                nuint stop = Math.Min(last, offset + (nuint)Vector128<byte>.Count * 32766);
                for (; offset <= stop; offset += (nuint)Vector128<byte>.Count)
                {
                    var words = Vector128.LoadUnsafe(ref start, offset).AsUInt32();
                    lanes += (words & mask) + Vector128.ShiftRightLogical(words, 16);
                }
                sum = AddWithCarry(sum, SumLanes(lanes));
            }
        }

        // Scalar tail, and the whole sum where there are no vectors: 64 bits a step with end-around carry.
        for (; offset + 8 <= length; offset += 8)
        {
            sum = AddWithCarry(sum, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset)));
        }
        if (offset + 4 <= length)
        {
            sum = AddWithCarry(sum, Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, offset)));
            offset += 4;
        }
        if (offset + 2 <= length)
        {
            sum = AddWithCarry(sum, Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref start, offset)));
            offset += 2;
        }
        if (offset < length)
        {
            // The odd last byte is the high half of a zero-padded big-endian word: its first byte in host memory order.
            ushort padded = BitConverter.IsLittleEndian ? Unsafe.Add(ref start, offset) : (ushort)(Unsafe.Add(ref start, offset) << 8);
            sum = AddWithCarry(sum, padded);
        }
        return sum;
    }

    /// <summary>The lanes added as 64-bit numbers: eight lanes below 2^32 cannot overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SumLanes(Vector256<uint> lanes)
    {
        var (a, b) = Vector256.Widen(lanes);
        return Vector256.Sum(a + b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SumLanes(Vector128<uint> lanes)
    {
        var (a, b) = Vector128.Widen(lanes);
        return Vector128.Sum(a + b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddWithCarry(ulong a, ulong b)
    {
        ulong sum = a + b;
        return sum + (sum < a ? 1UL : 0UL);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort Fold16(ulong sum)
    {
        sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
        sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }

    private static ushort Swap16(ushort value) => BinaryPrimitives.ReverseEndianness(value);

    private static ushort FromNative(ushort value) => BitConverter.IsLittleEndian ? Swap16(value) : value;

    private static ushort ToNative(ushort value) => FromNative(value);
}
