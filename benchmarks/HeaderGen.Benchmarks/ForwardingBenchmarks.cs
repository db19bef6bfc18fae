using System;
using BenchmarkDotNet.Attributes;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Wire;

namespace HeaderGen.Benchmarks;

/// <summary>
/// Forwarding 64-byte frames on one core, in batches of 64 as a NAPI poll takes them: FCS check and strip, RX ring,
/// deferred poll, Ethernet and IPv4 validation (header checksum included), DIR-24-8 lookup among 100,000 routes,
/// TTL decrement with the RFC 1624 checksum update, a new Ethernet header for the next hop, TX ring, new FCS.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 12)]
public class ForwardingBenchmarks
{
    private const int Batch = 64;
    private Scheduler _scheduler = null!;
    private Nic _ingress = null!;
    private byte[] _frame = [];

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
        router.AddInterface(egress, Ipv4Address.Parse("10.2.0.1"), 24);
        var random = new Random(1);
        for (int i = 0; i < 100_000; i++)
        {
            int length = random.Next(8, 33);
            router.Forwarding.Add(new Ipv4Address((uint)random.NextInt64(0, 1L << 32)), length, 1);
        }
        router.AddRoute(Ipv4Address.Parse("198.51.100.0"), 24, Ipv4Address.Parse("10.2.0.2"));
        router.AddArpEntry(Ipv4Address.Parse("10.2.0.2"), MacAddress.Parse("02:00:00:00:02:01"));

        var buffer = new byte[256];
        var builder = new FrameBuilder(buffer, 128).Payload(new byte[18])
            .Push(new UdpHeader { SourcePort = 40000, DestinationPort = 53 })
            .Push(new Ipv4Header { TimeToLive = 64, SourceAddress = Ipv4Address.Parse("10.1.0.10"), DestinationAddress = Ipv4Address.Parse("198.51.100.7") })
            .Push(new EthernetHeader { Source = MacAddress.Parse("02:00:00:00:0a:01"), Destination = _ingress.Address })
            .PadTo(60)
            .AppendEthernetTrailer();
        _frame = builder.Frame.ToArray();
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "Forward one 64-byte frame (batches of 64)")]
    public long Forward()
    {
        for (int i = 0; i < Batch; i++)
        {
            _ingress.ReceiveFromWire(_frame);
        }
        return _scheduler.RunUntilIdle();
    }

    private sealed class DiscardWire : IWire
    {
        public long Send(Nic from, ReadOnlySpan<byte> frame) => 0;
    }
}
