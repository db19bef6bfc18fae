using System.Collections.Generic;
using HeaderGen.Stack.Capture;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;
using HeaderGen.Stack.Wire;

namespace HeaderGen.Examples.Journey;

/// <summary>
/// The lecture's toy network: host A on 10.1.0.0/24, host B on 10.3.0.0/24, and two routers between them joined by
/// 10.2.0.0/24. Process P1 on A (port 40000) sends to process P2 on B (port 5000). Every link is recorded, and
/// written to a pcap when a writer is given for it.
/// </summary>
public sealed class TwoRouterJourney
{
    /// <summary>Builds the network; <paramref name="pcaps"/> maps link names (A-R1, R1-R2, R2-B) to pcap writers.</summary>
    public TwoRouterJourney(ITraceSink? trace = null, IReadOnlyDictionary<string, IFrameTap>? pcaps = null, int seed = 1)
    {
        Scheduler = new Scheduler(seed);
        Trace = trace ?? NoTrace.Instance;
        var a0 = Nic("A", "eth0", 0x02_00_00_00_0A_01);
        var r1e0 = Nic("R1", "eth0", 0x02_00_00_00_01_01);
        var r1e1 = Nic("R1", "eth1", 0x02_00_00_00_01_02);
        var r2e0 = Nic("R2", "eth0", 0x02_00_00_00_02_01);
        var r2e1 = Nic("R2", "eth1", 0x02_00_00_00_02_02);
        var b0 = Nic("B", "eth0", 0x02_00_00_00_0B_01);
        Connect("A-R1", a0, r1e0, pcaps);
        Connect("R1-R2", r1e1, r2e0, pcaps);
        Connect("R2-B", r2e1, b0, pcaps);

        A = new Host("A", Scheduler, Trace);
        A.AddInterface(a0, AddressA, 24);
        A.AddDefaultRoute(Ipv4Address.Parse("10.1.0.1"));
        R1 = new Router("R1", Scheduler, Trace);
        R1.AddInterface(r1e0, Ipv4Address.Parse("10.1.0.1"), 24);
        R1.AddInterface(r1e1, Ipv4Address.Parse("10.2.0.1"), 24);
        R1.AddRoute(Ipv4Address.Parse("10.3.0.0"), 24, Ipv4Address.Parse("10.2.0.2"));
        R2 = new Router("R2", Scheduler, Trace);
        R2.AddInterface(r2e0, Ipv4Address.Parse("10.2.0.2"), 24);
        R2.AddInterface(r2e1, Ipv4Address.Parse("10.3.0.1"), 24);
        R2.AddRoute(Ipv4Address.Parse("10.1.0.0"), 24, Ipv4Address.Parse("10.2.0.1"));
        B = new Host("B", Scheduler, Trace);
        B.AddInterface(b0, AddressB, 24);
        B.AddDefaultRoute(Ipv4Address.Parse("10.3.0.1"));
        P1 = A.OpenUdp(40000);
        P2 = B.OpenUdp(5000);
    }

    /// <summary>A's address.</summary>
    public static readonly Ipv4Address AddressA = Ipv4Address.Parse("10.1.0.10");

    /// <summary>B's address.</summary>
    public static readonly Ipv4Address AddressB = Ipv4Address.Parse("10.3.0.20");

    /// <summary>The simulation's clock.</summary>
    public Scheduler Scheduler { get; }

    /// <summary>Where events go.</summary>
    public ITraceSink Trace { get; }

    /// <summary>The sending host.</summary>
    public Host A { get; }

    /// <summary>The first router.</summary>
    public Router R1 { get; }

    /// <summary>The second router.</summary>
    public Router R2 { get; }

    /// <summary>The receiving host.</summary>
    public Host B { get; }

    /// <summary>Process P1's socket on A.</summary>
    public UdpSocket P1 { get; }

    /// <summary>Process P2's socket on B.</summary>
    public UdpSocket P2 { get; }

    /// <summary>The links by name, in path order.</summary>
    public Dictionary<string, PointToPointLink> Links { get; } = new();

    /// <summary>Every frame each link carried, by link name.</summary>
    public Dictionary<string, FrameRecorder> Captures { get; } = new();

    /// <summary>The NICs by "host.name".</summary>
    public Dictionary<string, Nic> Nics { get; } = new();

    private Nic Nic(string host, string name, ulong mac)
    {
        var nic = new Nic(name, new MacAddress(mac), Scheduler, Trace);
        Nics[$"{host}.{name}"] = nic;
        return nic;
    }

    private void Connect(string name, Nic a, Nic b, IReadOnlyDictionary<string, IFrameTap>? pcaps)
    {
        var link = new PointToPointLink(name, Scheduler, Trace);
        link.Connect(a, b);
        var recorder = new FrameRecorder(pcaps is not null && pcaps.TryGetValue(name, out var pcap) ? pcap : null);
        link.Tap = recorder;
        Links[name] = link;
        Captures[name] = recorder;
    }
}
