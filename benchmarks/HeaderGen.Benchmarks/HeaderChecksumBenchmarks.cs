using System;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using HeaderGen.Checksums;
using HeaderGen.Protocols;

namespace HeaderGen.Benchmarks;

/// <summary>
/// Per-packet work through the generated code against the same work written by hand, in one run: the UDP checksum
/// of a 64-byte datagram with its IPv4 pseudo-header, the IPv4 header written from a value (against a writer that
/// checks nothing and one that checks what the generated write checks), the IPv4 header
/// checksum and the incremental TTL update. Inputs rotate over 256 packets (many flows) so no one cache line is hot.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
[SimpleJob(warmupCount: 3, iterationCount: 20)]
public class HeaderChecksumBenchmarks
{
    private const int Packets = 256;
    private const int PacketLength = 20 + 64;
    private readonly byte[] _packets = new byte[Packets * PacketLength];
    private readonly Ipv4Header[] _headers = new Ipv4Header[Packets];
    private readonly byte[] _out = new byte[Packets * 20];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        random.NextBytes(_packets);
        for (int i = 0; i < Packets; i++)
        {
            var packet = _packets.AsSpan(i * PacketLength, PacketLength);
            _headers[i] = new Ipv4Header
            {
                TotalLength = PacketLength, Identification = (ushort)random.Next(), DontFragment = (i & 1) == 0, TimeToLive = (byte)(32 + i % 64),
                Protocol = IpProtocol.Udp, SourceAddress = new Ipv4Address((uint)random.Next()), DestinationAddress = new Ipv4Address((uint)random.Next()),
            };
            _headers[i].TryWrite(packet, out _);
            new UdpHeader { SourcePort = (ushort)random.Next(), DestinationPort = 53, Length = 64 }.TryWrite(packet.Slice(20), out _);
            Ipv4Header.View.CreateUnchecked(packet).FillChecksum();
        }
    }

    private Span<byte> NextPacket() => _packets.AsSpan((_next = (_next + 1) & (Packets - 1)) * PacketLength, PacketLength);

    [BenchmarkCategory("UDP checksum"), Benchmark(Baseline = true, Description = "UDP 64 B + IPv4 pseudo-header: hand-written")]
    public ushort Udp_checksum_by_hand()
    {
        var packet = NextPacket();
        uint source = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(12));
        uint destination = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(16));
        int headerLength = (packet[0] & 0x0F) * 4;
        int length = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2)) - headerLength;
        // The pseudo-header's words added straight from the IPv4 fields (RFC 768), the datagram in one pass.
        var checksum = new InternetChecksum();
        checksum.AddWordSum((source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) + packet[9] + (uint)length, 12);
        checksum.AddExcept(packet.Slice(headerLength), 6);
        ushort sum = checksum.Checksum;
        return sum == 0 ? (ushort)0xFFFF : sum;
    }

    [BenchmarkCategory("UDP checksum"), Benchmark(Description = "UDP 64 B + IPv4 pseudo-header: generated")]
    public ushort Udp_checksum()
    {
        var ip = Ipv4Header.ReadOnlyView.CreateUnchecked(NextPacket());
        return UdpHeader.ReadOnlyView.CreateUnchecked(ip.Payload).ComputeChecksum(Ipv4PseudoHeader.For(ip));
    }

    [BenchmarkCategory("IPv4 write"), Benchmark(Baseline = true, Description = "IPv4 header from a value: hand-written BinaryPrimitives")]
    public int Ipv4_write_by_hand()
    {
        int i = _next = (_next + 1) & (Packets - 1);
        ref readonly var h = ref _headers[i];
        var d = _out.AsSpan(i * 20, 20);
        if (d.Length < 20)
        {
            return 0;
        }
        BinaryPrimitives.WriteUInt32BigEndian(d, (uint)(h.Version << 28 | h.Ihl << 24 | h.Dscp << 18 | h.Ecn << 16 | h.TotalLength));
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(4), (uint)(h.Identification << 16 | (h.ReservedFlag ? 0x8000 : 0) | (h.DontFragment ? 0x4000 : 0) | (h.MoreFragments ? 0x2000 : 0) | h.FragmentOffset));
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(8), (uint)(h.TimeToLive << 24 | (byte)h.Protocol << 16 | h.HeaderChecksum));
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(12), h.SourceAddress.Value);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(16), h.DestinationAddress.Value);
        return 20;
    }

    [BenchmarkCategory("IPv4 write"), Benchmark(Description = "IPv4 header from a value: generated TryWrite (ranges checked)")]
    public int Ipv4_write()
    {
        int i = _next = (_next + 1) & (Packets - 1);
        _headers[i].TryWrite(_out.AsSpan(i * 20, 20), out int written);
        return written;
    }

    [BenchmarkCategory("IPv4 write"), Benchmark(Description = "IPv4 header from a value: hand-written BinaryPrimitives with the same checks")]
    public int Ipv4_write_by_hand_checked()
    {
        int i = _next = (_next + 1) & (Packets - 1);
        return WriteChecked(in _headers[i], _out.AsSpan(i * 20, 20), out int written) ? written : 0;
    }

    /// <summary>
    /// What the generated write checks, written by hand: every field within its width, the version 4, the header length
    /// at least 20 and matching the options (none here), the destination long enough; false, writing nothing, otherwise.
    /// </summary>
    private static bool WriteChecked(in Ipv4Header h, Span<byte> d, out int written)
    {
        written = 0;
        if (h.Version != 4 || h.Ihl > 15 || h.Dscp > 63 || h.Ecn > 3 || h.FragmentOffset > 0x1FFF || h.Ihl * 4 != 20 || d.Length < 20)
        {
            return false;
        }
        BinaryPrimitives.WriteUInt32BigEndian(d, (uint)(h.Version << 28 | h.Ihl << 24 | h.Dscp << 18 | h.Ecn << 16 | h.TotalLength));
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(4), (uint)(h.Identification << 16 | (h.ReservedFlag ? 0x8000 : 0) | (h.DontFragment ? 0x4000 : 0) | (h.MoreFragments ? 0x2000 : 0) | h.FragmentOffset));
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(8), (uint)(h.TimeToLive << 24 | (byte)h.Protocol << 16 | h.HeaderChecksum));
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(12), h.SourceAddress.Value);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(16), h.DestinationAddress.Value);
        written = 20;
        return true;
    }

    [BenchmarkCategory("IPv4 checksum"), Benchmark(Baseline = true, Description = "IPv4 header checksum (compute): InternetChecksum over the header, field zeroed by hand")]
    public ushort Ipv4Header_checksum_by_hand()
    {
        var packet = NextPacket();
        var checksum = new InternetChecksum();
        checksum.AddExcept(packet.Slice(0, (packet[0] & 0x0F) * 4), 10);
        return checksum.Checksum;
    }

    [BenchmarkCategory("IPv4 checksum"), Benchmark(Description = "IPv4 header checksum (compute): generated")]
    public ushort Ipv4Header_checksum() => Ipv4Header.ReadOnlyView.CreateUnchecked(NextPacket()).ComputeChecksum();

    [BenchmarkCategory("TTL update"), Benchmark(Description = "TTL decrement with RFC 1624 update: generated")]
    public ushort Ttl_update()
    {
        var ip = Ipv4Header.View.CreateUnchecked(NextPacket());
        ip.UpdateTimeToLive((byte)(ip.TimeToLive - 1));
        return ip.HeaderChecksum;
    }
}
