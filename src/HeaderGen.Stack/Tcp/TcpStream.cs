using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace HeaderGen.Stack.Tcp;

/// <summary>
/// A <see cref="Stream"/> over a <see cref="TcpConnection"/>, as <c>NetworkStream</c> is over a socket: reads return
/// what has arrived in order (0 at the end of the stream), writes wait for room in the send buffer, disposing closes the
/// connection. The asynchronous methods complete as the stack runs. The synchronous ones, on a simulation's single
/// thread, advance it with the pump the stream was given until they can complete (without a pump they throw rather
/// than block a thread that would have to run the stack itself).
/// </summary>
public sealed class TcpStream : Stream
{
    private readonly TcpConnection _connection;
    private readonly Func<bool>? _pump;
    private bool _disposed;

    internal TcpStream(TcpConnection connection, Func<bool>? pump)
    {
        _connection = connection;
        _pump = pump;
    }

    /// <summary>The connection.</summary>
    public TcpConnection Connection => _connection;

    /// <inheritdoc/>
    public override bool CanRead => !_disposed;

    /// <inheritdoc/>
    public override bool CanWrite => !_disposed;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _connection.ReceiveAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _connection.SendAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            int read = _connection.Receive(buffer);
            if (read > 0 || buffer.IsEmpty || _connection.EndOfStream)
            {
                return read;
            }
            if (_connection.State == TcpState.Closed)
            {
                throw new IOException($"The connection ended: {_connection.Error}.");
            }
            Pump("read");
        }
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (!_connection.IsConnected && _connection.State is not (TcpState.SynSent or TcpState.SynReceived))
            {
                throw new IOException($"The connection cannot send: {_connection.State}, {_connection.Error}.");
            }
            buffer = buffer[_connection.Send(buffer)..];
            if (!buffer.IsEmpty)
            {
                Pump("write");
            }
        }
    }

    private void Pump(string operation)
    {
        if (_pump is null)
        {
            throw new InvalidOperationException($"A synchronous {operation} would block the thread that runs the stack: use the asynchronous method, or give GetStream a pump.");
        }
        if (!_pump())
        {
            throw new IOException($"Nothing more can happen, and the {operation} cannot complete.");
        }
    }

    /// <summary>Nothing to do: data goes as the windows allow.</summary>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Closes the connection (a FIN after the data still queued).</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _connection.Close();
        }
        base.Dispose(disposing);
    }
}
