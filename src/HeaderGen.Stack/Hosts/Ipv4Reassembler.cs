using System;
using System.Buffers;
using System.Collections.Generic;
using HeaderGen.Protocols;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Hosts;

/// <summary>
/// IPv4 reassembly (RFC 791 3.2, RFC 815): fragments of one datagram (source, destination, protocol,
/// identification) are gathered in one buffer until every byte from 0 to the last fragment's end has come. Bounded
/// as Linux bounds it: a datagram is given up after <see cref="Timeout"/> (Linux's <c>ipfrag_time</c>, 30 s; an ICMP
/// Time Exceeded, code 1, goes back when its first fragment had come), at most <see cref="MaxDatagrams"/> datagrams
/// are in progress (about <c>ipfrag_high_thresh</c>'s 4 MB of 64 KB buffers) and at most
/// <see cref="MaxDatagramsPerSource"/> from one source; past either limit the oldest is evicted. Overlaps are handled
/// the way Linux has since 4.19: an exact duplicate is dropped, any other overlap discards the whole datagram.
/// </summary>
internal sealed class Ipv4Reassembler
{
    /// <summary>How long a datagram may take to arrive whole (Linux's <c>ipfrag_time</c>).</summary>
    public const long Timeout = 30 * Scheduler.Second;

    /// <summary>Datagrams in reassembly at once.</summary>
    public const int MaxDatagrams = 64;

    /// <summary>Datagrams in reassembly at once from one source.</summary>
    public const int MaxDatagramsPerSource = 16;

    /// <summary>The largest IPv4 datagram (RFC 791: the total length is 16 bits).</summary>
    public const int MaxDatagramLength = 65535;

    private const int MaxHeaderLength = 60;

    private readonly Host _host;
    private readonly Dictionary<(uint Source, uint Destination, byte Protocol, ushort Id), Datagram> _datagrams = new();
    private readonly Dictionary<uint, int> _perSource = new();
    private readonly LinkedList<Datagram> _age = new();

    public Ipv4Reassembler(Host host) => _host = host;

    /// <summary>Datagrams in reassembly now.</summary>
    public int InProgress => _datagrams.Count;

    /// <summary>
    /// Takes a fragment (<paramref name="packet"/>, header included, checksum verified). When it completes its
    /// datagram, returns true with the whole datagram (a header without fragment fields, then the data) in
    /// <paramref name="datagram"/>, valid until the next call; <see cref="Release"/> gives its buffer back. Otherwise
    /// counts the fragment's outcome and returns false.
    /// </summary>
    public bool TryAdd(Ipv4Header.ReadOnlyView ip, ReadOnlySpan<byte> packet, out Span<byte> datagram, out object? token)
    {
        datagram = default;
        token = null;
        var counters = _host.Counters;
        int headerLength = ip.HeaderLength;
        int start = ip.FragmentOffset * 8;
        int length = packet.Length - headerLength;
        int end = start + length;
        bool more = ip.MoreFragments;
        // RFC 791: every fragment but the last carries a multiple of 8 bytes; none reaches past 65,535.
        if ((more && (length == 0 || (length & 7) != 0)) || end + headerLength > MaxDatagramLength)
        {
            counters.FragmentErrors++;
            _host.Emit(TraceLayer.Network, TraceKind.Dropped, $"fragment of {length} bytes at {start}: not a multiple of 8 or past 65,535");
            return false;
        }
        var key = (ip.SourceAddress.Value, ip.DestinationAddress.Value, (byte)ip.Protocol, ip.Identification);
        if (!_datagrams.TryGetValue(key, out var entry))
        {
            entry = Start(key);
        }
        bool inconsistent = more
            ? entry.TotalLength >= 0 && end > entry.TotalLength                                 // data past the known end
            : (entry.TotalLength >= 0 && entry.TotalLength != end) || end < entry.HighestEnd;  // two ends, or data past this one
        if (inconsistent)
        {
            // Two different ends, or data past the end: as good as an overlap.
            Discard(entry);
            counters.FragmentOverlaps++;
            counters.ReassemblyOverlaps++;
            _host.Emit(TraceLayer.Network, TraceKind.Dropped, $"fragments of datagram {ip.Identification} from {ip.SourceAddress} disagree on its end: discarded");
            return false;
        }
        switch (entry.Insert(start, end))
        {
            case Datagram.Placement.Duplicate:
                counters.FragmentDuplicates++;
                return false;
            case Datagram.Placement.Overlap:
                Discard(entry);
                counters.FragmentOverlaps++;
                counters.ReassemblyOverlaps++;
                _host.Emit(TraceLayer.Network, TraceKind.Dropped, $"fragment at {start}..{end} of datagram {ip.Identification} from {ip.SourceAddress} overlaps another: datagram discarded");
                return false;
        }
        packet[headerLength..].CopyTo(entry.Buffer.AsSpan(MaxHeaderLength + start));
        if (start == 0)
        {
            packet[..headerLength].CopyTo(entry.Buffer.AsSpan(MaxHeaderLength - headerLength));
            entry.HeaderLength = headerLength;
        }
        if (!more)
        {
            entry.TotalLength = end;
        }
        entry.HighestEnd = Math.Max(entry.HighestEnd, end);
        if (entry.TotalLength < 0 || entry.HeaderLength == 0 || !entry.Complete)
        {
            counters.FragmentsQueued++;
            return false;
        }

        // Whole: the first fragment's header, made the header of an unfragmented datagram, in front of the data.
        Remove(entry);
        _host.Scheduler.Stop(entry);
        var whole = entry.Buffer.AsSpan(MaxHeaderLength - entry.HeaderLength, entry.HeaderLength + entry.TotalLength);
        var header = Ipv4Header.View.CreateUnchecked(whole);
        header.TotalLength = (ushort)whole.Length;
        header.MoreFragments = false;
        header.FragmentOffset = 0;
        header.FillChecksum();
        counters.ReassembledDatagrams++;
        if (_host.Tracing)
        {
            _host.Emit(TraceLayer.Network, TraceKind.Reassembled, $"datagram {ip.Identification} from {ip.SourceAddress}: {entry.TotalLength} bytes from {entry.Fragments} fragments");
        }
        datagram = whole;
        token = entry;
        return true;
    }

    /// <summary>Gives back the buffer of a datagram <see cref="TryAdd"/> completed.</summary>
    public static void Release(object? token)
    {
        if (token is Datagram entry)
        {
            ArrayPool<byte>.Shared.Return(entry.Buffer);
        }
    }

    private Datagram Start((uint Source, uint Destination, byte Protocol, ushort Id) key)
    {
        _perSource.TryGetValue(key.Source, out int fromSource);
        if (fromSource >= MaxDatagramsPerSource || _datagrams.Count >= MaxDatagrams)
        {
            // The oldest datagram (of this source, when it is the source's limit) makes room, as Linux evicts.
            for (var node = _age.First; node is not null; node = node.Next)
            {
                if (fromSource < MaxDatagramsPerSource || node.Value.Key.Source == key.Source)
                {
                    _host.Counters.ReassemblyEvictions++;
                    Discard(node.Value);
                    break;
                }
            }
            _perSource.TryGetValue(key.Source, out fromSource);   // the evicted datagram may have been this source's
        }
        var entry = new Datagram(this, key, ArrayPool<byte>.Shared.Rent(MaxHeaderLength + MaxDatagramLength));
        _datagrams.Add(key, entry);
        _perSource[key.Source] = fromSource + 1;
        entry.AgeNode = _age.AddLast(entry);
        _host.Scheduler.Start(entry, Timeout);
        return entry;
    }

    private void OnTimeout(Datagram entry)
    {
        _host.Counters.ReassemblyTimeouts++;
        _host.Emit(TraceLayer.Network, TraceKind.Dropped, $"datagram {entry.Key.Id} from {new Ipv4Address(entry.Key.Source)}: reassembly timed out");
        if (entry.HeaderLength > 0)
        {
            // RFC 792: Time Exceeded, code 1 (fragment reassembly time exceeded), quoting the first fragment.
            int quoted = entry.HeaderLength + Math.Min(8, entry.HighestEnd);
            var first = entry.Buffer.AsSpan(MaxHeaderLength - entry.HeaderLength, quoted);
            _host.Icmp.SendError(IcmpType.TimeExceeded, 1, 0, first, "fragment reassembly time exceeded");
        }
        Remove(entry);
        ArrayPool<byte>.Shared.Return(entry.Buffer);
    }

    private void Discard(Datagram entry)
    {
        _host.Scheduler.Stop(entry);
        Remove(entry);
        ArrayPool<byte>.Shared.Return(entry.Buffer);
    }

    private void Remove(Datagram entry)
    {
        _datagrams.Remove(entry.Key);
        _age.Remove(entry.AgeNode!);
        int left = _perSource[entry.Key.Source] - 1;
        if (left == 0)
        {
            _perSource.Remove(entry.Key.Source);
        }
        else
        {
            _perSource[entry.Key.Source] = left;
        }
    }

    /// <summary>One datagram in reassembly: its buffer, the byte ranges that have come, its timer.</summary>
    private sealed class Datagram(Ipv4Reassembler owner, (uint Source, uint Destination, byte Protocol, ushort Id) key, byte[] buffer) : SimulationTimer
    {
        public enum Placement { Placed, Duplicate, Overlap }

        private readonly List<(int Start, int End)> _ranges = new();

        public (uint Source, uint Destination, byte Protocol, ushort Id) Key { get; } = key;

        public byte[] Buffer { get; } = buffer;

        public LinkedListNode<Datagram>? AgeNode { get; set; }

        public int TotalLength { get; set; } = -1;

        public int HeaderLength { get; set; }

        public int HighestEnd { get; set; }

        public int Fragments => _ranges.Count;

        /// <summary>Whether the ranges cover 0 to <see cref="TotalLength"/> without a hole (they never overlap).</summary>
        public bool Complete
        {
            get
            {
                int covered = 0;
                foreach (var (start, end) in _ranges)
                {
                    covered += end - start;
                }
                return covered == TotalLength;
            }
        }

        public Placement Insert(int start, int end)
        {
            foreach (var range in _ranges)
            {
                if (range.Start == start && range.End == end)
                {
                    return Placement.Duplicate;
                }
                if (start < range.End && range.Start < end)
                {
                    return Placement.Overlap;
                }
            }
            _ranges.Add((start, end));
            return Placement.Placed;
        }

        protected override void OnFire(long now) => owner.OnTimeout(this);
    }
}
