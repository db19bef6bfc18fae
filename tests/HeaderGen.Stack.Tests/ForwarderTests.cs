using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using HeaderGen.Protocols;
using HeaderGen.Stack.Capture;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Routing;
using HeaderGen.Examples.Journey;
using HeaderGen.Stack.Tests.Infrastructure;
using HeaderGen.Stack.Tracing;
using HeaderGen.Layers;
using Xunit;
using Xunit.Abstractions;

namespace HeaderGen.Stack.Tests;

public class ForwarderTests(ITestOutputHelper output)
{
    [Fact]
    public void Hello_crosses_two_routers_with_a_new_frame_on_every_link_and_the_same_packet()
    {
        var journey = new TwoRouterJourney(new TraceLog());
        Assert.True(journey.P1.SendTo(TwoRouterJourney.AddressB, 5000, "hello"u8));
        journey.Scheduler.RunUntilIdle();

        var buffer = new byte[16];
        Assert.True(journey.P2.TryReceive(buffer, out int length, out var from, out ushort port));
        Assert.Equal(("hello", TwoRouterJourney.AddressA, (ushort)40000), (Encoding.ASCII.GetString(buffer, 0, length), from, port));

        var expected = new (string Link, string Source, string Destination, int Ttl)[]
        {
            ("A-R1", "A.eth0", "R1.eth0", 64),
            ("R1-R2", "R1.eth1", "R2.eth0", 63),
            ("R2-B", "R2.eth1", "B.eth0", 62),
        };
        ushort? checksum = null;
        foreach (var (link, source, destination, ttl) in expected)
        {
            var frames = journey.Captures[link].Frames;
            Assert.All(frames, f => Assert.True(EthernetTrailer.Verify(f.Data), $"FCS on {link}"));
            var data = frames.Select(f => f.Data[..^4]).Where(IsUdp).ToList();
            var frame = Assert.Single(data);
            var ethernet = EthernetHeader.ReadOnlyView.CreateUnchecked(frame);
            Assert.Equal(journey.Nics[source].Address, ethernet.Source);
            Assert.Equal(journey.Nics[destination].Address, ethernet.Destination);
            Assert.True(Ipv4Header.ReadOnlyView.TryCreate(ethernet.Payload, out var ip));
            Assert.Equal((TwoRouterJourney.AddressA, TwoRouterJourney.AddressB, ttl), (ip.SourceAddress, ip.DestinationAddress, (int)ip.TimeToLive));
            Assert.True(ip.VerifyChecksum());
            Assert.NotEqual(checksum, ip.HeaderChecksum);
            checksum = ip.HeaderChecksum;
            Assert.True(UdpHeader.ReadOnlyView.TryCreate(ip.Payload[..(ip.TotalLength - ip.HeaderLength)], out var udp));
            Assert.True(udp.VerifyChecksum(Ipv4PseudoHeader.For(ip)));
        }
        // The first packet to each next hop waits for ARP: it is counted as queued for the neighbour, not forwarded.
        Assert.Equal((0, 1), (journey.R1.Interfaces[1].Forwarding.Forwarded, journey.R1.Interfaces[1].Forwarding.NeighborQueued));
        Assert.Equal((0, 1), (journey.R2.Interfaces[1].Forwarding.Forwarded, journey.R2.Interfaces[1].Forwarding.NeighborQueued));
        Assert.Equal(1, journey.R1.Counters.ArpQueuedSent);
    }

    [Fact]
    public void A_routing_loop_ends_with_time_exceeded_back_at_the_sender()
    {
        var journey = new TwoRouterJourney();
        journey.R1.AddRoute(Ipv4Address.Parse("10.9.0.0"), 16, Ipv4Address.Parse("10.2.0.2"));
        journey.R2.AddRoute(Ipv4Address.Parse("10.9.0.0"), 16, Ipv4Address.Parse("10.2.0.1"));
        journey.P1.SendTo(Ipv4Address.Parse("10.9.1.1"), 7, "loop"u8);
        journey.Scheduler.RunUntilIdle();

        var message = Assert.Single(journey.A.IcmpMessages);
        Assert.Equal(IcmpType.TimeExceeded, message.Type);
        long expired = journey.R1.Interfaces[1].Forwarding.TtlExpired + journey.R2.Interfaces[0].Forwarding.TtlExpired;
        Assert.Equal(1, expired);
        // 64 hops: A to R1 uses one, the loop the other 63.
        long forwarded = journey.R1.Interfaces[1].Forwarding.Forwarded + journey.R2.Interfaces[0].Forwarding.Forwarded
            + journey.R1.Interfaces[1].Forwarding.NeighborQueued + journey.R2.Interfaces[0].Forwarding.NeighborQueued;
        Assert.Equal(63, forwarded);
        Assert.Equal(0, journey.R1.UnaccountedFrames);
        Assert.Equal(0, journey.R2.UnaccountedFrames);
        Assert.Equal(0, journey.A.UnaccountedFrames);
    }

    [Fact]
    public void An_unroutable_destination_gets_destination_unreachable_quoting_the_packet()
    {
        var journey = new TwoRouterJourney(new TraceLog());
        journey.P1.SendTo(Ipv4Address.Parse("192.168.5.5"), 7, "lost"u8);
        journey.Scheduler.RunUntilIdle();

        var message = Assert.Single(journey.A.IcmpMessages);
        Assert.Equal((IcmpType.DestinationUnreachable, (byte)0, Ipv4Address.Parse("10.1.0.1")), (message.Type, message.Code, message.From));
        Assert.Equal(1, journey.R1.Interfaces[0].Forwarding.NoRoute);
        var icmpFrame = journey.Captures["A-R1"].Frames.Select(f => f.Data[..^4]).Last(f => HeaderGen.Layers.LayerDecoder.Describe(f).Contains("ICMP Type=DestinationUnreachable", StringComparison.Ordinal));
        // The quote: the original IPv4 header (20 bytes) and the first 8 bytes of its data, the UDP header.
        var ip = Ipv4Header.ReadOnlyView.CreateUnchecked(icmpFrame.AsSpan(14));
        Assert.Equal(20 + 8 + 28, ip.TotalLength);
        Assert.True(Ipv4Header.TryRead(ip.Payload.Slice(8), out var quoted));
        Assert.Equal(Ipv4Address.Parse("192.168.5.5"), quoted.DestinationAddress);
    }

    [Fact]
    public void Routers_answer_ping_and_hosts_answer_across_them()
    {
        var journey = new TwoRouterJourney();
        journey.A.Ping(Ipv4Address.Parse("10.1.0.1"), 1, 1, "r1"u8);
        journey.A.Ping(TwoRouterJourney.AddressB, 1, 2, "b"u8);
        journey.Scheduler.RunUntilIdle();
        Assert.Equal(2, journey.A.EchoReplies.Count);
        Assert.Equal(64, journey.A.EchoReplies.Single(r => r.SequenceNumber == 1).TimeToLive);
        Assert.Equal(62, journey.A.EchoReplies.Single(r => r.SequenceNumber == 2).TimeToLive);
    }

    [Fact]
    public void Forwarding_allocates_nothing_per_packet_in_the_steady_state()
    {
        var journey = new TwoRouterJourney();
        var payload = new byte[64];
        var buffer = new byte[128];
        Exchange(journey, payload, buffer, 200);
        journey.Captures.Values.ToList().ForEach(_ => { });
        foreach (var link in journey.Links.Values)
        {
            link.Tap = null;
        }
        Exchange(journey, payload, buffer, 200);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int received = Exchange(journey, payload, buffer, 2_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2_000, received);

        static int Exchange(TwoRouterJourney journey, byte[] payload, byte[] buffer, int count)
        {
            int received = 0;
            for (int i = 0; i < count; i++)
            {
                journey.P1.SendTo(TwoRouterJourney.AddressB, 5000, payload);
                journey.Scheduler.RunUntilIdle();
                received += journey.P2.TryReceive(buffer, out _, out _, out _) ? 1 : 0;
            }
            return received;
        }
    }

    [Fact]
    public void A_table_of_100000_random_prefixes_agrees_with_a_reference_match_on_100000_addresses()
    {
        var random = new Random(2026);
        var table = new ForwardingTable();
        var reference = new Dictionary<uint, int>[33];
        for (int i = 0; i < reference.Length; i++)
        {
            reference[i] = new Dictionary<uint, int>();
        }
        var prefixes = new List<(uint Prefix, int Length)>();
        for (int i = 0; i < 100_000; i++)
        {
            // A few short prefixes (each rewrites up to 2^24 entries, as in rte_lpm), spread over the adds so that
            // some land before the pages they cover are made and some after; the rest as in real tables.
            int length = i % 5000 == 0 ? random.Next(0, 9) : random.Next(8, 33);
            uint prefix = (uint)random.NextInt64(0, 1L << 32) & Prefix.Mask(length);
            table.Add(new Ipv4Address(prefix), length, i);
            reference[length][prefix] = i;   // a later duplicate replaces the earlier, in both
            prefixes.Add((prefix, length));
        }
        for (int i = 0; i < 100_000; i++)
        {
            // Half the addresses fall inside a known prefix, so every depth is exercised.
            uint address = (uint)random.NextInt64(0, 1L << 32);
            if (i % 2 == 0)
            {
                var (prefix, length) = prefixes[random.Next(prefixes.Count)];
                address = prefix | (address & ~Prefix.Mask(length));
            }
            int expected = -1;
            for (int length = 32; length >= 0; length--)
            {
                if (reference[length].TryGetValue(address & Prefix.Mask(length), out int hop))
                {
                    expected = hop;
                    break;
                }
            }
            table.Prefetch(new Ipv4Address(address));              // hints: they must touch only what a lookup reads
            table.PrefetchSecondLevel(new Ipv4Address(address));
            bool found = table.TryLookup(new Ipv4Address(address), out int actual);
            Assert.Equal(expected >= 0, found);
            if (found)
            {
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void A_table_makes_pages_only_where_prefixes_longer_than_8_fall()
    {
        var table = new ForwardingTable();
        table.Add(Ipv4Address.Parse("0.0.0.0"), 0, 1);
        table.Add(Ipv4Address.Parse("10.1.0.0"), 24, 2);
        table.Add(Ipv4Address.Parse("10.2.0.0"), 24, 3);
        table.Add(Ipv4Address.Parse("10.2.0.128"), 25, 4);
        table.Add(Ipv4Address.Parse("192.0.2.0"), 24, 5);
        table.Add(Ipv4Address.Parse("10.0.0.0"), 8, 6);
        Assert.Equal(2, table.Pages);
        // Two 2 MB chunks (one of first-level pages, one of second-level groups) and the page directory, not 64 MB.
        Assert.Equal(2 * (2 << 20) + 256 * (sizeof(uint) + IntPtr.Size), table.MemoryBytes);
        foreach (var (address, hop) in new[] { ("10.1.0.9", 2), ("10.2.0.5", 3), ("10.2.0.200", 4), ("10.9.9.9", 6), ("192.0.2.1", 5), ("192.0.3.1", 1), ("8.8.8.8", 1) })
        {
            Assert.True(table.TryLookup(Ipv4Address.Parse(address), out int actual));
            Assert.Equal((address, hop), (address, actual));
        }
        Assert.False(new ForwardingTable().TryLookup(Ipv4Address.Parse("10.1.0.9"), out _));
    }

    [Fact]
    public void Captures_are_pcap_files_that_read_back_and_decode()
    {
        using var capture = new JourneyCapture();
        foreach (var name in JourneyCapture.Links)
        {
            using var stream = File.OpenRead(capture.PathOf(name));
            var frames = PcapReader.Read(stream);
            Assert.Equal(capture.Journey.Captures[name].Frames.Count, frames.Count);
            foreach (var frame in frames)
            {
                var walk = HeaderGen.Layers.LayerDecoder.Decode(frame.Data);
                while (walk.MoveNext())
                {
                }
                Assert.NotEqual(HeaderGen.Layers.LayerWalkEnd.Malformed, walk.End);
                Assert.DoesNotContain("BAD", HeaderGen.Layers.LayerDecoder.Describe(frame.Data), StringComparison.Ordinal);
            }
        }
    }

    [SkippableFact]
    public void Wireshark_reads_every_captured_frame_with_good_checksums()
    {
        Tshark.SkipUnlessAvailable();
        using var capture = new JourneyCapture();
        foreach (var name in JourneyCapture.Links)
        {
            string text = Tshark.Verbose(capture.PathOf(name));
            output.WriteLine($"tshark {name}: {text.Split('\n').Count(l => l.StartsWith("Frame ", StringComparison.Ordinal))} frames");
            Assert.Contains("User Datagram Protocol", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Malformed", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Bad]", text, StringComparison.Ordinal);
            Assert.DoesNotContain("incorrect", text, StringComparison.Ordinal);
            Assert.Contains("[Header checksum status: Good]", text, StringComparison.Ordinal);
            var udp = Tshark.Fields(capture.PathOf(name), "udp", "udp.checksum", "udp.checksum.status");
            Assert.NotEmpty(udp);
            Assert.All(udp, row => Assert.Equal(("nonzero", "1"), (row[0] == "0x0000" ? "zero" : "nonzero", row[1])));
        }
    }

    /// <summary>The journey's "hello" and a ping, captured on its three links to pcap files in a temporary folder.</summary>
    private sealed class JourneyCapture : IDisposable
    {
        public static readonly string[] Links = ["A-R1", "R1-R2", "R2-B"];

        private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("headergen-pcap-");

        public JourneyCapture()
        {
            var writers = Links.ToDictionary(n => n, n => new PcapWriter(File.Create(PathOf(n))));
            Journey = new TwoRouterJourney(pcaps: writers.ToDictionary(w => w.Key, w => (IFrameTap)w.Value));
            Journey.P1.SendTo(TwoRouterJourney.AddressB, 5000, "hello"u8);
            Journey.A.Ping(TwoRouterJourney.AddressB, 9, 1, "ping"u8);
            Journey.Scheduler.RunUntilIdle();
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }
        }

        public TwoRouterJourney Journey { get; }

        public string PathOf(string link) => Path.Combine(_directory.FullName, link + ".pcap");

        public void Dispose() => _directory.Delete(recursive: true);
    }

    private static bool IsUdp(byte[] frame) =>
        EthernetHeader.ReadOnlyView.TryCreate(frame, out var e) && e.EtherType == EtherType.Ipv4
        && Ipv4Header.ReadOnlyView.TryCreate(e.Payload, out var ip) && ip.Protocol == IpProtocol.Udp;
}
