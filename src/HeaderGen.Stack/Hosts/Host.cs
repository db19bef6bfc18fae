using System;
using System.Collections.Generic;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;
using HeaderGen.Layers;

namespace HeaderGen.Stack.Hosts;

/// <summary>An answer to a ping: who answered, which request, and when.</summary>
public readonly record struct EchoReply(Ipv4Address From, ushort Identifier, ushort SequenceNumber, int TimeToLive, long Time);

/// <summary>
/// A node's network stack, in the lecture's layers, one class each, data flowing one way: Ethernet over NICs (here),
/// ARP with a neighbour table per interface (<c>ArpLayer</c>), IPv4 with a routing table (<c>Ipv4Layer</c>),
/// ICMP and UDP with sockets above it (<c>IcmpLayer</c>, <c>UdpLayer</c>), and, when forwarding is on, a
/// <see cref="Forwarder"/> for what is not for the node. Every byte it reads or writes goes through HeaderGen's
/// generated views and <see cref="FrameBuilder"/>; traces record each step; every received frame moves exactly one
/// outcome counter (<see cref="UnaccountedFrames"/>).
/// </summary>
public class Host : IFrameHandler
{
    /// <summary>Room kept in front of a packet's data for the headers pushed on the way down.</summary>
    public const int Headroom = PacketBuffer.Headroom;

    /// <summary>127.0.0.0/8, the loopback network (RFC 1122, 3.2.1.3).</summary>
    private const uint LoopbackNetwork = 127;

    private readonly List<NetworkInterface> _interfaces = new();

    /// <summary>Creates a host named <paramref name="name"/> in the simulation run by <paramref name="scheduler"/>.</summary>
    public Host(string name, Scheduler scheduler, ITraceSink? trace = null)
    {
        Name = name;
        Scheduler = scheduler;
        Trace = trace ?? NoTrace.Instance;
        Tracing = Trace.Enabled;
        Arp = new ArpLayer(this);
        Ipv4 = new Ipv4Layer(this);
        Icmp = new IcmpLayer(this);
        Udp = new UdpLayer(this);
        Tcp = new Tcp.TcpLayer(this);
        Ipv4.Register(IpProtocol.Icmp, Icmp);
        Ipv4.Register(IpProtocol.Udp, Udp);
        Ipv4.Register(IpProtocol.Tcp, Tcp);
    }

    /// <summary>The host's name in traces.</summary>
    public string Name { get; }

    /// <summary>The simulation's clock.</summary>
    public Scheduler Scheduler { get; }

    /// <summary>Where the host's trace events go.</summary>
    public ITraceSink Trace { get; }

    /// <summary>Whether the sink wants events (read once: the hot paths test a field, not an interface).</summary>
    protected internal bool Tracing { get; }

    internal ArpLayer Arp { get; }

    internal Ipv4Layer Ipv4 { get; }

    internal IcmpLayer Icmp { get; }

    internal UdpLayer Udp { get; }

    internal Tcp.TcpLayer Tcp { get; }

    /// <summary>TCP's counters: segments, retransmissions, duplicate ACKs, resets, and each drop by its reason.</summary>
    public Tcp.TcpCounters TcpCounters => Tcp.Counters;

    /// <summary>TCP connections the host holds (every state but LISTEN and CLOSED).</summary>
    public int TcpConnections => Tcp.Connections;

    /// <summary>The congestion controller of TCP connections opened from now on (CUBIC, RFC 9438, by default, as Linux; or NewReno).</summary>
    public Tcp.TcpCongestionControl TcpCongestionControl { get => Tcp.CongestionControl; set => Tcp.CongestionControl = value; }

    /// <summary>Bytes in the send and receive buffers of TCP connections opened from now on (256 KB by default; up to 64 MB, with window scaling, RFC 7323).</summary>
    public int TcpBufferSize { get => Tcp.BufferSize; set => Tcp.BufferSize = Math.Clamp(value, 1, 64 << 20); }

    /// <summary>The forwarding part, when forwarding is on (<see cref="EnableForwarding"/>); null on a plain host.</summary>
    public Forwarder? Forwarder { get; private set; }

    /// <summary>The interfaces.</summary>
    public IReadOnlyList<NetworkInterface> Interfaces => _interfaces;

    /// <summary>The routing table of the host's own traffic.</summary>
    public RoutingTable Routes { get; } = new();

    /// <summary>Drops and deliveries.</summary>
    public HostCounters Counters { get; } = new();

    /// <summary>The most recent replies to this host's pings, in arrival order (bounded: a flood overwrites the oldest).</summary>
    public RecentRecords<EchoReply> EchoReplies => Icmp.EchoReplies;

    /// <summary>The most recent ICMP error and other messages received: who sent it, the type and code, when (bounded).</summary>
    public RecentRecords<(Ipv4Address From, IcmpType Type, byte Code, long Time)> IcmpMessages => Icmp.Messages;

    /// <summary>How long an ARP cache entry lives, in nanoseconds.</summary>
    public long ArpTimeout { get; set; } = 60 * Scheduler.Second;

    /// <summary>How long to wait for an ARP reply before asking again, in nanoseconds.</summary>
    public long ArpRetryInterval { get; set; } = Scheduler.Second;

    /// <summary>The initial TTL of packets the host sends (64, Linux's <c>ip_default_ttl</c>).</summary>
    public byte DefaultTimeToLive { get; set; } = 64;

    /// <summary>Spare and waiting packet buffers the host holds for ARP (bounded by the ARP layer's limits).</summary>
    public int HeldBuffers => Arp.PooledBuffers + Arp.QueuedBuffers;

    /// <summary>Turns forwarding on (<c>sysctl net.ipv4.ip_forward=1</c>): routes added from now on, and the on-link ones, fill its table too.</summary>
    public void EnableForwarding()
    {
        if (Forwarder is not null)
        {
            return;
        }
        Forwarder = new Forwarder(this);
        foreach (var route in Routes.Routes)
        {
            Forwarder.Add(route.Prefix, route.Length, route.Interface, route.Gateway);
        }
    }

    /// <summary>Adds an interface with <paramref name="address"/>/<paramref name="prefixLength"/> on <paramref name="nic"/>, and its on-link route.</summary>
    public NetworkInterface AddInterface(Nic nic, Ipv4Address address, int prefixLength)
    {
        var networkInterface = new NetworkInterface(nic, address, prefixLength);
        _interfaces.Add(networkInterface);
        nic.Owner = Name;
        nic.Context = networkInterface;
        nic.SetHandler(this);
        Install(new Route(address, prefixLength, networkInterface, null));
        return networkInterface;
    }

    /// <summary>Adds a default route through <paramref name="gateway"/>, which must be on one of the host's links.</summary>
    public void AddDefaultRoute(Ipv4Address gateway) => AddRoute(Ipv4Address.Any, 0, gateway);

    /// <summary>
    /// Adds a route to <paramref name="prefix"/>/<paramref name="length"/> via <paramref name="gateway"/>, which must be
    /// on one of the host's links (refused otherwise), to the routing table and, when forwarding is on, to the
    /// forwarding table.
    /// </summary>
    public void AddRoute(Ipv4Address prefix, int length, Ipv4Address gateway)
    {
        var onLink = Routes.Lookup(gateway);
        if (onLink is null || onLink.Gateway is not null)
        {
            throw new InvalidOperationException($"{gateway} is not on any of {Name}'s links.");
        }
        Install(new Route(prefix, length, onLink.Interface, gateway));
    }

    private void Install(Route route)
    {
        Routes.Add(route);
        Forwarder?.Add(route.Prefix, route.Length, route.Interface, route.Gateway);
    }

    /// <summary>
    /// Adds a permanent neighbour entry to the interface whose link <paramref name="address"/> is on, as
    /// <c>ip neigh add ... nud permanent</c> does.
    /// </summary>
    public void AddArpEntry(Ipv4Address address, MacAddress mac)
    {
        var route = Routes.Lookup(address);
        if (route is null || route.Gateway is not null)
        {
            throw new InvalidOperationException($"{address} is not on any of {Name}'s links.");
        }
        if (!route.Interface.Neighbors.TryAddPermanent(address, mac, Scheduler.Now))
        {
            throw new InvalidOperationException($"The neighbour table of {route.Interface.Nic.Name} is full.");
        }
    }

    /// <summary>The MAC address an interface of this host has cached for <paramref name="address"/>, if it has not expired.</summary>
    public bool TryGetArpEntry(Ipv4Address address, out MacAddress mac)
    {
        foreach (var networkInterface in _interfaces)
        {
            if (networkInterface.Neighbors.TryGet(address, Scheduler.Now, out mac))
            {
                return true;
            }
        }
        mac = default;
        return false;
    }

    /// <summary>Listens for TCP connections on <paramref name="port"/> (<c>listen()</c>), with room for <paramref name="backlog"/> completed and <paramref name="maxHalfOpen"/> half-open connections.</summary>
    public Tcp.TcpListener ListenTcp(ushort port, int backlog = 16, int maxHalfOpen = 64) => Tcp.Listen(port, backlog, maxHalfOpen);

    /// <summary>Opens a TCP connection to <paramref name="remote"/>:<paramref name="port"/> from an ephemeral port (<c>connect()</c>); it is open when its state is ESTABLISHED.</summary>
    public Tcp.TcpConnection ConnectTcp(Ipv4Address remote, ushort port) => Tcp.Connect(remote, port);

    /// <summary>Opens a TCP connection and completes when it is open (or fails with an <see cref="System.IO.IOException"/> saying why), as the simulation or the runner runs.</summary>
    public async System.Threading.Tasks.Task<Tcp.TcpConnection> ConnectTcpAsync(Ipv4Address remote, ushort port)
    {
        var connection = Tcp.Connect(remote, port);
        await connection.ConnectedAsync().ConfigureAwait(false);
        return connection;
    }

    /// <summary>Opens a UDP socket bound to <paramref name="port"/> with a socket buffer of <paramref name="bufferLimit"/> bytes.</summary>
    public UdpSocket OpenUdp(ushort port, int bufferLimit = UdpSocket.DefaultBufferLimit) => Udp.Open(port, bufferLimit);

    /// <summary>Whether <paramref name="address"/> is one of the host's own (or loopback).</summary>
    public bool IsLocal(Ipv4Address address)
    {
        if (address.Value >> 24 == LoopbackNetwork)
        {
            return true;
        }
        foreach (var networkInterface in _interfaces)
        {
            if (networkInterface.Address == address)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Sends an ICMP echo request (ping) to <paramref name="destination"/>; replies land in <see cref="EchoReplies"/>.</summary>
    public bool Ping(Ipv4Address destination, ushort identifier, ushort sequenceNumber, ReadOnlySpan<byte> data)
    {
        Emit(TraceLayer.Application, TraceKind.SyscallEntry, $"ping {destination} id={identifier} seq={sequenceNumber}");
        var echo = new IcmpHeader { Type = IcmpType.EchoRequest, RestOfHeader = ((uint)identifier << 16) | sequenceNumber };
        return Icmp.Send(destination, echo, data);
    }

    internal bool SendUdp(UdpSocket socket, Ipv4Address destination, ushort port, ReadOnlySpan<byte> payload) =>
        Udp.Send(socket, destination, port, payload);

    // ---------------------------------------------------------------- the link layer

    /// <summary>Pushes the Ethernet header in front of the packet in the TX buffer and posts the descriptor.</summary>
    internal void Transmit(NetworkInterface networkInterface, MacAddress destination, ref FrameBuilder builder)
    {
        builder.Push(new EthernetHeader { Source = networkInterface.MacAddress, Destination = destination });
        var frame = builder.Frame;
        if (Tracing)
        {
            Emit(TraceLayer.Link, TraceKind.FrameBuilt, EthernetHeader.ReadOnlyView.CreateUnchecked(frame).ToString());
        }
        networkInterface.Nic.PostTx(builder.Offset, frame.Length);
    }

    /// <inheritdoc/>
    public void HandleFrame(Nic nic, Span<byte> frame)
    {
        var networkInterface = InterfaceOf(nic);
        Counters.FramesReceived++;
        if (!EthernetHeader.View.TryCreate(frame, out var ethernet))
        {
            Counters.LinkErrors++;
            Emit(TraceLayer.Link, TraceKind.Dropped, "runt frame");
            return;
        }
        var destination = ethernet.Destination;
        if (destination != nic.Address && !destination.IsBroadcast)
        {
            Counters.LinkNotForUs++;
            return;
        }
        if (Tracing)
        {
            TraceHeader(TraceLayer.Link, frame, "");
        }
        switch (ethernet.EtherType)
        {
            case EtherType.Arp:
                Arp.Receive(networkInterface, ethernet.Payload);
                break;
            case EtherType.Ipv4:
                Ipv4.Receive(networkInterface, ethernet.Payload, frame);
                break;
            default:
                Counters.LinkErrors++;
                Note(TraceLayer.Link, TraceKind.Dropped, "EtherType 0x{0:x4} not spoken here", (long)ethernet.EtherType);
                break;
        }
    }

    /// <inheritdoc/>
    public void Prefetch(Nic nic, ReadOnlySpan<byte> frame)
    {
        if (Forwarder is { } forwarder && TryGetDestination(frame, out var destination))
        {
            forwarder.Prefetch(destination);
        }
    }

    /// <inheritdoc/>
    public void PrefetchDependent(Nic nic, ReadOnlySpan<byte> frame)
    {
        if (Forwarder is { } forwarder && TryGetDestination(frame, out var destination))
        {
            forwarder.PrefetchDependent(destination);
        }
    }

    // The destination of an IPv4 frame, unchecked beyond its length: for hints only.
    private static bool TryGetDestination(ReadOnlySpan<byte> frame, out Ipv4Address destination)
    {
        if (frame.Length >= EthernetHeader.FixedLength + Ipv4Header.FixedLength
            && EthernetHeader.ReadOnlyView.CreateUnchecked(frame).EtherType == EtherType.Ipv4)
        {
            destination = Ipv4Header.ReadOnlyView.CreateUnchecked(frame[EthernetHeader.FixedLength..]).DestinationAddress;
            return true;
        }
        destination = default;
        return false;
    }

    /// <summary>
    /// Received frames not yet matched by exactly one outcome counter: 0 whenever the host is between frames. Each
    /// frame the NICs hand up ends in one outcome (delivered, answered, forwarded, queued for a neighbour, or one named
    /// drop); a nonzero value means a path that counts twice or not at all.
    /// </summary>
    public long UnaccountedFrames
    {
        get
        {
            long outcomes = Counters.ReceiveOutcomes + Tcp.Counters.ReceiveOutcomes;
            foreach (var networkInterface in _interfaces)
            {
                outcomes += networkInterface.Forwarding.Outcomes;
            }
            return Counters.FramesReceived - outcomes;
        }
    }

    private NetworkInterface InterfaceOf(Nic nic) =>
        nic.Context as NetworkInterface ?? throw new InvalidOperationException($"{nic.Name} is not an interface of {Name}.");

    // ---------------------------------------------------------------- tracing

    // Trace formatting out of line: the receive path's frames then carry no string-building state.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    internal void Note(TraceLayer layer, TraceKind kind, string format, long a, long b = 0) =>
        Emit(layer, kind, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, a, b));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    internal void TraceHeader(TraceLayer layer, Span<byte> bytes, string suffix) => Emit(layer, TraceKind.HeaderStripped,
        (layer == TraceLayer.Link ? EthernetHeader.ReadOnlyView.CreateUnchecked(bytes).ToString() : Ipv4Header.ReadOnlyView.CreateUnchecked(bytes).ToString()) + suffix);

    /// <summary>Emits a trace event from this host (callers that format details check <see cref="ITraceSink.Enabled"/> first).</summary>
    protected internal void Emit(TraceLayer layer, TraceKind kind, string detail)
    {
        if (Tracing)
        {
            Trace.Emit(new TraceEvent(Scheduler.Now, Name, layer, kind, detail));
        }
    }
}
