using System;
using System.Collections;
using System.Collections.Generic;

namespace HeaderGen.Stack.Hosts;

/// <summary>
/// The most recent records of something that arrives unasked (echo replies, ICMP errors), oldest first, at most
/// <see cref="Capacity"/> of them: a flood of unsolicited messages overwrites the oldest and counts them in
/// <see cref="Overwritten"/> instead of growing without bound.
/// </summary>
public sealed class RecentRecords<T> : IReadOnlyList<T>
{
    /// <summary>Records kept by default.</summary>
    public const int DefaultCapacity = 1024;

    private readonly T[] _items;
    private int _start;

    /// <summary>Creates a log of at most <paramref name="capacity"/> records.</summary>
    public RecentRecords(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new T[capacity];
    }

    /// <summary>The most records kept.</summary>
    public int Capacity => _items.Length;

    /// <summary>Records held.</summary>
    public int Count { get; private set; }

    /// <summary>Records overwritten by newer ones.</summary>
    public long Overwritten { get; private set; }

    /// <summary>Record <paramref name="index"/>, 0 the oldest held.</summary>
    public T this[int index] => (uint)index < (uint)Count ? _items[(_start + index) % _items.Length] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Adds a record, overwriting the oldest when full.</summary>
    public void Add(T item)
    {
        if (Count < _items.Length)
        {
            _items[(_start + Count++) % _items.Length] = item;
            return;
        }
        _items[_start] = item;
        _start = (_start + 1) % _items.Length;
        Overwritten++;
    }

    /// <summary>Forgets every record.</summary>
    public void Clear()
    {
        Array.Clear(_items);
        _start = 0;
        Count = 0;
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
