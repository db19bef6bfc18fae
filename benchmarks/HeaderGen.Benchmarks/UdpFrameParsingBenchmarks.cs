using System;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using HeaderGen.Protocols;
using PacketDotNet;

namespace HeaderGen.Benchmarks;

/// <summary>
/// Reading an Ethernet/IPv4/UDP frame's addresses, ports and TTL, with the same checks on each path (lengths,
/// EtherType, IP version and IHL, protocol): a hand-written BinaryPrimitives parser (the baseline), HeaderGen's
/// generated views and values, and PacketDotNet 1.4.8.
/// </summary>
[MemoryDiagnoser]
public class UdpFrameParsingBenchmarks
{
    // The Scapy-made frame of the tests: 192.0.2.1:40000 -> 198.51.100.7:53, TTL 64, "hello".
    private readonly byte[] _frame = Convert.FromHexString(
        "001b213a4f5c525400123456080045b800211c46400040113192c0000201c63364079c400035000d335068656c6c6f");

    [Benchmark(Baseline = true, Description = "Hand-written BinaryPrimitives")]
    public long HandWritten()
    {
        ReadOnlySpan<byte> frame = _frame;
        if (frame.Length < 14 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != 0x0800)
        {
            return -1;
        }
        var ip = frame[14..];
        if (ip.Length < 20 || ip[0] >> 4 != 4)
        {
            return -1;
        }
        int ihl = (ip[0] & 0xF) * 4;
        if (ihl < 20 || ihl > ip.Length || ip[9] != 17)
        {
            return -1;
        }
        uint source = BinaryPrimitives.ReadUInt32BigEndian(ip[12..]);
        uint destination = BinaryPrimitives.ReadUInt32BigEndian(ip[16..]);
        byte ttl = ip[8];
        var udp = ip[ihl..];
        if (udp.Length < 8)
        {
            return -1;
        }
        ushort sourcePort = BinaryPrimitives.ReadUInt16BigEndian(udp);
        ushort destinationPort = BinaryPrimitives.ReadUInt16BigEndian(udp[2..]);
        return source + destination + ttl + sourcePort + destinationPort;
    }

    [Benchmark(Description = "HeaderGen views")]
    public long HeaderGenViews()
    {
        if (!EthernetHeader.ReadOnlyView.TryCreate(_frame, out var ethernet) || ethernet.EtherType != EtherType.Ipv4
            || !Ipv4Header.ReadOnlyView.TryCreate(ethernet.Payload, out var ip) || ip.Protocol != IpProtocol.Udp
            || !UdpHeader.ReadOnlyView.TryCreate(ip.Payload, out var udp))
        {
            return -1;
        }
        return ip.SourceAddress.Value + ip.DestinationAddress.Value + ip.TimeToLive + udp.SourcePort + udp.DestinationPort;
    }

    [Benchmark(Description = "HeaderGen views, with error reports")]
    public long HeaderGenViewsWithErrors()
    {
        if (!EthernetHeader.ReadOnlyView.TryCreate(_frame, out var ethernet, out var error) || ethernet.EtherType != EtherType.Ipv4
            || !Ipv4Header.ReadOnlyView.TryCreate(ethernet.Payload, out var ip, out error) || ip.Protocol != IpProtocol.Udp
            || !UdpHeader.ReadOnlyView.TryCreate(ip.Payload, out var udp, out error))
        {
            return error.Offset;
        }
        return ip.SourceAddress.Value + ip.DestinationAddress.Value + ip.TimeToLive + udp.SourcePort + udp.DestinationPort;
    }

    [Benchmark(Description = "HeaderGen TryRead (values)")]
    public long HeaderGenValues()
    {
        ReadOnlySpan<byte> frame = _frame;
        if (!EthernetHeader.TryRead(frame, out var ethernet) || ethernet.EtherType != EtherType.Ipv4
            || !Ipv4Header.TryRead(frame[EthernetHeader.FixedLength..], out var ip) || ip.Protocol != IpProtocol.Udp
            || !UdpHeader.TryRead(frame[(EthernetHeader.FixedLength + ip.HeaderLength)..], out var udp))
        {
            return -1;
        }
        return ip.SourceAddress.Value + ip.DestinationAddress.Value + ip.TimeToLive + udp.SourcePort + udp.DestinationPort;
    }

    [Benchmark(Description = "PacketDotNet 1.4.8")]
    public long PacketDotNet()
    {
        var packet = Packet.ParsePacket(LinkLayers.Ethernet, _frame);
        var ip = packet.Extract<IPv4Packet>();
        var udp = packet.Extract<UdpPacket>();
        if (ip is null || udp is null)
        {
            return -1;
        }
#pragma warning disable CS0618 // Address is obsolete, but it is the allocation-free way PacketDotNet users read an IPv4 address.
        return (uint)ip.SourceAddress.Address + (uint)ip.DestinationAddress.Address + ip.TimeToLive + udp.SourcePort + udp.DestinationPort;
#pragma warning restore CS0618
    }
}
