using System;
using System.Collections.Generic;
using HeaderGen.Protocols;
using HeaderGen.Stack.Routing;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Hosts;

/// <summary>
/// The forwarding part of a node (Linux's <c>ip_forward</c>): what is not for the node itself is looked up in a
/// DIR-24-8 table, its TTL decremented in place in the receive buffer with the RFC 1624 checksum update, its next
/// hop resolved in the egress interface's neighbour table (queueing while ARP runs), and the frame rebuilt around
/// the same packet on the egress NIC's TX ring. TTL expiry, missing routes and packets too big for a DF-marked path
/// are answered with ICMP, quoting the original header as RFC 792 requires. The NIC has verified the FCS and the IPv4
/// layer the header (version, lengths, checksum). Routes enter through <see cref="Host.AddRoute"/>, which checks
/// the gateway and fills the node's routing table too.
/// </summary>
public sealed class Forwarder
{
    private readonly Host _host;
    private readonly ForwardingTable _table = new();
    private readonly List<(NetworkInterface Interface, Ipv4Address? Gateway)> _nextHops = new();
    private readonly Dictionary<(NetworkInterface, Ipv4Address?), int> _nextHopIndex = new();

    // Per gateway next hop, the MAC address its neighbour table gave, while the table has not changed and the entry
    // lives: a route's frames skip the neighbour table's hash lookup (Linux keeps a neighbour in its route's dst).
    private Resolved[] _resolved = new Resolved[16];

    private record struct Resolved(long Version, MacAddress Mac, long Expires);

    internal Forwarder(Host host) => _host = host;

    /// <summary>Prefixes in the forwarding table.</summary>
    public int RouteCount => _table.Count;

    /// <summary>Memory the forwarding table holds, in bytes.</summary>
    public long TableMemoryBytes => _table.MemoryBytes;

    /// <summary>The egress interface and gateway (none when on-link) for <paramref name="destination"/>.</summary>
    public bool TryLookup(Ipv4Address destination, out NetworkInterface egress, out Ipv4Address? gateway)
    {
        if (_table.TryLookup(destination, out int index))
        {
            (egress, gateway) = _nextHops[index];
            return true;
        }
        egress = null!;
        gateway = null;
        return false;
    }

    /// <summary>Starts loading the table entry of <paramref name="destination"/>, a few frames before <see cref="Forward"/> needs it.</summary>
    internal void Prefetch(Ipv4Address destination) => _table.Prefetch(destination);

    internal void PrefetchDependent(Ipv4Address destination) => _table.PrefetchSecondLevel(destination);

    internal void Add(Ipv4Address prefix, int length, NetworkInterface networkInterface, Ipv4Address? gateway)
    {
        if (!_nextHopIndex.TryGetValue((networkInterface, gateway), out int index))
        {
            index = _nextHops.Count;
            _nextHops.Add((networkInterface, gateway));
            _nextHopIndex.Add((networkInterface, gateway), index);
            if (index == _resolved.Length)
            {
                Array.Resize(ref _resolved, index * 2);
            }
        }
        _table.Add(prefix, length, index);
    }

    /// <summary>The MAC address of <paramref name="nextHop"/>, from the route's cache while it holds, else the neighbour table.</summary>
    private bool TryResolve(int index, NetworkInterface egress, Ipv4Address? gateway, Ipv4Address nextHop, out MacAddress mac)
    {
        long now = _host.Scheduler.Now;
        var neighbors = egress.Neighbors;
        if (gateway is null)
        {
            return neighbors.TryGet(nextHop, now, out mac);   // on-link: the next hop is each packet's destination
        }
        ref var cached = ref _resolved[index];
        if (cached.Version == neighbors.Version && now < cached.Expires)
        {
            mac = cached.Mac;
            return true;
        }
        if (!neighbors.TryGet(nextHop, now, out mac, out long expires))
        {
            return false;
        }
        cached = new Resolved(neighbors.Version, mac, expires);
        return true;
    }

    /// <summary>Forwards <paramref name="packet"/>, which came in on <paramref name="ingress"/> in <paramref name="frame"/>.</summary>
    internal void Forward(NetworkInterface ingress, Span<byte> packet, Span<byte> frame)
    {
        var counters = ingress.Forwarding;
        var ip = Ipv4Header.View.CreateUnchecked(packet);
        var destination = ip.DestinationAddress;
        if (ip.TimeToLive <= 1)
        {
            counters.TtlExpired++;
            _host.Icmp.SendError(IcmpType.TimeExceeded, 0, 0, packet, $"TTL {ip.TimeToLive} expires here");
            return;
        }
        if (!_table.TryLookup(destination, out int index))
        {
            counters.NoRoute++;
            _host.Icmp.SendError(IcmpType.DestinationUnreachable, (byte)IcmpUnreachableCode.Net, 0, packet, $"no route to {destination}");
            return;
        }
        var (egress, gateway) = _nextHops[index];
        bool tooBig = packet.Length > egress.Mtu;
        if (tooBig && ip.DontFragment)
        {
            // RFC 1191 4: the next-hop MTU goes in the low 16 bits of the unused field.
            counters.MtuExceeded++;
            _host.Icmp.SendError(IcmpType.DestinationUnreachable, (byte)IcmpUnreachableCode.FragmentationNeeded, (uint)egress.Mtu, packet,
                $"{packet.Length} bytes do not fit the MTU of {egress.Nic.Name} ({egress.Mtu}) and DF is set");
            return;
        }
        byte ttl = ip.TimeToLive;
        ip.UpdateTimeToLive((byte)(ttl - 1));
        var nextHop = gateway ?? destination;
        if (_host.Tracing)
        {
            TraceForwarding(destination, gateway, egress, ttl, ip.HeaderChecksum);
        }
        if (tooBig)
        {
            // DF clear: cut into fragments for the smaller link (RFC 791 3.2), now or when ARP has resolved the next hop.
            if (TryResolve(index, egress, gateway, nextHop, out var nextMac))
            {
                if (_host.Ipv4.SendFragments(egress, nextMac, packet))
                {
                    egress.Forwarding.Forwarded++;
                }
                else
                {
                    counters.TxRingFull++;
                }
                return;
            }
            var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(packet.Length);
            packet.CopyTo(rented);
            if (_host.Arp.QueueLarge(egress, nextHop, rented, 0, packet.Length))
            {
                egress.Forwarding.NeighborQueued++;
            }
            else
            {
                counters.NeighborQueueFull++;
            }
            return;
        }
        if (TryResolve(index, egress, gateway, nextHop, out var mac))
        {
            // The MAC rewrite, in place in the receive buffer: the same packet, a new Ethernet header for the next
            // link; then the buffer itself moves to the egress TX ring (no copy).
            var ethernet = EthernetHeader.View.CreateUnchecked(frame);
            ethernet.Destination = mac;
            ethernet.Source = egress.MacAddress;
            ethernet.EtherType = EtherType.Ipv4;
            if (_host.Tracing)
            {
                TraceFrame(frame);
            }
            if (!ingress.Nic.TryForward(egress.Nic, 0, EthernetHeader.FixedLength + packet.Length))
            {
                counters.TxRingFull++;
                return;
            }
            egress.Forwarding.Forwarded++;
            return;
        }
        var waiting = _host.Arp.Rent(packet.Length);
        packet.CopyTo(waiting.Data.AsSpan(Host.Headroom));
        if (_host.Arp.Queue(egress, nextHop, waiting, Host.Headroom, packet.Length))
        {
            egress.Forwarding.NeighborQueued++;
        }
        else
        {
            counters.NeighborQueueFull++;
        }
    }

    // Trace formatting lives out of line, so that the forwarding path's frame holds no string-building state.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void TraceForwarding(Ipv4Address destination, Ipv4Address? gateway, NetworkInterface egress, byte ttl, ushort checksum) =>
        _host.Emit(TraceLayer.Network, TraceKind.Forwarded,
            $"strip frame; look up {destination}: via {(gateway is { } g ? g.ToString() : "on-link")} dev {egress.Nic.Name}; TTL {ttl} -> {ttl - 1}, checksum 0x{checksum:x4} (RFC 1624); rebuild frame");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void TraceFrame(Span<byte> frame) => _host.Emit(TraceLayer.Link, TraceKind.FrameBuilt, EthernetHeader.ReadOnlyView.CreateUnchecked(frame).ToString());
}
