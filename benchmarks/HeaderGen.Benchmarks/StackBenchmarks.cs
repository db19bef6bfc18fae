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
/// One frame at a time through the bundled stack on one core: from the wire through the NIC's MAC engine, RX ring,
/// interrupt, deferred poll, Ethernet, IPv4 and UDP checks into a socket buffer and out to the process; and from
/// sendto() through UDP, IPv4, ARP cache, Ethernet, TX ring, DMA and FCS onto the wire. Tracing is off.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 12)]
public class StackBenchmarks
{
    private static readonly Ipv4Address AddressA = Ipv4Address.Parse("10.0.0.1");
    private static readonly Ipv4Address AddressB = Ipv4Address.Parse("10.0.0.2");
    private readonly byte[] _receiveBuffer = new byte[2048];
    private readonly byte[] _payload = new byte[64];
    private Scheduler _scheduler = null!;
    private Nic _nicB = null!;
    private UdpSocket _socketA = null!;
    private UdpSocket _socketB = null!;
    private byte[] _frame = [];

    [GlobalSetup]
    public void Setup()
    {
        _scheduler = new Scheduler();
        var nicA = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0a"), _scheduler);
        _nicB = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0b"), _scheduler);
        new PointToPointLink("link", _scheduler).Connect(nicA, _nicB);
        var a = new Host("A", _scheduler);
        var b = new Host("B", _scheduler);
        a.AddInterface(nicA, AddressA, 24);
        b.AddInterface(_nicB, AddressB, 24);
        _socketA = a.OpenUdp(5000);
        _socketB = b.OpenUdp(6000);
        _socketA.SendTo(AddressB, 6000, _payload);
        _scheduler.RunUntilIdle();
        _socketB.TryReceive(_receiveBuffer, out _, out _, out _);

        // The frame B receives, with its FCS, as the wire delivers it.
        var buffer = new byte[256];
        var builder = new FrameBuilder(buffer, 128).Payload(_payload)
            .Push(new UdpHeader { SourcePort = 5000, DestinationPort = 6000 })
            .Push(new Ipv4Header { TimeToLive = 64, SourceAddress = AddressA, DestinationAddress = AddressB })
            .Push(new EthernetHeader { Source = nicA.Address, Destination = _nicB.Address })
            .AppendEthernetTrailer();
        _frame = builder.Frame.ToArray();
    }

    [Benchmark(Description = "RX: wire -> NIC -> ring -> poll -> IPv4/UDP -> socket -> process")]
    public int Receive()
    {
        _nicB.ReceiveFromWire(_frame);
        _scheduler.RunUntilIdle();
        _socketB.TryReceive(_receiveBuffer, out int length, out _, out _);
        return length;
    }

    [Benchmark(Description = "TX: sendto -> UDP/IPv4/Ethernet -> TX ring -> DMA + FCS -> wire (and on through B)")]
    public int SendAndDeliver()
    {
        _socketA.SendTo(AddressB, 6000, _payload);
        _scheduler.RunUntilIdle();
        _socketB.TryReceive(_receiveBuffer, out int length, out _, out _);
        return length;
    }
}
