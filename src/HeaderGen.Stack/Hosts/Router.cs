using System;
using System.Collections.Generic;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Routing;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Hosts;

/// <summary>Per-reason counters of a router's forwarding, per interface (as the interface the packet came in on).</summary>
public sealed class ForwardingCounters
{
    /// <summary>Packets forwarded out of this interface.</summary>
    public long Forwarded { get; internal set; }

    /// <summary>Packets that came in here with a TTL of 1 or 0 (answered with Time Exceeded).</summary>
    public long TtlExpired { get; internal set; }

    /// <summary>Packets that came in here for a destination with no route (answered with Destination Unreachable).</summary>
    public long NoRoute { get; internal set; }

    /// <summary>Packets that came in here but could not be posted because the egress TX ring was full.</summary>
    public long TxRingFull { get; internal set; }

    /// <summary>Packets forwarded out of this interface to a next hop still being resolved: they wait in ARP's queue (and are counted there again when they go or are dropped).</summary>
    public long NeighborQueued { get; internal set; }

    /// <summary>Packets that came in here for a next hop whose ARP queue, or the egress interface's resolutions, were full.</summary>
    public long NeighborQueueFull { get; internal set; }

    /// <summary>
    /// Packets that came in here larger than the egress interface's MTU: with DF set they are answered with
    /// Fragmentation Needed and the next-hop MTU (RFC 1191); fragmentation is not done yet, so the others are dropped too.
    /// </summary>
    public long MtuExceeded { get; internal set; }

    /// <summary>The forwarding outcomes of received frames counted on this interface (see <see cref="Host.UnaccountedFrames"/>).</summary>
    public long Outcomes => Forwarded + TtlExpired + NoRoute + TxRingFull + NeighborQueued + NeighborQueueFull + MtuExceeded;

    /// <inheritdoc/>
    public override string ToString() =>
        $"forwarded {Forwarded} ttl-expired {TtlExpired} no-route {NoRoute} tx-ring-full {TxRingFull} neighbor-queued {NeighborQueued} neighbor-queue-full {NeighborQueueFull} mtu-exceeded {MtuExceeded}";
}

/// <summary>
/// A hop forwarder: a host with several NICs that forwards what is not for itself. The NIC has verified the FCS and
/// the IPv4 receive path the header (version, lengths, checksum); the router then looks the destination up in a
/// DIR-24-8 table, decrements the TTL in place in the receive buffer with the RFC 1624 checksum update, resolves the
/// next hop's MAC (queueing while ARP runs), and rebuilds the frame around the same packet on the egress NIC's TX
/// ring. TTL expiry and missing routes are answered with ICMP, quoting the original header as RFC 792 requires;
/// packets for the router itself go to its own stack (it answers ping).
/// </summary>
public sealed class Router : Host
{
    private readonly List<(NetworkInterface Interface, Ipv4Address? Gateway)> _nextHops = new();

    /// <summary>Creates a router.</summary>
    public Router(string name, Scheduler scheduler, ITraceSink? trace = null)
        : base(name, scheduler, trace)
    {
    }

    /// <summary>The forwarding table (next hops are indices into the router's next-hop list).</summary>
    public ForwardingTable Forwarding { get; } = new();

    /// <summary>Adds an interface and its on-link route to both the router's own routing and its forwarding table.</summary>
    public new NetworkInterface AddInterface(Nic nic, Ipv4Address address, int prefixLength)
    {
        var networkInterface = base.AddInterface(nic, address, prefixLength);
        AddForwardingEntry(address, prefixLength, networkInterface, null);
        return networkInterface;
    }

    /// <summary>Adds a route via <paramref name="gateway"/>, which must be on one of the router's links.</summary>
    public void AddRoute(Ipv4Address prefix, int length, Ipv4Address gateway)
    {
        var onLink = Routes.Lookup(gateway) ?? throw new InvalidOperationException($"{gateway} is not on any of {Name}'s links.");
        Routes.Add(new Route(prefix, length, onLink.Interface, gateway));
        AddForwardingEntry(prefix, length, onLink.Interface, gateway);
    }

    private void AddForwardingEntry(Ipv4Address prefix, int length, NetworkInterface networkInterface, Ipv4Address? gateway)
    {
        _nextHops.Add((networkInterface, gateway));
        Forwarding.Add(prefix, length, _nextHops.Count - 1);
    }

    /// <inheritdoc/>
    protected override void ReceiveForeign(NetworkInterface ingress, Span<byte> packet, Span<byte> frame)
    {
        var counters = ingress.Forwarding;
        var ip = Ipv4Header.View.CreateUnchecked(packet);
        var destination = ip.DestinationAddress;
        if (ip.TimeToLive <= 1)
        {
            counters.TtlExpired++;
            SendIcmpError(IcmpType.TimeExceeded, 0, 0, packet, $"TTL {ip.TimeToLive} expires here");
            return;
        }
        if (!Forwarding.TryLookup(destination, out int index))
        {
            counters.NoRoute++;
            SendIcmpError(IcmpType.DestinationUnreachable, (byte)IcmpUnreachableCode.Net, 0, packet, $"no route to {destination}");
            return;
        }
        var (egress, gateway) = _nextHops[index];
        if (packet.Length > egress.Mtu)
        {
            counters.MtuExceeded++;
            if (ip.DontFragment)
            {
                // RFC 1191 4: the next-hop MTU goes in the low 16 bits of the unused field.
                SendIcmpError(IcmpType.DestinationUnreachable, (byte)IcmpUnreachableCode.FragmentationNeeded, (uint)egress.Mtu, packet,
                    $"{packet.Length} bytes do not fit the MTU of {egress.Nic.Name} ({egress.Mtu}) and DF is set");
            }
            return;
        }
        byte ttl = ip.TimeToLive;
        ip.UpdateTimeToLive((byte)(ttl - 1));
        var nextHop = gateway ?? destination;
        if (Tracing)
        {
            TraceForwarding(destination, gateway, egress, ttl, ip.HeaderChecksum);
        }
        if (egress.Neighbors.TryGet(nextHop, Scheduler.Now, out var mac))
        {
            // The MAC rewrite, in place in the receive buffer: the same packet, a new Ethernet header for the next
            // link; then the buffer itself moves to the egress TX ring (no copy).
            var ethernet = EthernetHeader.View.CreateUnchecked(frame);
            ethernet.Destination = mac;
            ethernet.Source = egress.MacAddress;
            ethernet.EtherType = EtherType.Ipv4;
            if (Tracing)
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
        var waiting = Arp.Rent();
        packet.CopyTo(waiting.Data.AsSpan(Headroom));
        if (Arp.Queue(egress, nextHop, waiting, Headroom, packet.Length))
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
        Emit(TraceLayer.Network, TraceKind.Forwarded,
            $"strip frame; look up {destination}: via {(gateway is { } g ? g.ToString() : "on-link")} dev {egress.Nic.Name}; TTL {ttl} -> {ttl - 1}, checksum 0x{checksum:x4} (RFC 1624); rebuild frame");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void TraceFrame(Span<byte> frame) => Emit(TraceLayer.Link, TraceKind.FrameBuilt, EthernetHeader.ReadOnlyView.CreateUnchecked(frame).ToString());

    /// <summary>Sends an ICMP error about <paramref name="packet"/> back to its source, quoting its header and 8 bytes of its data (RFC 792).</summary>
    private void SendIcmpError(IcmpType type, byte code, uint restOfHeader, Span<byte> packet, string why)
    {
        var ip = Ipv4Header.ReadOnlyView.CreateUnchecked(packet);
        // Never an error about an ICMP error (RFC 1122, 3.2.2).
        if (ip.Protocol == IpProtocol.Icmp && packet.Length > ip.HeaderLength
            && (IcmpType)packet[ip.HeaderLength] is not (IcmpType.EchoRequest or IcmpType.EchoReply))
        {
            return;
        }
        int quoted = Math.Min(packet.Length, ip.HeaderLength + 8);
        Emit(TraceLayer.Network, TraceKind.IcmpErrorSent, $"{why}: {type} code {code} to {ip.SourceAddress}, quoting {quoted} bytes");
        SendIcmp(ip.SourceAddress, new IcmpHeader { Type = type, Code = code, RestOfHeader = restOfHeader }, packet[..quoted]);
    }
}
