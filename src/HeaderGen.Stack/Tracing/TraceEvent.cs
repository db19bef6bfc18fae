using System;
using System.Collections.Generic;
using System.Globalization;

namespace HeaderGen.Stack.Tracing;

/// <summary>The layer or part of the machine a trace event belongs to, in the lecture's words.</summary>
public enum TraceLayer
{
    /// <summary>The process: write(), read().</summary>
    Application,

    /// <summary>The socket and its buffer.</summary>
    Socket,

    /// <summary>UDP, ICMP.</summary>
    Transport,

    /// <summary>IPv4, routing, ARP.</summary>
    Network,

    /// <summary>Ethernet framing.</summary>
    Link,

    /// <summary>The NIC driver: top half and deferred work.</summary>
    Driver,

    /// <summary>The NIC: descriptor rings, DMA, MAC engine, interrupts.</summary>
    Nic,

    /// <summary>The medium between NICs.</summary>
    Wire,
}

/// <summary>What happened, one step of the send or receive path.</summary>
public enum TraceKind
{
    /// <summary>The process called into the kernel (sendto, recvfrom).</summary>
    SyscallEntry,

    /// <summary>A transport header was written in front of the data.</summary>
    TransportHeaderAdded,

    /// <summary>An IPv4 header was written in front of the segment.</summary>
    IpHeaderAdded,

    /// <summary>The route and the next hop's MAC address are known.</summary>
    NextHopResolved,

    /// <summary>The packet waits for ARP to resolve its next hop.</summary>
    QueuedForArp,

    /// <summary>An ARP request was sent.</summary>
    ArpRequestSent,

    /// <summary>An ARP reply was sent.</summary>
    ArpReplySent,

    /// <summary>An ARP reply filled the cache.</summary>
    ArpResolved,

    /// <summary>The link header was written: the frame is built.</summary>
    FrameBuilt,

    /// <summary>The driver handed a descriptor to the device.</summary>
    DescriptorPosted,

    /// <summary>The device copied the frame from host memory and its MAC engine appended the FCS.</summary>
    DmaFromHost,

    /// <summary>The frame left on the wire.</summary>
    Transmitted,

    /// <summary>The wire delivered a frame to a NIC.</summary>
    WireDelivered,

    /// <summary>The wire lost a frame.</summary>
    WireLost,

    /// <summary>The wire flipped a bit of a frame.</summary>
    WireCorrupted,

    /// <summary>The MAC engine checked and stripped the FCS.</summary>
    FcsChecked,

    /// <summary>The device copied the frame into a host buffer of the RX ring.</summary>
    DmaToHost,

    /// <summary>The device raised an interrupt.</summary>
    Interrupt,

    /// <summary>The driver's top half acknowledged it and scheduled deferred work.</summary>
    TopHalf,

    /// <summary>The deferred work polled the ring.</summary>
    DeferredPoll,

    /// <summary>The driver re-enabled interrupts: the ring is drained.</summary>
    InterruptsEnabled,

    /// <summary>A header was checked and stripped on the way up.</summary>
    HeaderStripped,

    /// <summary>Data reached a socket buffer.</summary>
    SocketBuffered,

    /// <summary>A process sleeping in receive was woken.</summary>
    ReceiverWoken,

    /// <summary>Same-host delivery: a copy between socket buffers, no headers, no frame, no NIC.</summary>
    LocalShortCircuit,

    /// <summary>An ICMP echo request was answered.</summary>
    EchoReplied,

    /// <summary>Something was dropped; the detail says why, and a counter says how often.</summary>
    Dropped,

    /// <summary>A transmission completed and its descriptor went back to the driver.</summary>
    TransmitComplete,

    /// <summary>A router stripped the frame, looked up the destination, decremented the TTL and rebuilt the frame for the next hop.</summary>
    Forwarded,

    /// <summary>A router sent an ICMP error (time exceeded, destination unreachable) back to the source.</summary>
    IcmpErrorSent,

    /// <summary>An IPv4 datagram too big for the link was cut into fragments (RFC 791 3.2).</summary>
    Fragmented,

    /// <summary>The fragments of an IPv4 datagram were put back together.</summary>
    Reassembled,

    /// <summary>A TCP connection moved to another state (RFC 9293 3.3.2).</summary>
    StateChanged,
}

/// <summary>One structured step of a send or receive path.</summary>
/// <param name="Time">Virtual time in nanoseconds.</param>
/// <param name="Host">The host (or wire) it happened on.</param>
/// <param name="Layer">Where in the machine.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Detail">The header or bytes involved, as text.</param>
public readonly record struct TraceEvent(long Time, string Host, TraceLayer Layer, TraceKind Kind, string Detail)
{
    /// <summary><c>t=12.345us host  Layer  Kind  detail</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"t={Time / 1000.0,10:F3}us {Host,-8} {Layer,-11} {Kind,-20} {Detail}");
}

/// <summary>Where trace events go.</summary>
public interface ITraceSink
{
    /// <summary>Whether events are wanted: callers skip formatting details when not.</summary>
    bool Enabled { get; }

    /// <summary>Receives one event.</summary>
    void Emit(in TraceEvent traceEvent);
}

/// <summary>Keeps every event, in order, for tests and examples.</summary>
public sealed class TraceLog : ITraceSink
{
    private readonly List<TraceEvent> _events = new();

    /// <summary>Also write each event to this writer as it happens (an example's console).</summary>
    public System.IO.TextWriter? Echo { get; set; }

    /// <inheritdoc/>
    public bool Enabled => true;

    /// <summary>The events so far.</summary>
    public IReadOnlyList<TraceEvent> Events => _events;

    /// <inheritdoc/>
    public void Emit(in TraceEvent traceEvent)
    {
        _events.Add(traceEvent);
        Echo?.WriteLine(traceEvent.ToString());
    }

    /// <summary>Forgets the events so far.</summary>
    public void Clear() => _events.Clear();
}

/// <summary>A sink that wants nothing: the allocation-free configuration.</summary>
public sealed class NoTrace : ITraceSink
{
    /// <summary>The one instance.</summary>
    public static readonly NoTrace Instance = new();

    /// <inheritdoc/>
    public bool Enabled => false;

    /// <inheritdoc/>
    public void Emit(in TraceEvent traceEvent)
    {
    }
}
