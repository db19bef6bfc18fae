using System;
using System.Buffers.Binary;
using System.IO;

namespace HeaderGen.Stack.Capture;

/// <summary>
/// Writes the classic libpcap file format (the nanosecond-resolution variant, magic 0xA1B23C4D) with link type
/// LINKTYPE_ETHERNET (1), so a simulated link can be opened in Wireshark or read by tshark. Frames are written
/// without their FCS, as capture tools record Ethernet.
/// </summary>
public sealed class PcapWriter : IFrameTap, IDisposable
{
    /// <summary>The nanosecond-resolution pcap magic number.</summary>
    public const uint NanosecondMagic = 0xA1B23C4D;

    /// <summary>The microsecond-resolution pcap magic number.</summary>
    public const uint MicrosecondMagic = 0xA1B2C3D4;

    /// <summary>LINKTYPE_ETHERNET (tcpdump.org link-layer header types).</summary>
    public const uint LinkTypeEthernet = 1;

    /// <summary>The longest frame a capture keeps whole (tcpdump's classic snap length).</summary>
    public const uint SnapLength = 65535;

    private readonly Stream _stream;
    private readonly bool _stripFcs;
    private readonly byte[] _record = new byte[16];

    /// <summary>Starts a capture on <paramref name="stream"/>; <paramref name="framesHaveFcs"/> says whether the tapped frames end with an FCS to strip.</summary>
    public PcapWriter(Stream stream, bool framesHaveFcs = true)
    {
        _stream = stream;
        _stripFcs = framesHaveFcs;
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, NanosecondMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], SnapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeEthernet);
        _stream.Write(header);
    }

    /// <summary>Frames written.</summary>
    public int Count { get; private set; }

    /// <inheritdoc/>
    public void Capture(long time, ReadOnlySpan<byte> frame)
    {
        if (_stripFcs && frame.Length >= 4)
        {
            frame = frame[..^4];
        }
        BinaryPrimitives.WriteUInt32LittleEndian(_record, (uint)(time / 1_000_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(_record.AsSpan(4), (uint)(time % 1_000_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(_record.AsSpan(8), (uint)frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_record.AsSpan(12), (uint)frame.Length);
        _stream.Write(_record);
        _stream.Write(frame);
        Count++;
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();
}
