using System;
using System.Collections.Generic;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Routing;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Hosts;

/// <summary>An answer to a ping: who answered, which request, and when.</summary>
public readonly record struct EchoReply(Ipv4Address From, ushort Identifier, ushort SequenceNumber, int TimeToLive, long Time);

/// <summary>
/// A host's network stack, in the lecture's layers: sockets, UDP and ICMP, IPv4 with a routing table, ARP with a
/// cache and a queue for packets whose next hop is being resolved, and Ethernet over NICs. Every byte it reads or
/// writes goes through HeaderGen's generated views and <see cref="FrameBuilder"/>; traces record each step.
/// </summary>
public class Host : IFrameHandler
{
    /// <summary>Room kept in front of a packet's data for the headers pushed on the way down.</summary>
    public const int Headroom = PacketBuffer.Headroom;

    private readonly List<NetworkInterface> _interfaces = new();
    private readonly Dictionary<ushort, UdpSocket> _sockets = new();
    private ushort _identification;

    /// <summary>Creates a host named <paramref name="name"/> in the simulation run by <paramref name="scheduler"/>.</summary>
    public Host(string name, Scheduler scheduler, ITraceSink? trace = null)
    {
        Name = name;
        Scheduler = scheduler;
        Trace = trace ?? NoTrace.Instance;
        Tracing = Trace.Enabled;
        Arp = new ArpLayer(this);
    }

    /// <summary>The ARP layer: next-hop resolution over the interfaces' neighbour tables.</summary>
    internal ArpLayer Arp { get; }

    /// <summary>The host's name in traces.</summary>
    public string Name { get; }

    /// <summary>The simulation's clock.</summary>
    public Scheduler Scheduler { get; }

    /// <summary>Where the host's trace events go.</summary>
    public ITraceSink Trace { get; }

    /// <summary>Whether the sink wants events (read once: the hot paths test a field, not an interface).</summary>
    protected bool Tracing { get; }

    /// <summary>The interfaces.</summary>
    public IReadOnlyList<NetworkInterface> Interfaces => _interfaces;

    /// <summary>The routing table.</summary>
    public RoutingTable Routes { get; } = new();

    /// <summary>Drops and deliveries.</summary>
    public HostCounters Counters { get; } = new();

    /// <summary>The most recent replies to this host's pings, in arrival order (bounded: a flood overwrites the oldest).</summary>
    public RecentRecords<EchoReply> EchoReplies { get; } = new();

    /// <summary>How long an ARP cache entry lives, in nanoseconds.</summary>
    public long ArpTimeout { get; set; } = 60 * Scheduler.Second;

    /// <summary>How long to wait for an ARP reply before asking again, in nanoseconds.</summary>
    public long ArpRetryInterval { get; set; } = Scheduler.Second;

    /// <summary>The initial TTL of packets the host sends.</summary>
    public byte DefaultTimeToLive { get; set; } = 64;

    /// <summary>Adds an interface with <paramref name="address"/>/<paramref name="prefixLength"/> on <paramref name="nic"/>, and its on-link route.</summary>
    public NetworkInterface AddInterface(Nic nic, Ipv4Address address, int prefixLength)
    {
        var networkInterface = new NetworkInterface(nic, address, prefixLength);
        _interfaces.Add(networkInterface);
        nic.Owner = Name;
        nic.Context = networkInterface;
        nic.SetHandler(this);
        Routes.Add(new Route(address, prefixLength, networkInterface, null));
        return networkInterface;
    }

    /// <summary>Adds a default route through <paramref name="gateway"/>.</summary>
    public void AddDefaultRoute(Ipv4Address gateway)
    {
        var route = Routes.Lookup(gateway) ?? throw new InvalidOperationException($"{gateway} is not on any of {Name}'s links.");
        Routes.Add(new Route(Ipv4Address.Any, 0, route.Interface, gateway));
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

    /// <summary>Spare and waiting packet buffers the host holds for ARP (bounded by <c>ArpLayer</c>'s limits).</summary>
    public int HeldBuffers => Arp.PooledBuffers + Arp.QueuedBuffers;

    /// <summary>Opens a UDP socket bound to <paramref name="port"/> with a socket buffer of <paramref name="bufferLimit"/> bytes.</summary>
    public UdpSocket OpenUdp(ushort port, int bufferLimit = 212_992)
    {
        if (_sockets.ContainsKey(port))
        {
            throw new InvalidOperationException($"Port {port} is already bound on {Name}.");
        }
        var socket = new UdpSocket(this, port, bufferLimit);
        _sockets.Add(port, socket);
        return socket;
    }

    /// <summary>Whether <paramref name="address"/> is one of the host's own (or loopback).</summary>
    public bool IsLocal(Ipv4Address address)
    {
        if (address.Value >> 24 == 127)
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
        return SendIcmp(destination, echo, data);
    }

    // ---------------------------------------------------------------- send path

    internal bool SendUdp(UdpSocket socket, Ipv4Address destination, ushort port, ReadOnlySpan<byte> payload)
    {
        if (Tracing)
        {
            Emit(TraceLayer.Application, TraceKind.SyscallEntry, $"sendto(port {socket.Port} -> {destination}:{port}, {payload.Length} bytes)");
        }
        if (IsLocal(destination))
        {
            return ShortCircuit(socket, destination, port, payload);
        }
        if (!TryStartPacket(destination, Ipv4Header.FixedLength + UdpHeader.FixedLength + payload.Length, out var route, out var buffer, out bool resolved, out var nextHopMac))
        {
            return false;
        }
        var udp = new UdpHeader { SourcePort = socket.Port, DestinationPort = port };
        // The builder changes in place at each step (copying it right after a step would stall on the copy's loads).
        var builder = new FrameBuilder(buffer.Data, Headroom);
        builder.Payload(payload).Push(udp);
        if (Tracing)
        {
            Emit(TraceLayer.Transport, TraceKind.TransportHeaderAdded, UdpHeader.ReadOnlyView.CreateUnchecked(builder.Frame).ToString());
        }
        builder.Push(NewIpv4(route.Interface.Address, destination));
        Counters.UdpSent++;
        return FinishPacket(route, destination, buffer, resolved, nextHopMac, ref builder);
    }

    private protected bool SendIcmp(Ipv4Address destination, IcmpHeader icmp, ReadOnlySpan<byte> data)
    {
        if (!TryStartPacket(destination, Ipv4Header.FixedLength + IcmpHeader.FixedLength + data.Length, out var route, out var buffer, out bool resolved, out var nextHopMac))
        {
            return false;
        }
        var builder = new FrameBuilder(buffer.Data, Headroom);
        builder.Payload(data).Push(icmp);
        if (Tracing)
        {
            Emit(TraceLayer.Transport, TraceKind.TransportHeaderAdded, IcmpHeader.ReadOnlyView.CreateUnchecked(builder.Frame).ToString());
        }
        builder.Push(NewIpv4(route.Interface.Address, destination));
        return FinishPacket(route, destination, buffer, resolved, nextHopMac, ref builder);
    }

    private Ipv4Header NewIpv4(Ipv4Address source, Ipv4Address destination) => new()
    {
        Identification = _identification++,
        DontFragment = true,
        TimeToLive = DefaultTimeToLive,
        SourceAddress = source,
        DestinationAddress = destination,
    };

    /// <summary>
    /// Routes <paramref name="destination"/>, checks that a packet of <paramref name="packetLength"/> bytes fits the
    /// interface's MTU, and picks the buffer to build in: the next TX descriptor's when the next hop's MAC address is
    /// known, a pooled one (to wait for ARP) when it is not.
    /// </summary>
    private protected bool TryStartPacket(Ipv4Address destination, int packetLength, out Route route, out PacketBuffer buffer, out bool resolved, out MacAddress nextHopMac)
    {
        buffer = null!;
        resolved = false;
        nextHopMac = default;
        route = Routes.Lookup(destination)!;
        if (route is null)
        {
            Counters.IpNoRoute++;
            Emit(TraceLayer.Network, TraceKind.Dropped, $"no route to {destination}");
            return false;
        }
        if (packetLength > route.Interface.Mtu)
        {
            Counters.MessageTooLong++;
            Note(TraceLayer.Network, TraceKind.Dropped, "{0}-byte packet exceeds the MTU of {1}; fragmentation is not done", packetLength, route.Interface.Mtu);
            return false;
        }
        var nextHop = route.Gateway ?? destination;
        if (nextHop == Ipv4Address.Broadcast || nextHop == route.Interface.SubnetBroadcast)
        {
            nextHopMac = MacAddress.Broadcast;
            resolved = true;
        }
        else
        {
            resolved = route.Interface.Neighbors.TryGet(nextHop, Scheduler.Now, out nextHopMac);
        }
        if (resolved)
        {
            if (!route.Interface.Nic.TryGetTxBuffer(out buffer))
            {
                Counters.TxRingFullDrops++;
                Emit(TraceLayer.Driver, TraceKind.Dropped, "TX ring full");
                return false;
            }
            return true;
        }
        buffer = Arp.Rent();
        return true;
    }

    /// <summary>Finishes an IP packet built in <paramref name="buffer"/>: frames and posts it, or queues it for ARP.</summary>
    private protected bool FinishPacket(Route route, Ipv4Address destination, PacketBuffer buffer, bool resolved, MacAddress nextHopMac, ref FrameBuilder builder)
    {
        if (!builder.TryGetFrame(out var packet, out var error))
        {
            Emit(TraceLayer.Network, TraceKind.Dropped, error.ToString());
            if (!resolved)
            {
                Arp.Return(buffer);
            }
            return false;
        }
        if (Tracing)
        {
            Emit(TraceLayer.Network, TraceKind.IpHeaderAdded, Ipv4Header.ReadOnlyView.CreateUnchecked(packet).ToString());
        }
        var nextHop = route.Gateway ?? destination;
        if (resolved)
        {
            if (Tracing)
            {
                Emit(TraceLayer.Network, TraceKind.NextHopResolved, $"route {route}: next hop {nextHop} is at {nextHopMac}");
            }
            Transmit(route.Interface, nextHopMac, ref builder);
            return true;
        }
        return Arp.Queue(route.Interface, nextHop, buffer, builder.Offset, packet.Length);
    }

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

    private bool ShortCircuit(UdpSocket from, Ipv4Address destination, ushort port, ReadOnlySpan<byte> payload)
    {
        Emit(TraceLayer.Socket, TraceKind.LocalShortCircuit, $"{destination} is this host: copy {payload.Length} bytes socket to socket; no headers, no frame, no NIC");
        if (!_sockets.TryGetValue(port, out var socket))
        {
            Counters.LocalDrops++;
            Emit(TraceLayer.Socket, TraceKind.Dropped, $"no socket on port {port}");
            return false;
        }
        if (!Deliver(socket, payload, destination, from.Port))
        {
            Counters.LocalDrops++;
            return false;
        }
        Counters.LocalDeliveries++;
        return true;
    }

    // ---------------------------------------------------------------- receive path

    /// <inheritdoc/>
    public virtual void HandleFrame(Nic nic, Span<byte> frame)
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
                ReceiveIpv4(networkInterface, ethernet.Payload, frame);
                break;
            default:
                Counters.LinkErrors++;
                Note(TraceLayer.Link, TraceKind.Dropped, "EtherType 0x{0:x4} not spoken here", (long)ethernet.EtherType);
                break;
        }
    }

    /// <summary>The IPv4 receive path: checks, then local delivery (a router overrides <see cref="ReceiveForeign"/> to forward).</summary>
    private void ReceiveIpv4(NetworkInterface networkInterface, Span<byte> data, Span<byte> frame)
    {
        if (!Ipv4Header.View.TryCreate(data, out var ip) || ip.TotalLength < ip.HeaderLength || ip.TotalLength > data.Length)
        {
            Counters.IpHeaderErrors++;
            if (Tracing)
            {
                TraceBadIpv4(data);
            }
            return;
        }
        if (!ip.VerifyChecksum())
        {
            Counters.IpBadChecksum++;
            Note(TraceLayer.Network, TraceKind.Dropped, "IPv4 header checksum 0x{0:x4} does not verify", ip.HeaderChecksum);
            return;
        }
        var packet = data[..ip.TotalLength];
        var destination = ip.DestinationAddress;
        if (!IsLocal(destination) && destination != Ipv4Address.Broadcast && destination != networkInterface.SubnetBroadcast)
        {
            ReceiveForeign(networkInterface, packet, frame);
            return;
        }
        if (ip.TimeToLive == 0)
        {
            Counters.IpTtlZero++;
            Emit(TraceLayer.Network, TraceKind.Dropped, "TTL 0");
            return;
        }
        if (Tracing)
        {
            TraceHeader(TraceLayer.Network, data, " [checksum good]");
        }
        var readOnly = Ipv4Header.ReadOnlyView.CreateUnchecked(packet);
        switch (ip.Protocol)
        {
            case IpProtocol.Udp:
                Counters.IpDelivered++;
                ReceiveUdp(readOnly, packet[ip.HeaderLength..]);
                break;
            case IpProtocol.Icmp:
                Counters.IpDelivered++;
                ReceiveIcmp(readOnly, packet[ip.HeaderLength..]);
                break;
            default:
                Counters.IpUnknownProtocol++;
                Note(TraceLayer.Network, TraceKind.Dropped, "protocol {0} not spoken here", (long)ip.Protocol);
                break;
        }
    }

    /// <summary>A packet for another host: a host drops it (counted); a router forwards it.</summary>
    protected virtual void ReceiveForeign(NetworkInterface networkInterface, Span<byte> packet, Span<byte> frame)
    {
        Counters.IpWrongDestination++;
        Emit(TraceLayer.Network, TraceKind.Dropped, "not for this host (hosts do not forward)");
    }

    private void ReceiveUdp(Ipv4Header.ReadOnlyView ip, Span<byte> segment)
    {
        if (!UdpHeader.View.TryCreate(segment, out var udp) || udp.Length < UdpHeader.FixedLength || udp.Length > segment.Length)
        {
            Counters.UdpHeaderErrors++;
            Emit(TraceLayer.Transport, TraceKind.Dropped, "malformed UDP header");
            return;
        }
        var datagram = UdpHeader.View.CreateUnchecked(segment[..udp.Length]);
        if (!datagram.VerifyChecksum(Ipv4PseudoHeader.For(ip)))
        {
            Counters.UdpBadChecksum++;
            Emit(TraceLayer.Transport, TraceKind.Dropped, $"UDP checksum 0x{udp.Checksum:x4} does not verify");
            return;
        }
        if (Tracing)
        {
            Emit(TraceLayer.Transport, TraceKind.HeaderStripped, datagram.ToString() + " [checksum good]");
        }
        if (!_sockets.TryGetValue(udp.DestinationPort, out var socket))
        {
            Counters.UdpNoPort++;
            Emit(TraceLayer.Transport, TraceKind.Dropped, $"no socket on port {udp.DestinationPort}");
            return;
        }
        if (Deliver(socket, datagram.Payload, ip.SourceAddress, udp.SourcePort))
        {
            Counters.UdpDelivered++;
        }
        else
        {
            Counters.SocketBufferDrops++;
        }
    }

    private bool Deliver(UdpSocket socket, ReadOnlySpan<byte> payload, Ipv4Address source, ushort sourcePort)
    {
        if (!socket.Enqueue(payload, source, sourcePort, Scheduler.Now, out bool woken))
        {
            Emit(TraceLayer.Socket, TraceKind.Dropped, $"socket buffer of port {socket.Port} full ({socket.Buffered} of {socket.BufferLimit} bytes)");
            return false;
        }
        if (Tracing)
        {
            Emit(TraceLayer.Socket, TraceKind.SocketBuffered, $"port {socket.Port}: {payload.Length} bytes from {source}:{sourcePort}");
            if (woken)
            {
                Emit(TraceLayer.Application, TraceKind.ReceiverWoken, $"process sleeping in recvfrom on port {socket.Port} woken");
            }
        }
        return true;
    }

    private void ReceiveIcmp(Ipv4Header.ReadOnlyView ip, Span<byte> message)
    {
        if (!IcmpHeader.View.TryCreate(message, out var icmp) || !icmp.VerifyChecksum())
        {
            Counters.IcmpBadChecksum++;
            Emit(TraceLayer.Transport, TraceKind.Dropped, "ICMP checksum does not verify");
            return;
        }
        if (Tracing)
        {
            Emit(TraceLayer.Transport, TraceKind.HeaderStripped, icmp.ToString() + " [checksum good]");
        }
        switch (icmp.Type)
        {
            case IcmpType.EchoRequest:
                Emit(TraceLayer.Transport, TraceKind.EchoReplied, $"echo request from {ip.SourceAddress}: replying");
                if (SendIcmp(ip.SourceAddress, new IcmpHeader { Type = IcmpType.EchoReply, RestOfHeader = icmp.RestOfHeader }, icmp.Payload))
                {
                    Counters.EchoRequestsAnswered++;
                }
                else
                {
                    Counters.EchoReplyFailed++;
                }
                break;
            case IcmpType.EchoReply:
                Counters.EchoRepliesReceived++;
                EchoReplies.Add(new EchoReply(ip.SourceAddress, (ushort)(icmp.RestOfHeader >> 16), (ushort)icmp.RestOfHeader, ip.TimeToLive, Scheduler.Now));
                break;
            default:
                Counters.IcmpOtherReceived++;
                OnIcmpMessage(ip, icmp.Type, icmp.Code, icmp.Payload);
                break;
        }
    }

    /// <summary>Errors and other ICMP messages (time exceeded, unreachable): recorded for the process that cares.</summary>
    protected virtual void OnIcmpMessage(Ipv4Header.ReadOnlyView ip, IcmpType type, byte code, ReadOnlySpan<byte> quoted)
    {
        IcmpMessages.Add((ip.SourceAddress, type, code, Scheduler.Now));
    }

    /// <summary>The most recent ICMP error and other messages received: who sent it, the type and code, when (bounded).</summary>
    public RecentRecords<(Ipv4Address From, IcmpType Type, byte Code, long Time)> IcmpMessages { get; } = new();

    /// <summary>
    /// Received frames not yet matched by exactly one outcome counter: 0 whenever the host is between frames. Each
    /// frame the NICs hand up ends in one outcome (delivered, answered, forwarded, queued for a neighbour, or one named
    /// drop); a nonzero value means a path that counts twice or not at all.
    /// </summary>
    public long UnaccountedFrames
    {
        get
        {
            long outcomes = Counters.ReceiveOutcomes;
            foreach (var networkInterface in _interfaces)
            {
                outcomes += networkInterface.Forwarding.Outcomes;
            }
            return Counters.FramesReceived - outcomes;
        }
    }

    private NetworkInterface InterfaceOf(Nic nic) =>
        nic.Context as NetworkInterface ?? throw new InvalidOperationException($"{nic.Name} is not an interface of {Name}.");

    // Trace formatting out of line: the receive path's frames then carry no string-building state.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private protected void Note(TraceLayer layer, TraceKind kind, string format, long a, long b = 0) =>
        Emit(layer, kind, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, a, b));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void TraceHeader(TraceLayer layer, Span<byte> bytes, string suffix) => Emit(layer, TraceKind.HeaderStripped,
        (layer == TraceLayer.Link ? EthernetHeader.ReadOnlyView.CreateUnchecked(bytes).ToString() : Ipv4Header.ReadOnlyView.CreateUnchecked(bytes).ToString()) + suffix);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void TraceBadIpv4(Span<byte> data)
    {
        Ipv4Header.TryValidate(data, out _, out var error);
        Emit(TraceLayer.Network, TraceKind.Dropped, error.IsNone ? "IPv4 total length does not fit the frame" : error.ToString());
    }

    /// <summary>Emits a trace event from this host (callers that format details check <see cref="ITraceSink.Enabled"/> first).</summary>
    protected internal void Emit(TraceLayer layer, TraceKind kind, string detail)
    {
        if (Tracing)
        {
            Trace.Emit(new TraceEvent(Scheduler.Now, Name, layer, kind, detail));
        }
    }
}
