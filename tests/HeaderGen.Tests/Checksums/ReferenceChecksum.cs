using System;
using System.Buffers.Binary;

namespace HeaderGen.Tests.Checksums;

/// <summary>
/// RFC 1071's algorithm as written (big-endian 16-bit words, a 32-bit sum folded after every add, complemented):
/// slow, plain, and sharing no code with <see cref="HeaderGen.Checksums.InternetChecksum"/>, so tests take their
/// expected checksums from it rather than from the code under test.
/// </summary>
internal static class ReferenceChecksum
{
    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }

    /// <summary>The checksum of <paramref name="data"/> with the 16-bit field at <paramref name="fieldOffset"/> taken as zero.</summary>
    public static ushort ComputeWithFieldZero(ReadOnlySpan<byte> data, int fieldOffset)
    {
        var copy = data.ToArray();
        copy[fieldOffset] = copy[fieldOffset + 1] = 0;
        return Compute(copy);
    }

    /// <summary>A UDP or TCP checksum: the IPv4 pseudo-header (RFC 768, RFC 9293 3.1), then the segment with its checksum field zero.</summary>
    public static ushort ComputeOverIpv4PseudoHeader(uint source, uint destination, byte protocol, ReadOnlySpan<byte> segment, int checksumOffset)
    {
        var all = new byte[12 + segment.Length];
        BinaryPrimitives.WriteUInt32BigEndian(all, source);
        BinaryPrimitives.WriteUInt32BigEndian(all.AsSpan(4), destination);
        all[9] = protocol;
        BinaryPrimitives.WriteUInt16BigEndian(all.AsSpan(10), (ushort)segment.Length);
        segment.CopyTo(all.AsSpan(12));
        return ComputeWithFieldZero(all, 12 + checksumOffset);
    }
}
