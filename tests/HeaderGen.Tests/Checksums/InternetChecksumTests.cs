using System.Linq;
using System;
using System.Buffers.Binary;
using CsCheck;
using HeaderGen.Tests.Infrastructure;
using HeaderGen.Checksums;
using Xunit;

namespace HeaderGen.Tests.Checksums;

public class InternetChecksumTests
{
    private static ushort Reference(ReadOnlySpan<byte> data) => ReferenceChecksum.Compute(data);

    [Fact]
    public void Rfc1071_numerical_example()
    {
        // RFC 1071, 3: the words 0001 f203 f4f5 f6f7 sum to ddf2.
        byte[] data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        var checksum = new InternetChecksum();
        checksum.Add(data);
        Assert.Equal(0xddf2, checksum.FoldedSum);
        Assert.Equal(0x220d, InternetChecksum.Compute(data));
    }

    [Fact]
    public void Rfc1624_example_gives_zero_not_minus_zero()
    {
        // RFC 1624, 4: HC = 0xDD2F, m = 0x5555 -> m' = 0x3285; eqn. 3 gives 0x0000, the recomputed value.
        Assert.Equal(0x0000, InternetChecksum.Update(0xDD2F, 0x5555, 0x3285));
    }

    [Fact]
    public void Rfc1624_update_carries_out_of_sixteen_bits_on_a_ttl_decrement()
    {
        // Scapy 2.5 built both headers and computed both checksums: TTL 64 -> 63 takes 0x722F to 0x732F.
        // ~HC + ~m + m' = 0x18CCF here, so the update is right only with the end-around carry.
        byte[] before = Convert.FromHexString("4500003c1c4600004011722fc0000201c6336407");
        byte[] after = Convert.FromHexString("4500003c1c4600003f11732fc0000201c6336407");
        Assert.Equal(0x732F, InternetChecksum.Update(0x722F, (ushort)0x4011, (ushort)0x3F11));
        Assert.Equal(0x732F, InternetChecksum.Update(0x722F, before.AsSpan(8, 2), after.AsSpan(8, 2)));
        after[10] = after[11] = 0;
        Assert.Equal(0x732F, InternetChecksum.Compute(after));
    }

    [Fact]
    public void Rfc1624_update_folds_twice_when_the_first_fold_carries_again()
    {
        // Scapy 2.5: a header whose checksum is 0x0000 (id 0x8E75), then id 0x8E76, checksum 0xFFFE. The sum
        // ~0x0000 + ~0x8E75 + 0x8E76 = 0x1FFFF folds to 0x10000 and needs a second fold to reach 0x0001.
        Assert.Equal(0xFFFE, InternetChecksum.Update(0x0000, (ushort)0x8E75, (ushort)0x8E76));
        Assert.Equal(0xFFFE, InternetChecksum.Update(0x0000, 0x8E750000u, 0x8E760000u));
    }

    [Fact]
    public void Words_and_32_bit_values_add_as_their_big_endian_bytes()
    {
        Gen.Select(Gen.Byte.Array[0, 40].Select(a => a.Length % 2 == 0 ? a : a[1..]), Gen.UShort, Gen.UInt).ForAll((data, word, value) =>
        {
            var bytes = new byte[data.Length + 6];
            data.CopyTo(bytes, 0);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(data.Length), word);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(data.Length + 2), value);
            var checksum = new InternetChecksum();
            checksum.Add(data);
            checksum.Add(word);
            checksum.Add(value);
            Assert.Equal(Reference(bytes), checksum.Checksum);
        }, iter: 2000);
    }

    [Fact]
    public void Updating_a_run_of_words_equals_recomputing()
    {
        // RFC 1624 applied word by word over an address change in a real header (Scapy's 192.0.2.1 -> 198.51.100.7).
        byte[] header = Convert.FromHexString("4500003c1c4600004011722fc0000201c6336407");
        byte[] changed = (byte[])header.Clone();
        Convert.FromHexString("0a0000fe").CopyTo(changed, 12);
        ushort expected = ReferenceChecksum.ComputeWithFieldZero(changed, 10);
        Assert.Equal(expected, InternetChecksum.Update(0x722F, header.AsSpan(12, 4), changed.AsSpan(12, 4)));
        Assert.Equal(expected, InternetChecksum.Update(0x722F, 0xC0000201u, 0x0A0000FEu));
    }

    [Theory]
    [InlineData(2, 4)]
    [InlineData(3, 3)]
    public void Updating_needs_whole_words_of_equal_length(int oldLength, int newLength)
    {
        var error = Assert.Throws<ArgumentException>(() => InternetChecksum.Update(0, new byte[oldLength], new byte[newLength]));
        Assert.StartsWith("The old and new bytes must be whole 16-bit words of equal length.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ulong.MaxValue, 1UL, 1UL)]
    [InlineData(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue)]
    [InlineData(0x8000_0000_0000_0000UL, 0x8000_0000_0000_0000UL, 1UL)]
    [InlineData(5UL, 7UL, 12UL)]
    public void The_64_bit_accumulator_adds_with_end_around_carry(ulong a, ulong b, ulong sum)
    {
        // One's-complement addition in 64 bits: a carry out of bit 63 comes back in at bit 0 (RFC 1071, 2(C)).
        Assert.Equal(sum, InternetChecksum.AddWithCarry(a, b));
    }

    [Fact]
    public void Matches_the_plain_loop_on_random_lengths_and_alignments()
    {
        Gen.Select(Gen.Int[0, 9000], Gen.Int[0, 63], Gen.Int).ForAll((length, offset, seed) =>
        {
            var buffer = new byte[length + 64];
            new Random(seed).NextBytes(buffer);
            var data = buffer.AsSpan(offset, length);
            Assert.Equal(Reference(data), InternetChecksum.Compute(data));
        }, iter: 1000);
    }

    /// <summary>
    /// Every path of the sum, whatever this machine accelerates: Vector256 and Vector128 run in software where the
    /// hardware lacks them, so the paths another machine takes are checked here too.
    /// </summary>
    public static TheoryData<string> Paths => ["Vector256", "Vector128", "Scalar"];

    private static ushort ComputeOn(string path, ReadOnlySpan<byte> data) => InternetChecksum.ChecksumOf(path switch
    {
        "Vector256" => InternetChecksum.SumVector256(data),
        "Vector128" => InternetChecksum.SumVector128(data),
        _ => InternetChecksum.SumScalar(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(data), 0, (nuint)data.Length, 0),
    });

    [Theory]
    [MemberData(nameof(Paths))]
    public void Each_path_matches_the_plain_loop(string path)
    {
        Gen.Select(Gen.Int[0, 9000], Gen.Int[0, 63], Gen.Int).ForAll((length, offset, seed) =>
        {
            var buffer = new byte[length + 64];
            new Random(seed).NextBytes(buffer);
            var data = buffer.AsSpan(offset, length);
            Assert.Equal(Reference(data), ComputeOn(path, data));
        }, iter: 300);
        // All ones is the largest sum a lane can meet; these lengths end just before, at and after a block's end.
        foreach (int length in new[] { 32 * 2048 - 1, 32 * 2048, 32 * 2048 + 33, 16 * 2048 + 17, 3 * 32 * 2048 + 5 })
        {
            var ones = new byte[length];
            ones.AsSpan().Fill(0xFF);
            Assert.Equal(Reference(ones), ComputeOn(path, ones));
        }
    }

    [Fact]
    public void Sums_of_all_ones_and_of_zeros_fold_correctly()
    {
        // 2,200,000 bytes crosses the blocks after which the vector accumulators are folded.
        foreach (int length in new[] { 0, 1, 2, 31, 32, 33, 64, 1500, 9000, 65536, 2_200_000 })
        {
            var ones = new byte[length];
            ones.AsSpan().Fill(0xFF);
            Assert.Equal(Reference(ones), InternetChecksum.Compute(ones));
            Assert.Equal(Reference(new byte[length]), InternetChecksum.Compute(new byte[length]));
        }
    }

    [Fact]
    public void Chaining_spans_of_any_length_equals_summing_them_joined()
    {
        Gen.Select(Gen.Byte.Array[0, 100], Gen.Byte.Array[0, 100], Gen.Byte.Array[0, 100]).ForAll((a, b, c) =>
        {
            var checksum = new InternetChecksum();
            checksum.Add(a);
            checksum.Add(b);
            checksum.Add(c);
            Assert.Equal(Reference([.. a, .. b, .. c]), checksum.Checksum);
        }, iter: 2000);
    }

    [Fact]
    public void A_buffer_with_its_checksum_in_place_verifies()
    {
        Gen.Select(Gen.Byte.Array[2, 200], Gen.Int).ForAll((data, at) =>
        {
            int offset = (int)((uint)at % (uint)(data.Length / 2)) * 2;
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(offset), 0);
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(offset), InternetChecksum.Compute(data));
            Assert.True(InternetChecksum.IsValid(data));
            data[^1] ^= 0x10;
            Assert.False(InternetChecksum.IsValid(data));
        }, iter: 2000);
    }

    [Fact]
    public void Incremental_update_equals_recomputation()
    {
        Gen.Select(Gen.Byte.Array[20, 60], Gen.Int, Gen.UShort).ForAll((data, at, newWord) =>
        {
            if (data.Length % 2 == 1)
            {
                data = data[..^1];
            }
            BinaryPrimitives.WriteUInt16BigEndian(data, 0);
            ushort checksum = InternetChecksum.Compute(data);
            int offset = 2 + (int)((uint)at % (uint)(data.Length / 2 - 1)) * 2;
            ushort oldWord = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(offset));
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(offset), newWord);
            ushort recomputed = InternetChecksum.Compute(data);
            ushort updated = InternetChecksum.Update(checksum, oldWord, newWord);
            // One's complement has two zeros; a recomputation never yields 0xFFFF unless every word is zero.
            Assert.Equal(recomputed, updated);
        }, iter: 5000);
    }

    [Fact]
    public void Computing_allocates_nothing()
    {
        var data = new byte[1500];
        InternetChecksum.Compute(data);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            data[i] = (byte)InternetChecksum.Compute(data);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Adding_all_but_one_word_equals_the_two_spans_around_it()
    {
        // Odd starts included: the excepted word is even within its span, the span at any offset of the whole.
        Gen.Select(Gen.Byte.Array[0, 7], Gen.Byte.Array[2, 300], Gen.Int[0, 149]).ForAll((before, data, word) =>
        {
            int offset = Math.Min(word * 2, (data.Length - 2) & ~1);
            var twoSpans = new InternetChecksum();
            twoSpans.Add(before);
            twoSpans.Add(data.AsSpan(0, offset));
            twoSpans.Add(data.AsSpan(offset + 2));
            var onePass = new InternetChecksum();
            onePass.Add(before);
            onePass.AddExcept(data, offset);
            Assert.Equal(twoSpans.Checksum, onePass.Checksum);
            Assert.Equal(twoSpans.FoldedSum, onePass.FoldedSum);
        }, iter: 3000);
    }

    [Fact]
    public void Adding_all_but_the_field_of_zeros_is_the_checksum_of_zeros()
    {
        // RFC 1071: all-zero data sums to 0 and checksums to 0xFFFF; taking the field off must not turn 0 into -0.
        var data = new byte[20];
        data[10] = 0xAB;
        data[11] = 0xCD;
        var checksum = new InternetChecksum();
        checksum.AddExcept(data, 10);
        Assert.Equal((ushort)0xFFFF, checksum.Checksum);
        Assert.Equal(ReferenceChecksum.ComputeWithFieldZero(data, 10), checksum.Checksum);

        // Other bytes that sum to -0 (0xFFFF) are not all zero: their checksum is 0.
        data[3] = data[4] = 0xFF;
        checksum = new InternetChecksum();
        checksum.AddExcept(data, 10);
        Assert.Equal(ReferenceChecksum.ComputeWithFieldZero(data, 10), checksum.Checksum);
        Assert.Equal(0, checksum.Checksum);

        // Sparse data of zeros and all-ones bytes meets both signs of zero often.
        Gen.Select(Gen.Bool.Array[4, 40], Gen.Int[0, 19]).ForAll((ones, word) =>
        {
            var bytes = ones.Select(b => b ? (byte)0xFF : (byte)0).ToArray();
            int offset = Math.Min(word * 2, (bytes.Length - 2) & ~1);
            var sum = new InternetChecksum();
            sum.AddExcept(bytes, offset);
            Assert.Equal(ReferenceChecksum.ComputeWithFieldZero(bytes, offset), sum.Checksum);
        }, iter: 3000);
    }

    [Fact]
    public void A_word_sum_adds_as_the_bytes_it_stands_for()
    {
        Gen.Select(Gen.Byte.Array[0, 41], Gen.Byte.Array[0, 60]).ForAll((head, tail) =>
        {
            ulong words = 0;
            for (int i = 0; i < head.Length; i += 2)
            {
                words += (ulong)(head[i] << 8 | (i + 1 < head.Length ? head[i + 1] : 0));
            }
            var checksum = new InternetChecksum();
            checksum.AddWordSum(words, head.Length);
            checksum.Add(tail);
            Assert.Equal(Reference([.. head, .. tail]), checksum.Checksum);
        }, iter: 3000);
    }

    [Fact]
    public void A_checksum_from_word_sums_equals_the_checksum_of_the_bytes_they_stand_for()
    {
        // What the frame builder does: a header summed from its fields, then its options; a segment summed when it is
        // written, then a pseudo-header put in front of it. Odd lengths everywhere, so the byte swaps are exercised.
        Gen.Select(Gen.Byte.Array[0, 41], Gen.Byte.Array[0, 60], Gen.Byte.Array[0, 13]).ForAll((head, tail, pseudo) =>
        {
            Assert.Equal(Reference([.. head, .. tail]), InternetChecksum.Compute(Words(head), head.Length, tail));
            ulong segment = InternetChecksum.Sum(Words(head), head.Length, tail);
            Assert.Equal(Reference([.. pseudo, .. head, .. tail]), InternetChecksum.ComputeFollowedBy(Words(pseudo), pseudo.Length, segment));
        }, iter: 3000);
        // All zero: the checksum of zeros is 0xFFFF (RFC 1071), however the zeros are given.
        Assert.Equal(0xFFFF, InternetChecksum.Compute(0, 20, new byte[4]));
        Assert.Equal(0xFFFF, InternetChecksum.ComputeFollowedBy(0, 12, InternetChecksum.Sum(0, 8, new byte[5])));

        static ulong Words(byte[] bytes)
        {
            ulong words = 0;
            for (int i = 0; i < bytes.Length; i += 2)
            {
                words += (ulong)(bytes[i] << 8 | (i + 1 < bytes.Length ? bytes[i + 1] : 0));
            }
            return words;
        }
    }

    [Fact]
    public void Word_sums_of_addresses_and_wide_values_are_their_bytes_summed()
    {
        Gen.Select(Gen.UInt, Gen.ULong, Gen.ULong).ForAll((v4, high, low) =>
        {
            var ipv4 = new Ipv4Address(v4);
            var ipv6 = new Ipv6Address(new UInt128(high, low));
            var bytes4 = new byte[4];
            var bytes16 = new byte[16];
            ipv4.Write(bytes4);
            ipv6.Write(bytes16);
            Assert.Equal(Fold(InternetChecksum.WordSum(ipv4, 4)), InternetChecksum.WordSum(bytes4));
            Assert.Equal(Fold(InternetChecksum.WordSum(ipv6, 16)), InternetChecksum.WordSum(bytes16));
            Assert.Equal(Fold(InternetChecksum.WordSum(new UInt128(high, low))), InternetChecksum.WordSum(bytes16));
            // A wire value summed through its bytes (the path for types the runtime does not know).
            var mac = MacAddress.Read(bytes16.AsSpan(0, 6));
            Assert.Equal(InternetChecksum.WordSum(bytes16.AsSpan(0, 6)), Fold(InternetChecksum.WordSum(mac, 6)));
        }, iter: 2000);
    }

    /// <summary>One's-complement fold to 16 bits, zero kept as zero.</summary>
    private static ulong Fold(ulong sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return sum;
    }
}
