using System;
using BenchmarkDotNet.Attributes;
using HeaderGen.Protocols;

namespace HeaderGen.Benchmarks;

/// <summary>Per-packet checksum work through the generated views: an IPv4 header, a 64-byte UDP datagram with its pseudo-header, and the incremental TTL update.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 12)]
public class HeaderChecksumBenchmarks
{
    private readonly byte[] _packet = new byte[20 + 64];

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_packet);
        var ip = new Ipv4Header
        {
            TotalLength = (ushort)_packet.Length, TimeToLive = 64, Protocol = IpProtocol.Udp,
            SourceAddress = Ipv4Address.Parse("192.0.2.1"), DestinationAddress = Ipv4Address.Parse("198.51.100.7"),
        };
        ip.TryWrite(_packet, out _);
        new UdpHeader { SourcePort = 40000, DestinationPort = 53, Length = 64 }.TryWrite(_packet.AsSpan(20), out _);
        Ipv4Header.View.CreateUnchecked(_packet).FillChecksum();
    }

    [Benchmark(Description = "IPv4 header checksum (compute)")]
    public ushort Ipv4Header_checksum() => Ipv4Header.ReadOnlyView.CreateUnchecked(_packet).ComputeChecksum();

    [Benchmark(Description = "UDP 64-byte datagram + pseudo-header (compute)")]
    public ushort Udp_checksum()
    {
        var ip = Ipv4Header.ReadOnlyView.CreateUnchecked(_packet);
        return UdpHeader.ReadOnlyView.CreateUnchecked(ip.Payload).ComputeChecksum(Ipv4PseudoHeader.For(ip));
    }

    [Benchmark(Description = "TTL decrement with RFC 1624 update")]
    public ushort Ttl_update()
    {
        var ip = Ipv4Header.View.CreateUnchecked(_packet);
        ip.UpdateTimeToLive((byte)(ip.TimeToLive - 1));
        return ip.HeaderChecksum;
    }
}
