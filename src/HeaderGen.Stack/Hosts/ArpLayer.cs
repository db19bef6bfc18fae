using System;
using System.Collections.Generic;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;
using HeaderGen.Layers;

namespace HeaderGen.Stack.Hosts;

/// <summary>
/// The host's ARP (RFC 826): resolves next hops to MAC addresses in each interface's own
/// <see cref="NeighborTable"/>, queues the packets that wait for a resolution, asks again on a timer, and answers
/// requests for the interface's address. Every limit is named and counted: packets per resolution, resolutions per
/// interface, and buffers kept for reuse.
/// </summary>
internal sealed class ArpLayer
{
    /// <summary>Packets that may wait for one next hop (Linux's <c>unres_qlen</c> is 101; 3 is the lecture's and BSD's).</summary>
    public const int QueueLimit = 3;

    /// <summary>Requests sent for a next hop before its waiting packets are dropped.</summary>
    public const int Attempts = 3;

    /// <summary>Resolutions in progress per interface; a packet for a further next hop is dropped and counted.</summary>
    public const int PendingLimit = 256;

    /// <summary>Spare buffers kept for packets that must wait; more are left to the garbage collector.</summary>
    public const int PoolLimit = 64;

    private readonly Host _host;
    private readonly Stack<PacketBuffer> _pool = new();

    public ArpLayer(Host host) => _host = host;

    /// <summary>Buffers waiting in resolution queues, over all interfaces.</summary>
    public int QueuedBuffers { get; private set; }

    /// <summary>Spare buffers held for reuse.</summary>
    public int PooledBuffers => _pool.Count;

    /// <summary>A buffer for a packet of <paramref name="packetLength"/> bytes that must wait: from the pool, or made to size for a jumbo one.</summary>
    public PacketBuffer Rent(int packetLength) =>
        PacketBuffer.SizeFor(packetLength) > PacketBuffer.Size ? new PacketBuffer(PacketBuffer.SizeFor(packetLength))
        : _pool.Count > 0 ? _pool.Pop() : new PacketBuffer();

    /// <summary>Gives a buffer back; beyond <see cref="PoolLimit"/>, or larger than the standard size, it is let go.</summary>
    public void Return(PacketBuffer buffer)
    {
        if (_pool.Count < PoolLimit && buffer.Data.Length == PacketBuffer.Size)
        {
            _pool.Push(buffer);
        }
    }

    /// <summary>
    /// Queues the packet at <paramref name="offset"/>/<paramref name="length"/> of <paramref name="buffer"/> (a rented
    /// one, given up to the layer) until <paramref name="nextHop"/> answers; false, counted and the buffer returned,
    /// when its queue or the interface's resolutions are full.
    /// </summary>
    public bool Queue(NetworkInterface networkInterface, Ipv4Address nextHop, PacketBuffer buffer, int offset, int length) =>
        Queue(networkInterface, nextHop, new Waiting(buffer.Data, buffer, offset, length));

    /// <summary>Queues a datagram larger than the MTU, built in an array rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>; it is fragmented when it goes.</summary>
    public bool QueueLarge(NetworkInterface networkInterface, Ipv4Address nextHop, byte[] rented, int offset, int length) =>
        Queue(networkInterface, nextHop, new Waiting(rented, null, offset, length));

    private bool Queue(NetworkInterface networkInterface, Ipv4Address nextHop, Waiting item)
    {
        var pending = networkInterface.PendingResolutions;
        if (!pending.TryGetValue(nextHop, out var resolution))
        {
            if (pending.Count >= PendingLimit)
            {
                _host.Counters.ArpResolutionDrops++;
                Release(item);
                _host.Emit(TraceLayer.Network, TraceKind.Dropped, $"{PendingLimit} ARP resolutions already in progress on {networkInterface.Nic.Name}");
                return false;
            }
            resolution = new Resolution(this, networkInterface, nextHop);
            pending.Add(nextHop, resolution);
        }
        if (resolution.Queue.Count >= QueueLimit)
        {
            _host.Counters.ArpResolutionDrops++;
            Release(item);
            _host.Emit(TraceLayer.Network, TraceKind.Dropped, $"ARP queue for {nextHop} full");
            return false;
        }
        resolution.Queue.Enqueue(item);
        QueuedBuffers++;
        if (_host.Tracing)
        {
            _host.Emit(TraceLayer.Network, TraceKind.QueuedForArp, $"next hop {nextHop} unknown: packet queued ({resolution.Queue.Count} waiting)");
        }
        if (resolution.Attempts == 0)
        {
            SendRequest(resolution);
        }
        return true;
    }

    /// <summary>The ARP receive path: learn the sender where RFC 826 says to, answer a request for us.</summary>
    public void Receive(NetworkInterface networkInterface, Span<byte> data)
    {
        var counters = _host.Counters;
        if (!ArpPacket.View.TryCreate(data, out var arp) || arp.ProtocolType != EtherType.Ipv4
            || arp.Operation is not (ArpOperation.Request or ArpOperation.Reply))
        {
            counters.ArpMalformed++;
            _host.Emit(TraceLayer.Network, TraceKind.Dropped, "malformed ARP");
            return;
        }
        var sender = arp.SenderProtocolAddress;
        var senderMac = arp.SenderHardwareAddress;
        bool forUs = arp.TargetProtocolAddress == networkInterface.Address;
        // RFC 826's merge: update an entry the interface already has; add one only when the packet is for us. A
        // sender claiming a group or our own MAC address, or 0.0.0.0 (a probe), teaches nothing.
        bool plausible = !senderMac.IsGroup && senderMac != networkInterface.MacAddress && sender != Ipv4Address.Any;
        if (plausible && (forUs || networkInterface.Neighbors.Contains(sender) || networkInterface.PendingResolutions.ContainsKey(sender)))
        {
            Learn(networkInterface, sender, senderMac);
        }
        if (!forUs)
        {
            counters.ArpNotForUs++;
            return;
        }
        counters.ArpForUs++;
        if (arp.Operation == ArpOperation.Request && plausible
            && Send(networkInterface, ArpOperation.Reply, senderMac, sender, senderMac, TraceKind.ArpReplySent,
                $"{networkInterface.Address} is at {networkInterface.MacAddress} (to {sender})"))
        {
            counters.ArpRepliesSent++;
        }
    }

    private void Learn(NetworkInterface networkInterface, Ipv4Address address, MacAddress mac)
    {
        var scheduler = _host.Scheduler;
        if (!networkInterface.Neighbors.TryLearn(address, mac, scheduler.Now + _host.ArpTimeout, scheduler.Now))
        {
            _host.Emit(TraceLayer.Network, TraceKind.Dropped, $"neighbour table of {networkInterface.Nic.Name} full: {address} not learned");
        }
        if (!networkInterface.PendingResolutions.Remove(address, out var resolution))
        {
            return;
        }
        // Resolved: the retry timer has nothing left to do, and left queued it would hold the clock a second longer.
        scheduler.Stop(resolution);
        _host.Emit(TraceLayer.Network, TraceKind.ArpResolved, $"{address} is at {mac}: {resolution.Queue.Count} queued packets go out");
        while (resolution.Queue.TryDequeue(out var item))
        {
            QueuedBuffers--;
            if (_host.Tracing)
            {
                _host.Emit(TraceLayer.Network, TraceKind.NextHopResolved, $"next hop {address} is at {mac}");
            }
            if (_host.Ipv4.Output(networkInterface, mac, item.Data.AsSpan(item.Offset, item.Length)))
            {
                _host.Counters.ArpQueuedSent++;
            }
            Release(item);
        }
    }

    private void SendRequest(Resolution resolution)
    {
        resolution.Attempts++;
        var networkInterface = resolution.Interface;
        if (Send(networkInterface, ArpOperation.Request, default, resolution.NextHop, MacAddress.Broadcast, TraceKind.ArpRequestSent,
            $"who has {resolution.NextHop}? tell {networkInterface.Address} (attempt {resolution.Attempts})"))
        {
            _host.Counters.ArpRequestsSent++;
        }
        _host.Scheduler.Start(resolution, _host.ArpRetryInterval);
    }

    /// <summary>Sends an ARP packet from <paramref name="networkInterface"/>; false (counted) when its TX ring is full.</summary>
    private bool Send(NetworkInterface networkInterface, ArpOperation operation, MacAddress targetMac, Ipv4Address target,
        MacAddress frameDestination, TraceKind kind, string detail)
    {
        if (!networkInterface.Nic.TryGetTxBuffer(out var buffer))
        {
            _host.Counters.TxRingFullDrops++;
            return false;
        }
        var packet = new ArpPacket
        {
            HardwareType = ArpPacket.EthernetHardware,
            ProtocolType = EtherType.Ipv4,
            Operation = operation,
            SenderHardwareAddress = networkInterface.MacAddress,
            SenderProtocolAddress = networkInterface.Address,
            TargetHardwareAddress = targetMac,
            TargetProtocolAddress = target,
        };
        _host.Emit(TraceLayer.Network, kind, detail);
        var builder = new FrameBuilder(buffer.Data, Host.Headroom);
        builder.Push(packet);
        _host.Transmit(networkInterface, frameDestination, ref builder);
        return true;
    }

    private void OnTimer(Resolution resolution)
    {
        var pending = resolution.Interface.PendingResolutions;
        if (!pending.TryGetValue(resolution.NextHop, out var current) || !ReferenceEquals(current, resolution))
        {
            return;
        }
        if (resolution.Attempts < Attempts)
        {
            SendRequest(resolution);
            return;
        }
        pending.Remove(resolution.NextHop);
        _host.Counters.ArpResolutionDrops += resolution.Queue.Count;
        _host.Emit(TraceLayer.Network, TraceKind.Dropped, $"{resolution.NextHop} did not answer {Attempts} ARP requests: {resolution.Queue.Count} packets dropped");
        while (resolution.Queue.TryDequeue(out var item))
        {
            QueuedBuffers--;
            Release(item);
        }
    }

    private void Release(in Waiting item)
    {
        if (item.Buffer is { } buffer)
        {
            Return(buffer);
        }
        else
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(item.Data);
        }
    }

    /// <summary>A packet waiting for its next hop: in a pooled packet buffer, or (a datagram to fragment) in a rented array.</summary>
    internal readonly record struct Waiting(byte[] Data, PacketBuffer? Buffer, int Offset, int Length);

    /// <summary>An ARP resolution in progress: the packets waiting for it and the retry timer.</summary>
    internal sealed class Resolution(ArpLayer layer, NetworkInterface networkInterface, Ipv4Address nextHop) : SimulationTimer
    {
        public NetworkInterface Interface { get; } = networkInterface;

        public Ipv4Address NextHop { get; } = nextHop;

        public int Attempts { get; set; }

        public Queue<Waiting> Queue { get; } = new();

        protected override void OnFire(long now) => layer.OnTimer(this);
    }
}
