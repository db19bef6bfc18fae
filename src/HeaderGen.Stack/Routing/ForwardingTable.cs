using System;
using System.Runtime.InteropServices;

namespace HeaderGen.Stack.Routing;

/// <summary>
/// A DIR-24-8 longest-prefix-match table (Gupta, Lin and McKeown, 1998; DPDK's rte_lpm): the first 24 bits of an
/// address index a table of 2^24 entries, which holds either the next hop or, for prefixes longer than /24, the
/// number of a 256-entry group indexed by the last 8 bits. A lookup is two or three array reads and never allocates,
/// whatever the number of routes; adding keeps the longest prefix in each entry whatever the order of the adds.
/// <para>
/// The 2^24-entry table is kept in 256 pages of 2^16 entries, one per first byte of the address, made when a prefix
/// longer than /8 first falls in them; until then a page is one entry (what /0 to /8 prefixes give it). Pages (eight
/// to a chunk) and second-level groups (2,048 to a chunk) live in 2 MB chunks of native memory, 2 MB-aligned and
/// advised as transparent huge pages: a lookup over a full table, which misses the cache, then misses no TLB too
/// (measured: 119 ns a forwarded frame with 4 KB pages, 104 ns with huge pages). A router with a handful of routes
/// holds two chunks instead of 64 MB, and a full table costs what it did.
/// Each entry packs, as rte_lpm's do, a valid bit, an extended bit, the prefix length plus one (6 bits) and the next
/// hop or group number (24 bits).
/// </para>
/// </summary>
public sealed unsafe class ForwardingTable
{
    private const uint Valid = 0x8000_0000;
    private const uint Extended = 0x4000_0000;
    private const int DepthShift = 24;
    private const uint DepthMask = 0x3F;
    private const uint IndexMask = 0x00FF_FFFF;
    private const int PageBits = 16;

    private readonly uint*[] _pages = new uint*[256];
    private readonly System.Collections.Generic.List<nint> _chunks = new();
    private int _pagesInChunk = PagesPerChunk;
    private uint* _pageChunk;

    // Pages are carved out of 2 MB chunks of native memory, 2 MB-aligned and advised as huge pages (Linux THP): a
    // random lookup over a full table then misses in the cache but not in the TLB.
    private const int PagesPerChunk = 8;
    private const int ChunkBytes = PagesPerChunk * (sizeof(uint) << PageBits);
    private readonly uint[] _pageEntries = new uint[256];
    // Second-level groups, 2,048 to a 2 MB chunk (entry j of the groups is chunk j >> 19, entry j & GroupChunkMask).
    private nint[] _groupChunks = new nint[8];
    private const int GroupChunkBits = 19;
    private const int GroupChunkMask = (1 << GroupChunkBits) - 1;
    private int _groups;

    /// <summary>Routes added.</summary>
    public int Count { get; private set; }

    /// <summary>256-entry groups in use (one per /24 that holds longer prefixes).</summary>
    public int Groups => _groups;

    /// <summary>Pages of the first-level table made so far (each 2^16 entries), out of 256.</summary>
    public int Pages { get; private set; }

    /// <summary>Bytes the table holds: its 2 MB chunks (eight 256 KB pages or 2,048 1 KB groups each) and 3 KB of page directory.</summary>
    public long MemoryBytes => (long)_chunks.Count * ChunkBytes + 256 * (sizeof(uint) + IntPtr.Size);

    /// <summary>Adds <paramref name="prefix"/>/<paramref name="length"/> with next hop <paramref name="nextHop"/> (0 to 2^24 - 1).</summary>
    public void Add(Ipv4Address prefix, int length, int nextHop)
    {
        if (length is < 0 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A prefix length is 0 to 32.");
        }
        if ((uint)nextHop > IndexMask)
        {
            throw new ArgumentOutOfRangeException(nameof(nextHop), nextHop, "A next hop index is below 2^24.");
        }
        Count++;
        uint address = prefix.Value & Prefix.Mask(length);
        // Depths are stored plus one, so that 0 means "no route" and a /0 route still counts as set.
        uint depth = (uint)length + 1;
        uint entry = Valid | (depth << DepthShift) | (uint)nextHop;
        if (length <= 8)
        {
            int firstPage = (int)(address >> 24);
            for (int page = firstPage; page < firstPage + (1 << (8 - length)); page++)
            {
                if (_pages[page] is var entries && entries != null)
                {
                    Cover(new Span<uint>(entries, 1 << PageBits), 0, 1 << PageBits, entry, depth);
                }
                else if (DepthOf(_pageEntries[page]) <= depth)
                {
                    _pageEntries[page] = entry;
                }
            }
            return;
        }

        var pageEntries = new Span<uint>(Page((int)(address >> 24)), 1 << PageBits);
        int index = (int)(address >> 8) & ((1 << PageBits) - 1);
        if (length <= 24)
        {
            Cover(pageEntries, index, 1 << (24 - length), entry, depth);
            return;
        }
        if ((pageEntries[index] & Extended) == 0)
        {
            // Open a group that inherits the /24 entry for the addresses the longer prefix does not cover.
            int fresh = NewGroup();
            new Span<uint>(Group(fresh << 8), 256).Fill(pageEntries[index]);
            pageEntries[index] = Extended | (uint)fresh;
        }
        int start = (int)((pageEntries[index] & IndexMask) << 8) + (int)(address & 0xFF);
        CoverGroup(start, 1 << (32 - length), entry, depth);
    }

    /// <summary>
    /// Starts loading the first-level entry of <paramref name="address"/> into the cache for a lookup a few frames
    /// later, as DPDK's <c>rte_lpm_lookupx4</c> and VPP's batched nodes hide the memory latency of a large table. A
    /// hint only: it changes no state and reads nothing a lookup depends on.
    /// </summary>
    public unsafe void Prefetch(Ipv4Address address)
    {
        uint value = address.Value;
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported && _pages[value >> 24] is var page && page != null)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(page + ((value >> 8) & ((1 << PageBits) - 1)));
        }
    }

    /// <summary>
    /// The second stage of <see cref="Prefetch"/>, a frame or two later: reads the first-level entry (in the cache by
    /// then) and, when a prefix longer than /24 extends it, starts loading the second-level entry the lookup will read.
    /// </summary>
    public unsafe void PrefetchSecondLevel(Ipv4Address address)
    {
        uint value = address.Value;
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported && _pages[value >> 24] is var page && page != null)
        {
            uint entry = page[(value >> 8) & ((1 << PageBits) - 1)];
            if ((entry & Extended) != 0)
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(Group((int)(((entry & IndexMask) << 8) | (value & 0xFF))));
            }
        }
    }

    /// <summary>The next hop of the longest prefix that holds <paramref name="address"/>.</summary>
    public bool TryLookup(Ipv4Address address, out int nextHop)
    {
        uint value = address.Value;
        uint* page = _pages[value >> 24];
        uint entry = page != null ? page[(value >> 8) & ((1 << PageBits) - 1)] : _pageEntries[value >> 24];
        if ((entry & Extended) != 0)
        {
            entry = *Group((int)(((entry & IndexMask) << 8) | (value & 0xFF)));
        }
        nextHop = (int)(entry & IndexMask);
        return (entry & Valid) != 0;
    }

    /// <summary>Sets <paramref name="count"/> first-level entries from <paramref name="first"/> to <paramref name="entry"/> where no longer prefix holds them.</summary>
    private void Cover(Span<uint> entries, int first, int count, uint entry, uint depth)
    {
        for (int i = first; i < first + count; i++)
        {
            if ((entries[i] & Extended) != 0)
            {
                CoverGroup((int)(entries[i] & IndexMask) << 8, 256, entry, depth);
            }
            else if (DepthOf(entries[i]) <= depth)
            {
                entries[i] = entry;
            }
        }
    }

    private void CoverGroup(int first, int count, uint entry, uint depth)
    {
        for (int j = first; j < first + count; j++)
        {
            if (DepthOf(*Group(j)) <= depth)
            {
                *Group(j) = entry;
            }
        }
    }

    private static uint DepthOf(uint entry) => (entry >> DepthShift) & DepthMask;

    /// <summary>The page of first byte <paramref name="page"/>, made on first use from what /0 to /8 prefixes give it.</summary>
    private uint* Page(int page)
    {
        if (_pages[page] is var entries && entries == null)
        {
            if (_pagesInChunk == PagesPerChunk)
            {
                _pageChunk = (uint*)Chunk();
                _pagesInChunk = 0;
            }
            entries = _pageChunk + ((nint)_pagesInChunk++ << PageBits);
            new Span<uint>(entries, 1 << PageBits).Fill(_pageEntries[page]);
            _pages[page] = entries;
            Pages++;
        }
        return entries;
    }

    private const int MadviseHugePage = 14;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(void* address, nuint length, int advice);

    /// <summary>Gives the pages' native memory back.</summary>
    ~ForwardingTable()
    {
        foreach (var chunk in _chunks)
        {
            NativeMemory.AlignedFree((void*)chunk);
        }
    }

    private int NewGroup()
    {
        if ((_groups & (GroupChunkMask >> 8)) == 0)
        {
            int chunk = _groups >> (GroupChunkBits - 8);
            if (chunk == _groupChunks.Length)
            {
                Array.Resize(ref _groupChunks, chunk * 2);
            }
            _groupChunks[chunk] = (nint)Chunk();
        }
        return _groups++;
    }

    /// <summary>Entry <paramref name="index"/> of the second-level groups (group number times 256 plus the last byte).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private uint* Group(int index) => (uint*)_groupChunks[index >> GroupChunkBits] + (index & GroupChunkMask);

    /// <summary>A 2 MB chunk of native memory, 2 MB-aligned, advised as a huge page (a hint: without THP it is 4 KB pages).</summary>
    private void* Chunk()
    {
        var chunk = NativeMemory.AlignedAlloc(ChunkBytes, ChunkBytes);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = Madvise(chunk, ChunkBytes, MadviseHugePage);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // No libc to ask: 4 KB pages, the same lookups, only slower on a large table.
            }
        }
        _chunks.Add((nint)chunk);
        return chunk;
    }
}
