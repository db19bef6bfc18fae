using System;

namespace HeaderGen.Stack.Routing;

/// <summary>
/// A DIR-24-8 longest-prefix-match table (Gupta, Lin and McKeown, 1998; DPDK's rte_lpm): the first 24 bits of an
/// address index a table of 2^24 entries, which holds either the next hop or, for prefixes longer than /24, the
/// number of a 256-entry group indexed by the last 8 bits. A lookup is one or two array reads and never allocates,
/// whatever the number of routes; adding keeps the longest prefix in each entry whatever the order of the adds.
/// </summary>
public sealed class ForwardingTable
{
    private const uint Valid = 0x8000_0000;
    private const uint Extended = 0x4000_0000;
    private const uint IndexMask = 0x3FFF_FFFF;

    private readonly uint[] _tbl24 = new uint[1 << 24];
    private readonly byte[] _depth24 = new byte[1 << 24];
    private uint[] _tbl8 = new uint[256 * 64];
    private byte[] _depth8 = new byte[256 * 64];
    private int _groups;

    /// <summary>Routes added.</summary>
    public int Count { get; private set; }

    /// <summary>256-entry groups in use (one per /24 that holds longer prefixes).</summary>
    public int Groups => _groups;

    /// <summary>Adds <paramref name="prefix"/>/<paramref name="length"/> with next hop <paramref name="nextHop"/> (0 to 2^30 - 1).</summary>
    public void Add(Ipv4Address prefix, int length, int nextHop)
    {
        if (length is < 0 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A prefix length is 0 to 32.");
        }
        if ((uint)nextHop > IndexMask)
        {
            throw new ArgumentOutOfRangeException(nameof(nextHop), nextHop, "A next hop index is below 2^30.");
        }
        Count++;
        uint address = prefix.Value & RoutingTable.Mask(length);
        uint entry = Valid | (uint)nextHop;
        // Depths are stored plus one, so that 0 means "no route" and a /0 route still counts as set.
        byte depth = (byte)(length + 1);
        if (length <= 24)
        {
            int first = (int)(address >> 8);
            int count = 1 << (24 - length);
            for (int i = first; i < first + count; i++)
            {
                if ((_tbl24[i] & Extended) != 0)
                {
                    int group = (int)(_tbl24[i] & IndexMask) << 8;
                    for (int j = group; j < group + 256; j++)
                    {
                        if (_depth8[j] <= depth)
                        {
                            _tbl8[j] = entry;
                            _depth8[j] = depth;
                        }
                    }
                }
                else if (_depth24[i] <= depth)
                {
                    _tbl24[i] = entry;
                    _depth24[i] = depth;
                }
            }
            return;
        }

        int index = (int)(address >> 8);
        if ((_tbl24[index] & Extended) == 0)
        {
            // Open a group that inherits the /24 entry for the addresses the longer prefix does not cover.
            int fresh = NewGroup() << 8;
            _tbl8.AsSpan(fresh, 256).Fill(_tbl24[index]);
            _depth8.AsSpan(fresh, 256).Fill(_depth24[index]);
            _tbl24[index] = Extended | (uint)(fresh >> 8);
        }
        int start = (int)((_tbl24[index] & IndexMask) << 8) + (int)(address & 0xFF);
        int span = 1 << (32 - length);
        for (int j = start; j < start + span; j++)
        {
            if (_depth8[j] <= depth)
            {
                _tbl8[j] = entry;
                _depth8[j] = depth;
            }
        }
    }

    /// <summary>The next hop of the longest prefix that holds <paramref name="address"/>.</summary>
    public bool TryLookup(Ipv4Address address, out int nextHop)
    {
        uint value = address.Value;
        uint entry = _tbl24[value >> 8];
        if ((entry & Extended) != 0)
        {
            entry = _tbl8[((entry & IndexMask) << 8) | (value & 0xFF)];
        }
        nextHop = (int)(entry & IndexMask);
        return (entry & Valid) != 0;
    }

    private int NewGroup()
    {
        if ((_groups + 1) * 256 > _tbl8.Length)
        {
            Array.Resize(ref _tbl8, _tbl8.Length * 2);
            Array.Resize(ref _depth8, _depth8.Length * 2);
        }
        return _groups++;
    }
}
