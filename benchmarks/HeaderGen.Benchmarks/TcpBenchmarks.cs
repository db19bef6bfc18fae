using System;
using BenchmarkDotNet.Attributes;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tcp;
using HeaderGen.Stack.Wire;

namespace HeaderGen.Benchmarks;

/// <summary>
/// A bulk TCP transfer between two HeaderGen hosts in one process, on one core: 4 MB per operation through the whole
/// stack both ways (the sender's segments and the receiver's ACKs: TCP, IPv4 and Ethernet headers, Internet checksums,
/// the NIC model's rings, DMA copies and FCS), MSS 1460. The link is fast enough (100 Gbit/s) not to be the limit, so
/// the figure is the stack's own cost: Gbit/s = 4 MB x 8 / the mean. Issue 14's goal: 10 Gbit/s (smoltcp reports 15.4
/// for its loopback on a faster desktop CPU).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 12)]
public class TcpBenchmarks
{
    private const int Transfer = 4 << 20;
    private readonly byte[] _data = new byte[64 * 1024];
    private readonly byte[] _sink = new byte[64 * 1024];
    private Scheduler _scheduler = null!;
    private TcpConnection _sender = null!;
    private TcpConnection _receiver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _scheduler = new Scheduler();
        var nicA = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0a"), _scheduler);
        var nicB = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0b"), _scheduler);
        new PointToPointLink("link", _scheduler, options: new LinkOptions { BitsPerSecond = 100_000_000_000, Latency = 1_000 }).Connect(nicA, nicB);
        var a = new Host("A", _scheduler);
        var b = new Host("B", _scheduler);
        a.AddInterface(nicA, Ipv4Address.Parse("10.0.0.1"), 24);
        b.AddInterface(nicB, Ipv4Address.Parse("10.0.0.2"), 24);
        a.AddArpEntry(Ipv4Address.Parse("10.0.0.2"), nicB.Address);
        b.AddArpEntry(Ipv4Address.Parse("10.0.0.1"), nicA.Address);
        var listener = b.ListenTcp(9000);
        _sender = a.ConnectTcp(Ipv4Address.Parse("10.0.0.2"), 9000);
        while (!listener.TryAccept(out _receiver!))
        {
            _scheduler.RunOne();
        }
        BulkTransfer();   // to the steady state: windows open, congestion window grown
    }

    [Benchmark(Description = "TCP bulk transfer, 4 MB, HeaderGen host to HeaderGen host")]
    public long BulkTransfer()
    {
        long received = 0;
        while (received < Transfer)
        {
            _sender.Send(_data);
            _scheduler.RunOne();
            int n;
            while ((n = _receiver.Receive(_sink)) > 0)
            {
                received += n;
            }
        }
        return received;
    }
}
