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
    /// Packets that came in here with DF set and larger than the egress interface's MTU: answered with Fragmentation
    /// Needed and the next-hop MTU (RFC 1191). Those with DF clear are fragmented and counted as forwarded.
    /// </summary>
    public long MtuExceeded { get; internal set; }

    /// <summary>The forwarding outcomes of received frames counted on this interface (see <see cref="Host.UnaccountedFrames"/>).</summary>
    public long Outcomes => Forwarded + TtlExpired + NoRoute + TxRingFull + NeighborQueued + NeighborQueueFull + MtuExceeded;

    /// <inheritdoc/>
    public override string ToString() =>
        $"forwarded {Forwarded} ttl-expired {TtlExpired} no-route {NoRoute} tx-ring-full {TxRingFull} neighbor-queued {NeighborQueued} neighbor-queue-full {NeighborQueueFull} mtu-exceeded {MtuExceeded}";
}
