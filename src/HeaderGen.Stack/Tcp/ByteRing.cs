using System;

namespace HeaderGen.Stack.Tcp;

/// <summary>
/// A fixed-capacity circular byte buffer: a connection's send buffer (unacknowledged and unsent data) and receive
/// buffer (in-order data not yet read, with out-of-order data parked in the free space after it). Allocates only when
/// created.
/// </summary>
internal sealed class ByteRing
{
    private readonly byte[] _buffer;
    private int _start;

    public ByteRing(int capacity) => _buffer = new byte[capacity];

    public int Capacity => _buffer.Length;

    /// <summary>Bytes held.</summary>
    public int Count { get; private set; }

    public int Free => _buffer.Length - Count;

    /// <summary>Appends up to <see cref="Free"/> bytes; returns how many.</summary>
    public int Write(ReadOnlySpan<byte> data)
    {
        int n = Math.Min(data.Length, Free);
        WriteAt(0, data[..n]);
        Count += n;
        return n;
    }

    /// <summary>Writes into the free space, <paramref name="offset"/> bytes after the held ones, without holding them (out-of-order data).</summary>
    public void WriteAt(int offset, ReadOnlySpan<byte> data)
    {
        int at = (_start + Count + offset) % _buffer.Length;
        int first = Math.Min(data.Length, _buffer.Length - at);
        data[..first].CopyTo(_buffer.AsSpan(at));
        data[first..].CopyTo(_buffer);
    }

    /// <summary>Holds <paramref name="count"/> more bytes, written before by <see cref="WriteAt"/>.</summary>
    public void Commit(int count) => Count += count;

    /// <summary>Copies held bytes from <paramref name="offset"/> into <paramref name="destination"/>, keeping them.</summary>
    public void CopyTo(int offset, Span<byte> destination)
    {
        int at = (_start + offset) % _buffer.Length;
        int first = Math.Min(destination.Length, _buffer.Length - at);
        _buffer.AsSpan(at, first).CopyTo(destination);
        _buffer.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
    }

    /// <summary>Copies out and drops up to <paramref name="destination"/>'s length of held bytes; returns how many.</summary>
    public int Read(Span<byte> destination)
    {
        int n = Math.Min(destination.Length, Count);
        CopyTo(0, destination[..n]);
        Discard(n);
        return n;
    }

    /// <summary>Drops the first <paramref name="count"/> held bytes.</summary>
    public void Discard(int count)
    {
        // The start is not reset when the buffer empties: out-of-order data may be parked after it.
        _start = (_start + count) % _buffer.Length;
        Count -= count;
    }
}
