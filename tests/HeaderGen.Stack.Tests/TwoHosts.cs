using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;
using HeaderGen.Stack.Wire;

namespace HeaderGen.Stack.Tests;

/// <summary>Two hosts, A (10.0.0.1) and B (10.0.0.2), on one point-to-point link, with sockets on ports 5000 and 6000.</summary>
internal sealed class TwoHosts
{
    public TwoHosts(int seed = 1, LinkOptions? link = null, NicOptions? nicB = null, ITraceSink? trace = null, NicOptions? nicA = null)
    {
        Scheduler = new Scheduler(seed);
        Trace = trace ?? new TraceLog();
        NicA = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0a"), Scheduler, Trace, nicA);
        NicB = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0b"), Scheduler, Trace, nicB);
        Link = new PointToPointLink("link", Scheduler, Trace, link);
        Link.Connect(NicA, NicB);
        A = new Host("A", Scheduler, Trace);
        B = new Host("B", Scheduler, Trace);
        A.AddInterface(NicA, AddressA, 24);
        B.AddInterface(NicB, AddressB, 24);
        SocketA = A.OpenUdp(5000);
        SocketB = B.OpenUdp(6000);
    }

    public static readonly Ipv4Address AddressA = Ipv4Address.Parse("10.0.0.1");
    public static readonly Ipv4Address AddressB = Ipv4Address.Parse("10.0.0.2");

    public Scheduler Scheduler { get; }

    public ITraceSink Trace { get; }

    public TraceLog Log => (TraceLog)Trace;

    public Nic NicA { get; }

    public Nic NicB { get; }

    public PointToPointLink Link { get; }

    public Host A { get; }

    public Host B { get; }

    public UdpSocket SocketA { get; }

    public UdpSocket SocketB { get; }

    /// <summary>Each host knows the other's MAC address from the start (no ARP exchange on the wire).</summary>
    public void AddArpEntries()
    {
        A.AddArpEntry(AddressB, NicB.Address);
        B.AddArpEntry(AddressA, NicA.Address);
    }
}
