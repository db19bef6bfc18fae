using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Hosts;

/// <summary>
/// A hop forwarder: a node with several NICs and its <see cref="Host.Forwarder"/> on from the start. It is a host
/// in every other way (it answers ping and ARP, and sends ICMP errors from its own stack); <c>new Host(...)</c>
/// followed by <see cref="Host.EnableForwarding"/> builds the same thing.
/// </summary>
public sealed class Router : Host
{
    /// <summary>Creates a router.</summary>
    public Router(string name, Scheduler scheduler, ITraceSink? trace = null)
        : base(name, scheduler, trace) => EnableForwarding();

    /// <summary>The forwarding part (never null on a router).</summary>
    public Forwarder Forwarding => Forwarder!;
}
