using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using HeaderGen.Stack.Simulation;

namespace HeaderGen.Stack.Tcp;

/// <summary>
/// The asynchronous side: tasks that complete when the connection opens, when data can be read and when the send buffer
/// has room. The stack completes them in an event of their own at the current time, never inside the receive path, so
/// that continuations that run at once (and send, and read) see the NIC, IP and the connection at rest; on the virtual
/// clock they run as the simulation runs, on the real-time runner as frames come.
/// </summary>
public sealed partial class TcpConnection
{
    private TaskCompletionSource<bool>? _connected, _readable, _writable;
    private WakeEvent? _wakeEvent;
    private bool _wakeScheduled;

    /// <summary>Completes when the connection is open; fails with an <see cref="IOException"/> saying why when it cannot be.</summary>
    public Task ConnectedAsync()
    {
        if (IsConnected || State is TcpState.FinWait1 or TcpState.FinWait2)
        {
            return Task.CompletedTask;
        }
        if (State == TcpState.Closed)
        {
            return Task.FromException(Failure());
        }
        _connected ??= new TaskCompletionSource<bool>();
        return _connected.Task;
    }

    /// <summary>Reads in-order data once some has arrived (<c>recv()</c>); 0 at the end of the stream.</summary>
    public async ValueTask<int> ReceiveAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            int read = Receive(destination.Span);
            if (read > 0 || destination.IsEmpty || EndOfStream)
            {
                return read;
            }
            if (State == TcpState.Closed)
            {
                throw Failure();
            }
            _readable ??= new TaskCompletionSource<bool>();
            await _readable.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends all of <paramref name="data"/>, waiting for room in the send buffer as the peer acknowledges (<c>send()</c>).</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        while (!data.IsEmpty)
        {
            if (!IsConnected && State is not (TcpState.SynSent or TcpState.SynReceived))
            {
                throw Failure();
            }
            int taken = Send(data.Span);
            data = data[taken..];
            if (!data.IsEmpty)
            {
                _writable ??= new TaskCompletionSource<bool>();
                await _writable.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A <see cref="Stream"/> over the connection (<see cref="TcpStream"/>); disposing it closes the connection.</summary>
    /// <param name="pump">For the synchronous methods: advances the simulation or the runner one step, false when nothing more can happen. Without one, a synchronous call that would block throws.</param>
    public TcpStream GetStream(Func<bool>? pump = null) => new(this, pump);

    /// <summary>After a segment or a timer: if a task waits, completes those whose conditions now hold, in an event of their own.</summary>
    internal void Wake()
    {
        if (_wakeScheduled || (_connected is null && _readable is null && _writable is null))
        {
            return;
        }
        _wakeScheduled = true;
        _wakeEvent ??= new WakeEvent(this);
        _layer.Host.Scheduler.After(0, _wakeEvent);
    }

    private void WakeNow()
    {
        _wakeScheduled = false;
        if (_connected is { } connected && (IsConnected || State is TcpState.FinWait1 or TcpState.FinWait2 or TcpState.Closed))
        {
            _connected = null;
            if (State == TcpState.Closed)
            {
                connected.SetException(Failure());
            }
            else
            {
                connected.SetResult(true);
            }
        }
        if (_readable is { } readable && (Available > 0 || EndOfStream || State == TcpState.Closed))
        {
            _readable = null;
            readable.SetResult(true);
        }
        if (_writable is { } writable && (SendSpace > 0 || !(IsConnected || State is TcpState.SynSent or TcpState.SynReceived)))
        {
            _writable = null;
            writable.SetResult(true);
        }
    }

    private sealed class WakeEvent(TcpConnection connection) : ISimulationEvent
    {
        public void Fire(long now, long argument) => connection.WakeNow();
    }

    private IOException Failure() => new(Error switch
    {
        TcpError.Refused => $"Connection to {RemoteAddress}:{RemotePort} refused.",
        TcpError.Reset => $"Connection to {RemoteAddress}:{RemotePort} reset by the peer.",
        TcpError.TimedOut => $"Connection to {RemoteAddress}:{RemotePort} timed out.",
        TcpError.Aborted => "The connection was aborted.",
        _ => "The connection is closed.",
    });
}
