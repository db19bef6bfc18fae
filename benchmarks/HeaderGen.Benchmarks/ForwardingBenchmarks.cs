using System;
using BenchmarkDotNet.Attributes;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Wire;
using HeaderGen.Layers;

namespace HeaderGen.Benchmarks;

/// <summary>
/// Forwarding 64-byte frames on one core, in batches of 64 as a NAPI poll takes them: FCS check and strip, RX ring,
/// deferred poll, Ethernet and IPv4 validation (header checksum included), DIR-24-8 lookup among 100,000 routes,
/// TTL decrement with the RFC 1624 checksum update, a new Ethernet header for the next hop, TX ring, new FCS.
/// Measured twice in one run: every frame to one destination (the table's size costs no cache miss), and frames to
/// 4,096 destinations drawn at random over the table's prefixes, as traffic would spread.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 12)]
public class ForwardingBenchmarks
{
    private const int Batch = 64;
    private const int Destinations = 4096;
    private Scheduler _scheduler = null!;
    private Nic _ingress = null!;
    private byte[] _frame = [];
    private byte[][] _spread = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _scheduler = new Scheduler();
        var options = new NicOptions { RxRingSize = 256, TxRingSize = 256, PollBudget = Batch, FramesPerInterrupt = Batch, ModerationInterval = 10_000 };
        _ingress = new Nic("eth0", MacAddress.Parse("02:00:00:00:01:01"), _scheduler, options: options);
        var egress = new Nic("eth1", MacAddress.Parse("02:00:00:00:01:02"), _scheduler, options: options);
        egress.Attach(new DiscardWire());
        var router = new Router("R", _scheduler);
        router.AddInterface(_ingress, Ipv4Address.Parse("10.1.0.1"), 24);
        router.AddInterface(egress, Ipv4Address.Parse("10.2.0.1"), 16);
        var gateways = new Ipv4Address[16];
        for (int g = 0; g < gateways.Length; g++)
        {
            gateways[g] = new Ipv4Address(0x0A020000u + 2 + (uint)g);
            router.AddArpEntry(gateways[g], new MacAddress(0x02_00_00_00_02_00UL + (ulong)g));
        }
        var random = new Random(1);
        var prefixes = new (uint Prefix, int Length)[100_000];
        for (int i = 0; i < prefixes.Length; i++)
        {
            int length = random.Next(8, 33);
            uint prefix = (uint)random.NextInt64(0, 1L << 32);
            prefixes[i] = (prefix, length);
            router.AddRoute(new Ipv4Address(prefix), length, gateways[random.Next(gateways.Length)]);
        }
        router.AddRoute(Ipv4Address.Parse("198.51.100.0"), 24, gateways[0]);

        _frame = Frame(Ipv4Address.Parse("198.51.100.7"));
        _spread = new byte[Destinations][];
        for (int i = 0; i < Destinations; i++)
        {
            // An address inside a random route's prefix, so that every frame is forwarded.
            var (prefix, length) = prefixes[random.Next(prefixes.Length)];
            uint host = length == 32 ? 0 : (uint)random.NextInt64(0, 1L << (32 - length));
            uint mask = length == 0 ? 0 : uint.MaxValue << (32 - length);
            _spread[i] = Frame(new Ipv4Address((prefix & mask) | host));
        }
    }

    private byte[] Frame(Ipv4Address destination)
    {
        var buffer = new byte[256];
        var builder = new FrameBuilder(buffer, 128).Payload(new byte[18])
            .Push(new UdpHeader { SourcePort = 40000, DestinationPort = 53 })
            .Push(new Ipv4Header { TimeToLive = 64, SourceAddress = Ipv4Address.Parse("10.1.0.10"), DestinationAddress = destination })
            .Push(new EthernetHeader { Source = MacAddress.Parse("02:00:00:00:0a:01"), Destination = _ingress.Address })
            .PadTo(60)
            .AppendEthernetTrailer();
        return builder.Frame.ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "Forward a 64-byte frame, one destination (batches of 64)")]
    public long ForwardToOneDestination()
    {
        for (int i = 0; i < Batch; i++)
        {
            _ingress.ReceiveFromWire(_frame);
        }
        return _scheduler.RunUntilIdle();
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "Forward a 64-byte frame, 4,096 random destinations (batches of 64)")]
    public long ForwardToSpreadDestinations()
    {
        for (int i = 0; i < Batch; i++)
        {
            _ingress.ReceiveFromWire(_spread[_next]);
            _next = (_next + 1) & (Destinations - 1);
        }
        return _scheduler.RunUntilIdle();
    }

    private sealed class DiscardWire : IWire
    {
        public long Send(Nic from, ReadOnlySpan<byte> frame) => 0;
    }
}
