using System;
using System.Buffers;
using HeaderGen.Options;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Tracing;
using HeaderGen.Layers;

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
    public byte[]? Large;
    public bool AllowFragments;
    public bool Resolved;
    public MacAddress NextHopMac;
    public FrameBuilder Builder;
}

/// <summary>
/// The host's IPv4 (RFC 791): the receive path's checks (header, lengths, checksum, TTL), reassembly of fragments,
/// local delivery to the transport registered for the protocol number, packets for other hosts to the forwarder (or
/// a counted drop), and the send path's routing, header, fragmentation of datagrams larger than the MTU, and
/// hand-off to ARP or the link layer. As Linux does by default (path MTU discovery "want"), packets that fit the
/// MTU go out with DF set and larger datagrams are fragmented.
/// </summary>
internal sealed class Ipv4Layer
{
    /// <summary>The IPv4 header without options.</summary>
    private const int MinimumHeaderLength = 20;

    private readonly Host _host;
    private readonly IIpv4Transport?[] _transports = new IIpv4Transport?[256];
    private readonly Ipv4Reassembler _reassembler;
    private ushort _identification;

    public Ipv4Layer(Host host)
    {
        _host = host;
        _reassembler = new Ipv4Reassembler(host);
    }

    /// <summary>Datagrams in reassembly.</summary>
    public int ReassembliesInProgress => _reassembler.InProgress;

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
        if (ip.MoreFragments || ip.FragmentOffset != 0)
        {
            if (_reassembler.TryAdd(Ipv4Header.ReadOnlyView.CreateUnchecked(packet), packet, out var whole, out var token))
            {
                try
                {
                    Deliver(whole);
                }
                finally
                {
                    Ipv4Reassembler.Release(token);
                }
            }
            return;
        }
        Deliver(packet);
    }

    private void Deliver(Span<byte> packet)
    {
        var ip = Ipv4Header.ReadOnlyView.CreateUnchecked(packet);
        var transport = _transports[(byte)ip.Protocol];
        if (transport is null)
        {
            _host.Counters.IpUnknownProtocol++;
            _host.Note(TraceLayer.Network, TraceKind.Dropped, "protocol {0} not spoken here", (long)ip.Protocol);
            return;
        }
        _host.Counters.IpDelivered++;
        transport.Receive(ip, packet[ip.HeaderLength..]);
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
        if (packetLength > Ipv4Reassembler.MaxDatagramLength)
        {
            counters.MessageTooLong++;
            _host.Note(TraceLayer.Network, TraceKind.Dropped, "{0}-byte datagram is longer than IPv4 allows ({1})", packetLength, Ipv4Reassembler.MaxDatagramLength);
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
        if (packetLength > route.Interface.Mtu)
        {
            // Built whole in a rented array, then cut into fragments (now, or when ARP has resolved the next hop).
            packet.Large = ArrayPool<byte>.Shared.Rent(Host.Headroom + packetLength);
            packet.Builder = new FrameBuilder(packet.Large, Host.Headroom);
            return true;
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
            packet.Buffer = _host.Arp.Rent(packetLength);
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
            DontFragment = packet.Large is null && !packet.AllowFragments,
            TimeToLive = _host.DefaultTimeToLive,
            SourceAddress = packet.Route.Interface.Address,
            DestinationAddress = packet.Destination,
        });
        if (!packet.Builder.TryGetFrame(out var bytes, out var error))
        {
            _host.Emit(TraceLayer.Network, TraceKind.Dropped, error.ToString());
            if (packet.Large is not null)
            {
                ArrayPool<byte>.Shared.Return(packet.Large);
            }
            else if (!packet.Resolved)
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
        if (packet.Large is { } large)
        {
            if (!packet.Resolved)
            {
                return _host.Arp.QueueLarge(route.Interface, nextHop, large, packet.Builder.Offset, bytes.Length);
            }
            bool sent = SendFragments(route.Interface, packet.NextHopMac, bytes);
            ArrayPool<byte>.Shared.Return(large);
            return sent;
        }
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

    /// <summary>
    /// Sends a whole IPv4 packet (a copy is made into TX buffers) out of <paramref name="networkInterface"/> to
    /// <paramref name="mac"/>: as it is when it fits the MTU, in fragments when it does not. False when it could not
    /// all go (TX ring full, counted).
    /// </summary>
    public bool Output(NetworkInterface networkInterface, MacAddress mac, ReadOnlySpan<byte> packet)
    {
        if (packet.Length > networkInterface.Mtu)
        {
            return SendFragments(networkInterface, mac, packet);
        }
        if (!networkInterface.Nic.TryGetTxBuffer(out var buffer))
        {
            _host.Counters.TxRingFullDrops++;
            return false;
        }
        packet.CopyTo(buffer.Data.AsSpan(Host.Headroom));
        var builder = FrameBuilder.Around(buffer.Data, Host.Headroom, packet.Length, LayerKind.Ipv4Header);
        _host.Transmit(networkInterface, mac, ref builder);
        return true;
    }

    /// <summary>
    /// Cuts <paramref name="packet"/> (whose DF is clear) into fragments that fit the interface's MTU (RFC 791 3.2):
    /// each carries a multiple of 8 bytes but the last, the first carries every option and the others only the
    /// options whose copied flag is set; a packet that was itself a fragment keeps its offset and MF in its pieces.
    /// </summary>
    public bool SendFragments(NetworkInterface networkInterface, MacAddress mac, ReadOnlySpan<byte> packet)
    {
        var ip = Ipv4Header.ReadOnlyView.CreateUnchecked(packet);
        int headerLength = ip.HeaderLength;
        var data = packet[headerLength..];
        Span<byte> laterOptions = stackalloc byte[40];
        int laterOptionsLength = CopiedOptions(ip.Options, laterOptions);
        int baseOffset = ip.FragmentOffset * 8;
        bool baseMore = ip.MoreFragments;
        int position = 0;
        int fragments = 0;
        while (position < data.Length)
        {
            int fragmentHeader = position == 0 ? headerLength : MinimumHeaderLength + laterOptionsLength;
            int chunk = Math.Min((networkInterface.Mtu - fragmentHeader) & ~7, data.Length - position);
            if (!networkInterface.Nic.TryGetTxBuffer(out var buffer))
            {
                _host.Counters.TxRingFullDrops++;
                _host.Emit(TraceLayer.Driver, TraceKind.Dropped, "TX ring full: the rest of the datagram's fragments are lost");
                return false;
            }
            var fragment = buffer.Data.AsSpan(Host.Headroom, fragmentHeader + chunk);
            if (position == 0)
            {
                packet[..headerLength].CopyTo(fragment);
            }
            else
            {
                packet[..MinimumHeaderLength].CopyTo(fragment);
                laterOptions[..laterOptionsLength].CopyTo(fragment[MinimumHeaderLength..]);
            }
            data.Slice(position, chunk).CopyTo(fragment[fragmentHeader..]);
            var header = Ipv4Header.View.CreateUnchecked(fragment);
            header.Ihl = (byte)(fragmentHeader / 4);
            header.TotalLength = (ushort)fragment.Length;
            header.DontFragment = false;
            header.MoreFragments = position + chunk < data.Length || baseMore;
            header.FragmentOffset = (ushort)((baseOffset + position) / 8);
            header.FillChecksum();
            var builder = FrameBuilder.Around(buffer.Data, Host.Headroom, fragment.Length, LayerKind.Ipv4Header);
            _host.Transmit(networkInterface, mac, ref builder);
            position += chunk;
            fragments++;
        }
        _host.Counters.DatagramsFragmented++;
        _host.Counters.FragmentsSent += fragments;
        _host.Note(TraceLayer.Network, TraceKind.Fragmented, "{0}-byte datagram sent as {1} fragments", packet.Length, fragments);
        return true;
    }

    /// <summary>The options a fragment after the first repeats (copied flag set, RFC 791 3.1), padded to 32 bits.</summary>
    private static int CopiedOptions(ReadOnlySpan<byte> options, Span<byte> destination)
    {
        int length = 0;
        var reader = new OptionReader(options, "IPv4 options");
        while (reader.MoveNext())
        {
            var option = reader.Current;
            if ((option.Kind & 0x80) != 0)
            {
                option.Bytes.CopyTo(destination[length..]);
                length += option.Bytes.Length;
            }
        }
        int padded = (length + 3) & ~3;
        destination[length..padded].Clear();
        return padded;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void TraceBadHeader(Span<byte> data)
    {
        Ipv4Header.TryValidate(data, out _, out var error);
        _host.Emit(TraceLayer.Network, TraceKind.Dropped, error.IsNone ? "IPv4 total length does not fit the frame" : error.ToString());
    }
}
