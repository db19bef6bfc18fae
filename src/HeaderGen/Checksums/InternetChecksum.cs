using System;
using System.Buffers.Binary;
using System.Numerics;
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
    /// <summary>Vector steps summed in 32-bit lanes before the lanes are added into the 64-bit sum.</summary>
    private const int BlockSteps = 2048;

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

    /// <summary>
    /// Adds <paramref name="data"/> as <see cref="Add(ReadOnlySpan{byte})"/> does, with the 16-bit word at the even
    /// <paramref name="wordOffset"/> (the checksum field) taken as zero: one pass over the bytes, the word taken off
    /// after it by adding its one's complement, so the result is the one two spans around the field give.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddExcept(ReadOnlySpan<byte> data, int wordOffset)
    {
        ulong all = Sum(data);
        ushort word = ToNative(BinaryPrimitives.ReadUInt16BigEndian(data.Slice(wordOffset)));
        ulong sum = all + (ushort)~word;
        // Taking a word off in one's complement gives -0 (0xFFFF) where the other bytes are all zero and sum to +0. Every
        // path of Sum adds a lone word as itself or shifted up 16 bits, so only when the sum is one of those are the
        // bytes looked at again, and all-zero data checksums to 0xFFFF as RFC 1071 says.
        if ((all == word || all == (ulong)word << 16) && IsZeroExcept(data, wordOffset))
        {
            sum = 0;
        }
        _sum = AddWithCarry(_sum, _odd ? Swap16(Fold16(sum)) : sum);
        _odd ^= (data.Length & 1) != 0;
    }

    /// <summary>
    /// Adds <paramref name="length"/> bytes given by the sum of their big-endian 16-bit words (an odd last byte the
    /// high half of its word), as a generated pseudo-header's <c>WordSum()</c> returns it: the pseudo-header is summed
    /// from its fields and never written out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddWordSum(ulong wordSum, int length)
    {
        ushort native = ToNative(Fold16(wordSum));
        _sum = AddWithCarry(_sum, _odd ? Swap16(native) : native);
        _odd ^= (length & 1) != 0;
    }

    /// <summary>
    /// The sum of <paramref name="length"/> bytes given by the sum of their big-endian 16-bit words (a header summed
    /// from its fields) followed by <paramref name="following"/>, unfolded and in host order, as <see cref="ComputeFollowedBy"/>
    /// takes it. Scalars only: the frame builder keeps it in a field between two pushes, and a struct of a sum and a flag
    /// there was copied with loads wider than the stores that had just written it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sum(ulong wordSum, int length, ReadOnlySpan<byte> following)
    {
        ulong sum = ToNative(Fold16(wordSum));
        return following.IsEmpty ? sum : AddAfter(sum, length, Sum(following));
    }

    /// <summary>An unfolded sum, plus the sum of bytes that follow <paramref name="length"/> bytes of it (at an odd offset, its words' bytes swapped: RFC 1071, 2(B)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddAfter(ulong sum, int length, ulong following) =>
        AddWithCarry(sum, (length & 1) != 0 ? Swap16(Fold16(following)) : following);

    /// <summary>
    /// The checksum of <paramref name="length"/> bytes given by the sum of their big-endian 16-bit words (a header's
    /// fixed part summed from its fields, its checksum field zero) followed by <paramref name="following"/> (its options).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Compute(ulong wordSum, int length, ReadOnlySpan<byte> following) => ChecksumOf(Sum(wordSum, length, following));

    /// <summary>
    /// The checksum of <paramref name="length"/> bytes given by the sum of their big-endian 16-bit words (a
    /// pseudo-header) followed by bytes whose sum <see cref="Sum(ulong, int, ReadOnlySpan{byte})"/> gave (the segment).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort ComputeFollowedBy(ulong wordSum, int length, ulong followingSum) =>
        ChecksumOf(AddAfter(ToNative(Fold16(wordSum)), length, followingSum));

    /// <summary>The sum of the big-endian 16-bit words of a wire value of <paramref name="size"/> bytes as it lies on the wire, as a checksum folds it (see <see cref="WordSum(ulong)"/>): IPv4 and IPv6 addresses from their value, others as they write themselves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong WordSum<T>(T value, int size) where T : struct, IWireValue<T>
    {
        if (typeof(T) == typeof(Ipv4Address))
        {
            // The address as a number: 2^16 is 1 modulo 0xFFFF, so it is its two words' sum as a checksum folds it.
            return Unsafe.As<T, Ipv4Address>(ref value).Value;
        }
        if (typeof(T) == typeof(Ipv6Address))
        {
            return WordSum(Unsafe.As<T, Ipv6Address>(ref value).Value);
        }
        return WrittenWordSum(value, size);
    }

    /// <summary>The sum of the eight big-endian 16-bit words of a 128-bit value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong WordSum(UInt128 value) => WordSum((ulong)(value >> 64)) + WordSum((ulong)value);

    /// <summary>
    /// The sum of the four big-endian 16-bit words of a 64-bit value as a checksum folds it: its two 32-bit halves
    /// added, which is congruent to the words' sum modulo 0xFFFF (2^16 is 1 there) and zero only when they all are, so
    /// the one's-complement fold gives the same 16 bits, in three instructions rather than ten.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong WordSum(ulong value) => (value >> 32) + (uint)value;

    /// <summary>The one's-complement sum of the big-endian 16-bit words of <paramref name="bytes"/>, folded to 16 bits.</summary>
    public static ulong WordSum(ReadOnlySpan<byte> bytes) => FromNative(Fold16(Sum(bytes)));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsZeroExcept(ReadOnlySpan<byte> data, int wordOffset) =>
        !data.Slice(0, wordOffset).ContainsAnyExcept((byte)0) && !data.Slice(wordOffset + 2).ContainsAnyExcept((byte)0);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong WrittenWordSum<T>(T value, int size) where T : struct, IWireValue<T>
    {
        Span<byte> bytes = stackalloc byte[size];
        value.Write(bytes);
        return WordSum(bytes);
    }

    /// <summary>The checksum of everything added: the complement of the folded sum, in host order.</summary>
    public readonly ushort Checksum => (ushort)~FoldedSum;

    /// <summary>The one's-complement sum of everything added (not complemented), in host order.</summary>
    public readonly ushort FoldedSum => FromNative(Fold16(_sum));

    /// <summary>The checksum of one span.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => ChecksumOf(Sum(data));

    /// <summary>The checksum, in host order, of an unfolded sum such as <see cref="Sum(ReadOnlySpan{byte})"/> returns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ushort ChecksumOf(ulong sum) => (ushort)~FromNative(Fold16(sum));

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
    // Stryker disable once Conditional : every path gives the same sum (each is tested on its own); the machine picks one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Sum(ReadOnlySpan<byte> data) =>
        Vector256.IsHardwareAccelerated ? SumVector256(data)
        : Vector128.IsHardwareAccelerated ? SumVector128(data)
        : SumScalar(ref MemoryMarshal.GetReference(data), 0, (nuint)data.Length, 0);

    /// <summary>
    /// <see cref="Sum(ReadOnlySpan{byte})"/> 32 bytes a step. Each 32-bit lane adds its two 16-bit words, in-lane work only: at most
    /// 2 x 0xFFFF a step, so after a block of <see cref="BlockSteps"/> steps a lane is below 2^28 and the eight lanes
    /// add up below 2^31 as 32-bit numbers; blocks add into the 64-bit sum, which no span can overflow.
    /// Correct on any machine (the tests run it everywhere), fast where Vector256 is accelerated.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SumVector256(ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint offset = 0;
        ulong sum = 0;
        // Stryker disable once Equality : at exactly one vector's length the scalar tail sums the same bytes.
        if (length >= (nuint)Vector256<byte>.Count)
        {
            var mask = Vector256.Create(0xFFFFu);
            nuint last = length - (nuint)Vector256<byte>.Count;
            // Stryker disable once Equality : a block or loop boundary decides only which step, block or tail adds the bytes.
            do
            {
                var lanes = Vector256<uint>.Zero;
                nuint stop = last - offset < (nuint)Vector256<byte>.Count * (BlockSteps - 1) ? last : offset + (nuint)Vector256<byte>.Count * (BlockSteps - 1);
                do
                {
                    var words = Vector256.LoadUnsafe(ref start, offset).AsUInt32();
                    lanes += (words & mask) + Vector256.ShiftRightLogical(words, 16);
                    offset += (nuint)Vector256<byte>.Count;
                }
                while (offset <= stop);
                sum += Vector256.Sum(lanes);
            }
            while (offset <= last);
            // Stryker disable once Block,Equality : with nothing left the scalar tail adds nothing.
            if (offset == length)
            {
                return sum;
            }
        }
        return SumScalar(ref start, offset, length, sum);
    }

    /// <summary><see cref="SumVector256"/> 16 bytes a step, for machines with Vector128 only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SumVector128(ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint offset = 0;
        ulong sum = 0;
        // Stryker disable once Equality : at exactly one vector's length the scalar tail sums the same bytes.
        if (length >= (nuint)Vector128<byte>.Count)
        {
            var mask = Vector128.Create(0xFFFFu);
            nuint last = length - (nuint)Vector128<byte>.Count;
            // Stryker disable once Equality : a block or loop boundary decides only which step, block or tail adds the bytes.
            do
            {
                var lanes = Vector128<uint>.Zero;
                nuint stop = last - offset < (nuint)Vector128<byte>.Count * (BlockSteps - 1) ? last : offset + (nuint)Vector128<byte>.Count * (BlockSteps - 1);
                do
                {
                    var words = Vector128.LoadUnsafe(ref start, offset).AsUInt32();
                    lanes += (words & mask) + Vector128.ShiftRightLogical(words, 16);
                    offset += (nuint)Vector128<byte>.Count;
                }
                while (offset <= stop);
                sum += Vector128.Sum(lanes);
            }
            while (offset <= last);
            // Stryker disable once Block,Equality : with nothing left the scalar tail adds nothing.
            if (offset == length)
            {
                return sum;
            }
        }
        return SumScalar(ref start, offset, length, sum);
    }

    /// <summary>
    /// Adds the bytes from <paramref name="offset"/> to <paramref name="length"/> to <paramref name="sum"/>, 8 bytes a
    /// step as two 32-bit halves: the tail of the vector paths, and the whole sum where there are no vectors. A step
    /// adds below 2^33, so no span (below 2^31 bytes) can carry out of 64 bits, and the steps need no end-around
    /// carry: the adds are independent of one another but for the running total.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SumScalar(ref byte start, nuint offset, nuint length, ulong sum)
    {
        for (; offset + 8 <= length; offset += 8)
        {
            // Two 4-byte loads, not one of 8: a header just written with 4-byte stores (an address, a 32-bit word) is read
            // back by loads the stores can forward to; an 8-byte load over two of them waits for both to retire.
            sum += (ulong)Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, offset)) + Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, offset + 4));
        }
        if (offset + 4 <= length)
        {
            sum += Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, offset));
            offset += 4;
        }
        if (offset + 2 <= length)
        {
            sum += Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref start, offset));
            offset += 2;
        }
        if (offset < length)
        {
            // The odd last byte is the high half of a zero-padded big-endian word: its first byte in host memory order.
            // Stryker disable once Conditional,Bitwise : the big-endian operand runs only on big-endian machines.
            sum += BitConverter.IsLittleEndian ? Unsafe.Add(ref start, offset) : (uint)(Unsafe.Add(ref start, offset) << 8);
        }
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong AddWithCarry(ulong a, ulong b)
    {
        ulong sum = a + b;
        return sum + (sum < a ? 1UL : 0UL);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort Fold16(ulong sum)
    {
        // Adding a value to itself rotated by half its width leaves, in the high half, the two halves added with
        // end-around carry (the low half's carry out is the high half's carry in): 64 to 32 bits, then 32 to 16.
        uint half = (uint)((sum + BitOperations.RotateLeft(sum, 32)) >> 32);
        return (ushort)((half + BitOperations.RotateLeft(half, 16)) >> 16);
    }

    private static ushort Swap16(ushort value) => BinaryPrimitives.ReverseEndianness(value);

    // Stryker disable once Conditional : the other operand runs only on big-endian machines.
    private static ushort FromNative(ushort value) => BitConverter.IsLittleEndian ? Swap16(value) : value;

    private static ushort ToNative(ushort value) => FromNative(value);
}
