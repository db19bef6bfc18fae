using System.Collections.Generic;

namespace HeaderGen.Stack.Hosts;

/// <summary>
/// One interface's neighbour table, the ARP cache of the lecture: IPv4 address to MAC address, with an expiry per
/// entry. Linux keeps one per device (<c>ip neigh show dev eth0</c>), so that what is learned on one link never
/// answers for another; so does this. It is bounded: when it is full, expired entries are swept, and a new entry
/// that still does not fit is refused and counted (Linux's "neighbour table overflow" above <c>gc_thresh3</c>).
/// </summary>
public sealed class NeighborTable
{
    /// <summary>Entries a table holds by default (Linux's <c>gc_thresh3</c> default).</summary>
    public const int DefaultCapacity = 1024;

    private readonly Dictionary<Ipv4Address, (MacAddress Mac, long Expires)> _entries = new();

    /// <summary>Creates a table of at most <paramref name="capacity"/> entries.</summary>
    public NeighborTable(int capacity = DefaultCapacity) => Capacity = capacity;

    /// <summary>The most entries the table holds.</summary>
    public int Capacity { get; }

    /// <summary>Entries held, expired ones not yet swept included.</summary>
    public int Count => _entries.Count;

    /// <summary>New entries refused because the table was full of live entries.</summary>
    public long Overflows { get; private set; }

    /// <summary>Expired entries removed by sweeps.</summary>
    public long Swept { get; private set; }

    /// <summary>
    /// Changes so far (an entry added, updated or swept): a cache of what the table answered (a forwarder's resolved
    /// next hops) is good while this has not moved and the entry has not expired. Starts at 1.
    /// </summary>
    public long Version { get; private set; } = 1;

    /// <summary>The MAC address of <paramref name="address"/>, if its entry has not expired at <paramref name="now"/>.</summary>
    public bool TryGet(Ipv4Address address, long now, out MacAddress mac) => TryGet(address, now, out mac, out _);

    /// <summary>As <see cref="TryGet(Ipv4Address, long, out MacAddress)"/>, with the time the entry expires.</summary>
    public bool TryGet(Ipv4Address address, long now, out MacAddress mac, out long expires)
    {
        if (_entries.TryGetValue(address, out var entry) && entry.Expires > now)
        {
            mac = entry.Mac;
            expires = entry.Expires;
            return true;
        }
        mac = default;
        expires = 0;
        return false;
    }

    /// <summary>Whether the table holds an entry for <paramref name="address"/>, live or expired.</summary>
    public bool Contains(Ipv4Address address) => _entries.ContainsKey(address);

    /// <summary>
    /// Records <paramref name="address"/> at <paramref name="mac"/> until <paramref name="expires"/>; an existing entry
    /// is updated (a permanent one stays permanent). False, and counted, when the table is full of live entries.
    /// </summary>
    public bool TryLearn(Ipv4Address address, MacAddress mac, long expires, long now)
    {
        if (_entries.TryGetValue(address, out var entry))
        {
            _entries[address] = (mac, entry.Expires == long.MaxValue ? long.MaxValue : expires);
            Version++;
            return true;
        }
        if (_entries.Count >= Capacity && Sweep(now) == 0)
        {
            Overflows++;
            return false;
        }
        _entries.Add(address, (mac, expires));
        Version++;
        return true;
    }

    /// <summary>Adds a permanent entry (<c>ip neigh add ... nud permanent</c>); it counts toward the capacity too.</summary>
    public bool TryAddPermanent(Ipv4Address address, MacAddress mac, long now)
    {
        if (!_entries.ContainsKey(address) && _entries.Count >= Capacity && Sweep(now) == 0)
        {
            Overflows++;
            return false;
        }
        _entries[address] = (mac, long.MaxValue);
        Version++;
        return true;
    }

    /// <summary>Removes every entry expired at <paramref name="now"/>; returns how many.</summary>
    public int Sweep(long now)
    {
        int removed = 0;
        foreach (var (address, entry) in _entries)
        {
            if (entry.Expires <= now)
            {
                _entries.Remove(address);
                removed++;
            }
        }
        Swept += removed;
        Version += removed;
        return removed;
    }
}
