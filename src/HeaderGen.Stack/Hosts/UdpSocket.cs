using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using HeaderGen.Stack.Devices;

namespace HeaderGen.Stack.Hosts;

/// <summary>A datagram handed to a process.</summary>
/// <param name="Data">The payload.</param>
/// <param name="Source">The sender's address.</param>
/// <param name="SourcePort">The sender's port.</param>
/// <param name="Time">The virtual time it reached the socket buffer.</param>
public sealed record UdpDatagram(byte[] Data, Ipv4Address Source, ushort SourcePort, long Time);

/// <summary>
/// A UDP socket: bound to a port of its host, it sends datagrams down the send path and keeps received ones in a
/// socket buffer of limited size (a datagram that does not fit is dropped and counted). Receiving either takes what
/// is buffered or awaits the next datagram; the awaiting process is woken when one reaches the buffer.
/// </summary>
public sealed class UdpSocket
{
    /// <summary>
    /// What each datagram costs the buffer besides its payload, as Linux charges an skb's truesize: without it, a
    /// flood of empty datagrams would queue without bound.
    /// </summary>
    public const int PerDatagramOverhead = 256;

    /// <summary>A socket buffer's size unless one is given: Linux's <c>net.core.rmem_default</c>.</summary>
    public const int DefaultBufferLimit = 212_992;

    /// <summary>Spare buffers kept for reuse.</summary>
    private const int PoolLimit = 64;

    private readonly Queue<(byte[] Data, int Length, Ipv4Address Source, ushort Port, long Time)> _queue = new();
    private readonly Stack<byte[]> _pool = new();
    private TaskCompletionSource<UdpDatagram>? _waiter;

    internal UdpSocket(Host host, ushort port, int bufferLimit)
    {
        Host = host;
        Port = port;
        BufferLimit = bufferLimit;
    }

    /// <summary>The host the socket lives on.</summary>
    public Host Host { get; }

    /// <summary>The bound port.</summary>
    public ushort Port { get; }

    /// <summary>Bytes of payload the socket buffer holds at most.</summary>
    public int BufferLimit { get; }

    /// <summary>Bytes buffered now: payload plus <see cref="PerDatagramOverhead"/> per datagram.</summary>
    public int Buffered { get; private set; }

    /// <summary>
    /// Whether datagrams that fit the interface's MTU go with DF set (true, as Linux's default path MTU discovery
    /// sends them), so that a smaller link on the way answers Fragmentation Needed; false lets routers fragment them
    /// (<c>IP_MTU_DISCOVER</c> = <c>IP_PMTUDISC_DONT</c>). Datagrams larger than the MTU are fragmented here either way.
    /// </summary>
    public bool DontFragment { get; set; } = true;

    /// <summary>Datagrams queued now.</summary>
    public int Count => _queue.Count;

    /// <summary>Datagrams dropped because the buffer was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Datagrams received into the buffer.</summary>
    public long Received { get; private set; }

    /// <summary>sendto(): sends <paramref name="payload"/> to <paramref name="destination"/>:<paramref name="port"/>; false when it was dropped (counted on the host).</summary>
    public bool SendTo(Ipv4Address destination, ushort port, ReadOnlySpan<byte> payload) => Host.SendUdp(this, destination, port, payload);

    /// <summary>recvfrom() without blocking: copies the oldest datagram into <paramref name="destination"/>; false when none is buffered.</summary>
    public bool TryReceive(Span<byte> destination, out int length, out Ipv4Address source, out ushort sourcePort)
    {
        if (!_queue.TryDequeue(out var item))
        {
            length = 0;
            source = default;
            sourcePort = 0;
            return false;
        }
        length = Math.Min(item.Length, destination.Length);
        item.Data.AsSpan(0, length).CopyTo(destination);
        source = item.Source;
        sourcePort = item.Port;
        Release(item.Data, item.Length);
        return true;
    }

    /// <summary>recvfrom() that sleeps until a datagram arrives: completes, in virtual time, when the receiver is woken.</summary>
    public Task<UdpDatagram> ReceiveAsync()
    {
        if (_queue.TryDequeue(out var item))
        {
            var datagram = new UdpDatagram(item.Data.AsSpan(0, item.Length).ToArray(), item.Source, item.Port, item.Time);
            Release(item.Data, item.Length);
            return Task.FromResult(datagram);
        }
        // Continuations run synchronously, inside the scheduler's event: the run stays deterministic.
        _waiter ??= new TaskCompletionSource<UdpDatagram>();
        return _waiter.Task;
    }

    /// <summary>Puts a datagram in the buffer; false (counted) when it does not fit. Returns through <paramref name="woken"/> whether a sleeping receiver was woken.</summary>
    internal bool Enqueue(ReadOnlySpan<byte> payload, Ipv4Address source, ushort sourcePort, long time, out bool woken)
    {
        woken = false;
        if (Buffered + payload.Length + PerDatagramOverhead > BufferLimit)
        {
            Dropped++;
            return false;
        }
        Received++;
        if (_waiter is { } waiter)
        {
            _waiter = null;
            woken = true;
            waiter.SetResult(new UdpDatagram(payload.ToArray(), source, sourcePort, time));
            return true;
        }
        // Datagrams of up to a packet buffer go in pooled arrays of that size; longer (reassembled) ones in rented arrays.
        var data = payload.Length > PacketBuffer.Size ? System.Buffers.ArrayPool<byte>.Shared.Rent(payload.Length)
            : _pool.Count > 0 ? _pool.Pop() : new byte[PacketBuffer.Size];
        payload.CopyTo(data);
        _queue.Enqueue((data, payload.Length, source, sourcePort, time));
        Buffered += payload.Length + PerDatagramOverhead;
        return true;
    }

    private void Release(byte[] data, int length)
    {
        Buffered -= length + PerDatagramOverhead;
        if (length > PacketBuffer.Size)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(data);
        }
        else if (_pool.Count < PoolLimit)
        {
            _pool.Push(data);
        }
    }
}
