using System.Collections.Generic;
using System.Threading.Tasks;

namespace HeaderGen.Stack.Tcp;

/// <summary>
/// A listening socket (<c>listen()</c>): SYNs to its port open connections in SYN-RECEIVED, bounded by
/// <see cref="MaxHalfOpen"/> (a SYN flood fills it and the rest are dropped, counted); completed handshakes wait for
/// <see cref="TryAccept"/>, bounded by <see cref="Backlog"/>.
/// </summary>
public sealed class TcpListener
{
    private readonly Queue<TcpConnection> _accepted = new();
    private TaskCompletionSource<TcpConnection>? _waiter;

    internal TcpListener(TcpLayer layer, ushort port, int backlog, int maxHalfOpen)
    {
        Layer = layer;
        Port = port;
        Backlog = backlog;
        MaxHalfOpen = maxHalfOpen;
    }

    internal TcpLayer Layer { get; }

    /// <summary>The port it listens on.</summary>
    public ushort Port { get; }

    /// <summary>Completed connections that may wait for <see cref="TryAccept"/>.</summary>
    public int Backlog { get; }

    /// <summary>Connections that may be in SYN-RECEIVED at once.</summary>
    public int MaxHalfOpen { get; }

    /// <summary>Connections in SYN-RECEIVED now.</summary>
    public int HalfOpen { get; internal set; }

    /// <summary>Completed connections waiting to be accepted.</summary>
    public int Pending => _accepted.Count;

    /// <summary>Takes the next completed connection (<c>accept()</c>).</summary>
    public bool TryAccept(out TcpConnection connection) => _accepted.TryDequeue(out connection!);

    /// <summary>Completes with the next completed connection, as soon as there is one.</summary>
    public Task<TcpConnection> AcceptAsync()
    {
        if (_accepted.TryDequeue(out var connection))
        {
            return Task.FromResult(connection);
        }
        _waiter ??= new TaskCompletionSource<TcpConnection>();
        return _waiter.Task;
    }

    /// <summary>After a segment: if <see cref="AcceptAsync"/> waits and a connection is queued, hands it over in an event of its own (never inside the receive path).</summary>
    internal void Wake()
    {
        if (_waiter is null || _accepted.Count == 0 || _wakeScheduled)
        {
            return;
        }
        _wakeScheduled = true;
        _wakeEvent ??= new WakeEvent(this);
        Layer.Host.Scheduler.After(0, _wakeEvent);
    }

    private bool _wakeScheduled;
    private WakeEvent? _wakeEvent;

    private sealed class WakeEvent(TcpListener listener) : Simulation.ISimulationEvent
    {
        public void Fire(long now, long argument)
        {
            listener._wakeScheduled = false;
            if (listener._waiter is { } waiter && listener._accepted.TryDequeue(out var connection))
            {
                listener._waiter = null;
                waiter.SetResult(connection);
            }
        }
    }

    /// <summary>A handshake completed: queue it, or drop it (reset) when the backlog is full.</summary>
    internal bool Enqueue(TcpConnection connection)
    {
        if (_accepted.Count >= Backlog)
        {
            return false;
        }
        _accepted.Enqueue(connection);
        return true;
    }
}
