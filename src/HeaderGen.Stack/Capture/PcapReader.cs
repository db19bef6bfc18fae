using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace HeaderGen.Stack.Capture;

/// <summary>One captured frame: when, and its bytes.</summary>
public sealed record CapturedFrame(long Time, byte[] Data);

/// <summary>Reads classic libpcap files (either byte order, micro- or nanosecond timestamps) with Ethernet frames.</summary>
public static class PcapReader
{
    /// <summary>The frames of a capture; throws <see cref="InvalidDataException"/> for a file that is not a pcap of Ethernet frames or is cut short.</summary>
    public static IReadOnlyList<CapturedFrame> Read(Stream stream)
    {
        Span<byte> header = stackalloc byte[24];
        stream.ReadExactly(header);
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        bool swap = magic is 0xD4C3B2A1 or 0x4D3CB2A1;
        if (swap)
        {
            magic = BinaryPrimitives.ReverseEndianness(magic);
        }
        if (magic is not (PcapWriter.MicrosecondMagic or PcapWriter.NanosecondMagic))
        {
            throw new InvalidDataException($"Not a pcap file (magic 0x{magic:x8}).");
        }
        long unit = magic == PcapWriter.NanosecondMagic ? 1 : 1000;
        uint linkType = Read32(header[20..], swap);
        if (linkType != PcapWriter.LinkTypeEthernet)
        {
            throw new InvalidDataException($"Link type {linkType} is not Ethernet (1).");
        }
        var frames = new List<CapturedFrame>();
        Span<byte> record = stackalloc byte[16];
        while (stream.ReadAtLeast(record, 16, throwOnEndOfStream: false) == 16)
        {
            long seconds = Read32(record, swap);
            long fraction = Read32(record[4..], swap);
            int length = (int)Read32(record[8..], swap);
            if (length < 0 || length > 262_144)
            {
                throw new InvalidDataException($"Record length {length} is not plausible.");
            }
            var data = new byte[length];
            stream.ReadExactly(data);
            frames.Add(new CapturedFrame(seconds * 1_000_000_000 + fraction * unit, data));
        }
        return frames;
    }

    private static uint Read32(ReadOnlySpan<byte> bytes, bool swap) =>
        swap ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
}
