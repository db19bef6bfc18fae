using System.Collections.Generic;

namespace HeaderGen.Stack.Tcp;

/// <summary>
/// A listening socket (<c>listen()</c>): SYNs to its port open connections in SYN-RECEIVED, bounded by
/// <see cref="MaxHalfOpen"/> (a SYN flood fills it and the rest are dropped, counted); completed handshakes wait for
/// <see cref="TryAccept"/>, bounded by <see cref="Backlog"/>.
/// </summary>
public sealed class TcpListener
{
    private readonly Queue<TcpConnection> _accepted = new();

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
