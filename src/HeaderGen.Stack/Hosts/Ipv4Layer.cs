using System;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Routing;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Hosts;

/// <summary>A transport over IPv4 (UDP, ICMP; TCP later): the IPv4 layer hands it the packets of its protocol number.</summary>
internal interface IIpv4Transport
{
    /// <summary>A checked packet for this host: its header, and the bytes after it up to the total length.</summary>
    void Receive(Ipv4Header.ReadOnlyView ip, Span<byte> segment);
}

/// <summary>An IPv4 packet being built for sending: where it goes, and the buffer it is built in.</summary>
internal ref struct OutgoingPacket
{
    public Route Route;
    public Ipv4Address Destination;
    public PacketBuffer Buffer;
    public bool Resolved;
    public MacAddress NextHopMac;
    public FrameBuilder Builder;
}

/// <summary>
/// The host's IPv4 (RFC 791): the receive path's checks (header, lengths, checksum, TTL), local delivery to the
/// transport registered for the protocol number, packets for other hosts to the forwarder (or a counted drop), and
/// the send path's routing, MTU check, header and hand-off to ARP or the link layer.
/// </summary>
internal sealed class Ipv4Layer
{
    private readonly Host _host;
    private readonly IIpv4Transport?[] _transports = new IIpv4Transport?[256];
    private ushort _identification;

    public Ipv4Layer(Host host) => _host = host;

    /// <summary>Hands packets of <paramref name="protocol"/> to <paramref name="transport"/>.</summary>
    public void Register(IpProtocol protocol, IIpv4Transport transport) => _transports[(byte)protocol] = transport;

    /// <summary>The IPv4 receive path for a frame's payload <paramref name="data"/> that came in on <paramref name="networkInterface"/>.</summary>
    public void Receive(NetworkInterface networkInterface, Span<byte> data, Span<byte> frame)
    {
        var counters = _host.Counters;
        if (!Ipv4Header.View.TryCreate(data, out var ip) || ip.TotalLength < ip.HeaderLength || ip.TotalLength > data.Length)
        {
            counters.IpHeaderErrors++;
            if (_host.Tracing)
            {
                TraceBadHeader(data);
            }
            return;
        }
        if (!ip.VerifyChecksum())
        {
            counters.IpBadChecksum++;
            _host.Note(TraceLayer.Network, TraceKind.Dropped, "IPv4 header checksum 0x{0:x4} does not verify", ip.HeaderChecksum);
            return;
        }
        var packet = data[..ip.TotalLength];
        var destination = ip.DestinationAddress;
        if (!_host.IsLocal(destination) && destination != Ipv4Address.Broadcast && destination != networkInterface.SubnetBroadcast)
        {
            if (_host.Forwarder is { } forwarder)
            {
                forwarder.Forward(networkInterface, packet, frame);
                return;
            }
            counters.IpWrongDestination++;
            _host.Emit(TraceLayer.Network, TraceKind.Dropped, "not for this host (forwarding is off)");
            return;
        }
        if (ip.TimeToLive == 0)
        {
            counters.IpTtlZero++;
            _host.Emit(TraceLayer.Network, TraceKind.Dropped, "TTL 0");
            return;
        }
        if (_host.Tracing)
        {
            _host.TraceHeader(TraceLayer.Network, data, " [checksum good]");
        }
        var transport = _transports[(byte)ip.Protocol];
        if (transport is null)
        {
            counters.IpUnknownProtocol++;
            _host.Note(TraceLayer.Network, TraceKind.Dropped, "protocol {0} not spoken here", (long)ip.Protocol);
            return;
        }
        counters.IpDelivered++;
        transport.Receive(Ipv4Header.ReadOnlyView.CreateUnchecked(packet), packet[ip.HeaderLength..]);
    }

    /// <summary>
    /// Routes <paramref name="destination"/>, checks that a packet of <paramref name="packetLength"/> bytes fits the
    /// interface's MTU, and picks the buffer to build in: the next TX descriptor's when the next hop's MAC address is
    /// known, a pooled one (to wait for ARP) when it is not. The transport then builds its payload and header in
    /// <see cref="OutgoingPacket.Builder"/> and calls <see cref="Finish"/>.
    /// </summary>
    public bool TryStart(Ipv4Address destination, int packetLength, out OutgoingPacket packet)
    {
        packet = default;
        var counters = _host.Counters;
        var route = _host.Routes.Lookup(destination);
        if (route is null)
        {
            counters.IpNoRoute++;
            _host.Emit(TraceLayer.Network, TraceKind.Dropped, $"no route to {destination}");
            return false;
        }
        if (packetLength > route.Interface.Mtu)
        {
            counters.MessageTooLong++;
            _host.Note(TraceLayer.Network, TraceKind.Dropped, "{0}-byte packet exceeds the MTU of {1}; fragmentation is not done", packetLength, route.Interface.Mtu);
            return false;
        }
        packet.Route = route;
        packet.Destination = destination;
        var nextHop = route.Gateway ?? destination;
        if (nextHop == Ipv4Address.Broadcast || nextHop == route.Interface.SubnetBroadcast)
        {
            packet.NextHopMac = MacAddress.Broadcast;
            packet.Resolved = true;
        }
        else
        {
            packet.Resolved = route.Interface.Neighbors.TryGet(nextHop, _host.Scheduler.Now, out packet.NextHopMac);
        }
        if (packet.Resolved)
        {
            if (!route.Interface.Nic.TryGetTxBuffer(out packet.Buffer))
            {
                counters.TxRingFullDrops++;
                _host.Emit(TraceLayer.Driver, TraceKind.Dropped, "TX ring full");
                return false;
            }
        }
        else
        {
            packet.Buffer = _host.Arp.Rent();
        }
        // The builder changes in place at each step (copying it right after a step would stall on the copy's loads).
        packet.Builder = new FrameBuilder(packet.Buffer.Data, Host.Headroom);
        return true;
    }

    /// <summary>Pushes the IPv4 header in front of the transport's segment, then frames and posts the packet, or queues it for ARP.</summary>
    public bool Finish(ref OutgoingPacket packet)
    {
        packet.Builder.Push(new Ipv4Header
        {
            Identification = _identification++,
            DontFragment = true,
            TimeToLive = _host.DefaultTimeToLive,
            SourceAddress = packet.Route.Interface.Address,
            DestinationAddress = packet.Destination,
        });
        if (!packet.Builder.TryGetFrame(out var bytes, out var error))
        {
            _host.Emit(TraceLayer.Network, TraceKind.Dropped, error.ToString());
            if (!packet.Resolved)
            {
                _host.Arp.Return(packet.Buffer);
            }
            return false;
        }
        if (_host.Tracing)
        {
            _host.Emit(TraceLayer.Network, TraceKind.IpHeaderAdded, Ipv4Header.ReadOnlyView.CreateUnchecked(bytes).ToString());
        }
        var route = packet.Route;
        var nextHop = route.Gateway ?? packet.Destination;
        if (packet.Resolved)
        {
            if (_host.Tracing)
            {
                _host.Emit(TraceLayer.Network, TraceKind.NextHopResolved, $"route {route}: next hop {nextHop} is at {packet.NextHopMac}");
            }
            _host.Transmit(route.Interface, packet.NextHopMac, ref packet.Builder);
            return true;
        }
        return _host.Arp.Queue(route.Interface, nextHop, packet.Buffer, packet.Builder.Offset, bytes.Length);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void TraceBadHeader(Span<byte> data)
    {
        Ipv4Header.TryValidate(data, out _, out var error);
        _host.Emit(TraceLayer.Network, TraceKind.Dropped, error.IsNone ? "IPv4 total length does not fit the frame" : error.ToString());
    }
}
