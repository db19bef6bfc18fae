using System;
using System.Buffers.Binary;
using HeaderGen.Checksums;
using System.Net;
using System.Net.NetworkInformation;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using HeaderGen.Protocols;
using HeaderGen.Layers;
using PacketDotNet;

namespace HeaderGen.Benchmarks;

/// <summary>
/// The layer code against PacketDotNet doing the same: decoding Ethernet/IPv4/TCP with options to the transport
/// layer, and building Ethernet/IPv4/UDP with both checksums and the FCS.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
[SimpleJob(warmupCount: 3, iterationCount: 12)]
public class LayerBenchmarks
{
    // The Scapy-made SYN with MSS, SACK permitted, timestamps, NOP and window scale.
    private readonly byte[] _syn = Convert.FromHexString(
        "525400123456001b213a4f5c08004500003cd43140003f0653880a0000020a000001c82201bb1234567800000000a002faf068e50000020405b40402080adeadbeef0000000001030307");
    private readonly byte[] _buffer = new byte[128];
    private static readonly byte[] Payload = "hello, world"u8.ToArray();
    private static readonly Ipv4Address Source = Ipv4Address.Parse("192.0.2.1");
    private static readonly Ipv4Address Destination = Ipv4Address.Parse("198.51.100.7");
    private static readonly MacAddress SourceMac = MacAddress.Parse("52:54:00:12:34:56");
    private static readonly MacAddress DestinationMac = MacAddress.Parse("00:1b:21:3a:4f:5c");

    [BenchmarkCategory("Decode"), Benchmark(Baseline = true, Description = "Decode to TCP: HeaderGen LayerDecoder")]
    public long DecodeHeaderGen()
    {
        long sum = 0;
        var walk = LayerDecoder.Decode(_syn);
        while (walk.MoveNext())
        {
            var layer = walk.Current;
            if (layer.Kind == LayerKind.TcpHeader)
            {
                var tcp = layer.AsTcpHeader();
                sum += tcp.SourcePort + tcp.DestinationPort + tcp.SequenceNumber + tcp.Options.Length;
            }
        }
        return sum;
    }

    [BenchmarkCategory("Decode"), Benchmark(Description = "Decode to TCP: PacketDotNet")]
    public long DecodePacketDotNet()
    {
        var tcp = Packet.ParsePacket(LinkLayers.Ethernet, _syn).Extract<TcpPacket>();
        return tcp.SourcePort + tcp.DestinationPort + tcp.SequenceNumber + tcp.Options.Length;
    }

    [BenchmarkCategory("Build"), Benchmark(Description = "Build UDP frame + checksums + FCS: HeaderGen FrameBuilder")]
    public int BuildHeaderGen()
    {
        // The builder as a local, its steps chained on it: a chain on `new FrameBuilder(...)` itself makes the compiler
        // build the 80-byte struct in a temporary and copy it, a copy that waits on the constructor's stores (11 ns).
        var builder = new FrameBuilder(_buffer, 64);
        builder.Payload(Payload)
            .Push(new UdpHeader { SourcePort = 40000, DestinationPort = 53 })
            .Push(new Ipv4Header { TimeToLive = 64, SourceAddress = Source, DestinationAddress = Destination })
            .Push(new EthernetHeader { Source = SourceMac, Destination = DestinationMac })
            .PadTo(60)
            .AppendEthernetTrailer();
        return builder.Frame.Length;
    }

    [BenchmarkCategory("Build"), Benchmark(Baseline = true, Description = "Build UDP frame + checksums + FCS: hand-written (BinaryPrimitives, same checksum and CRC routines)")]
    public int BuildByHand()
    {
        // What the builder does, written for this one frame: payload, UDP with its length and checksum over the IPv4
        // pseudo-header, IPv4 with its length and checksum, Ethernet, padding to 60 bytes and the FCS.
        var frame = _buffer.AsSpan();
        const int udpAt = 14 + 20, dataAt = udpAt + 8;
        if (frame.Length < 64 || Payload.Length > 60 - dataAt)
        {
            return 0;
        }
        Payload.CopyTo(frame.Slice(dataAt));
        int udpLength = 8 + Payload.Length, ipLength = 20 + udpLength;
        BinaryPrimitives.WriteUInt32BigEndian(frame.Slice(udpAt), (40000u << 16) | 53);
        BinaryPrimitives.WriteUInt32BigEndian(frame.Slice(udpAt + 4), (uint)udpLength << 16);
        uint source = Source.Value, destination = Destination.Value;
        var udpSum = new InternetChecksum();
        udpSum.AddWordSum((source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) + 17 + (uint)udpLength, 12);
        udpSum.Add(frame.Slice(udpAt, udpLength));
        ushort udpChecksum = udpSum.Checksum;
        BinaryPrimitives.WriteUInt16BigEndian(frame.Slice(udpAt + 6), udpChecksum == 0 ? (ushort)0xFFFF : udpChecksum);
        var ip = frame.Slice(14, 20);
        BinaryPrimitives.WriteUInt32BigEndian(ip, 0x45000000u | (uint)ipLength);
        BinaryPrimitives.WriteUInt32BigEndian(ip.Slice(4), 0);
        BinaryPrimitives.WriteUInt32BigEndian(ip.Slice(8), (64u << 24) | (17u << 16));
        BinaryPrimitives.WriteUInt32BigEndian(ip.Slice(12), source);
        BinaryPrimitives.WriteUInt32BigEndian(ip.Slice(16), destination);
        BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(10), InternetChecksum.Compute(ip));
        DestinationMac.Write(frame);
        SourceMac.Write(frame.Slice(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.Slice(12), 0x0800);
        int end = 14 + ipLength;
        frame.Slice(end, 60 - end).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(frame.Slice(60), EthernetTrailer.ComputeFrameCheckSequence(frame.Slice(0, 60)));
        return 64;
    }

    [BenchmarkCategory("Build"), Benchmark(Description = "Build UDP frame + checksums + FCS: HeaderGen [FrameTemplate]")]
    public int BuildTemplate()
    {
        UdpFrame.TryBuild(_buffer, new EthernetHeader { Source = SourceMac, Destination = DestinationMac },
            new Ipv4Header { TimeToLive = 64, SourceAddress = Source, DestinationAddress = Destination },
            new UdpHeader { SourcePort = 40000, DestinationPort = 53 }, Payload, out int length, out _);
        return length;
    }

    [BenchmarkCategory("Build"), Benchmark(Description = "Build UDP frame + checksums + FCS: PacketDotNet")]
    public int BuildPacketDotNet()
    {
        var udp = new UdpPacket(40000, 53) { PayloadData = Payload };
        var ip = new IPv4Packet(new IPAddress(0x010200C0), new IPAddress(0x076433C6)) { TimeToLive = 64, PayloadPacket = udp };
        var ethernet = new EthernetPacket(PhysicalAddress.Parse("52-54-00-12-34-56"), PhysicalAddress.Parse("00-1B-21-3A-4F-5C"), EthernetType.IPv4) { PayloadPacket = ip };
        udp.UpdateUdpChecksum();
        ip.UpdateIPChecksum();
        var bytes = ethernet.Bytes;
        uint fcs = System.IO.Hashing.Crc32.HashToUInt32(bytes);
        return bytes.Length + (int)(fcs & 1);
    }
}

/// <summary>The frame the build benchmarks build, as a template: one generated method.</summary>
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader), typeof(EthernetTrailer), PadTo = 60)]
public static partial class UdpFrame;
