using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Wire;
using HeaderGen.Layers;
using Xunit;

namespace HeaderGen.Stack.Tests;

/// <summary>IPv4 fragmentation on the send and forwarding paths and reassembly on the receive path (RFC 791 3.2).</summary>
public class FragmentationTests
{
    private static readonly Ipv4Address Source = Ipv4Address.Parse("10.0.0.1");
    private static readonly Ipv4Address Destination = Ipv4Address.Parse("10.0.0.2");

    /// <summary>A UDP datagram from A:5000 to B:6000 with <paramref name="payload"/>, as an IPv4 packet (DF clear).</summary>
    private static byte[] Datagram(byte[] payload, ushort identification)
    {
        var buffer = new byte[payload.Length + 128];
        var builder = new FrameBuilder(buffer, 64);
        builder.Payload(payload).Push(new UdpHeader { SourcePort = 5000, DestinationPort = 6000 })
            .Push(new Ipv4Header { Identification = identification, TimeToLive = 64, SourceAddress = Source, DestinationAddress = Destination });
        Assert.True(builder.TryGetFrame(out var packet, out var error), error.ToString());
        return packet.ToArray();
    }

    /// <summary>
    /// The fragment of <paramref name="packet"/> holding data bytes <paramref name="start"/> to <paramref name="end"/>,
    /// cut by hand (20-byte header, offset in 8-byte units, MF unless it ends the data), framed for B with its FCS.
    /// </summary>
    private static byte[] Fragment(byte[] packet, int start, int end, MacAddress to, bool? more = null)
    {
        int data = packet.Length - 20;
        var frame = new byte[14 + 20 + (end - start) + 4];
        to.Write(frame);
        MacAddress.Parse("02:00:00:00:00:0a").Write(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        packet.AsSpan(0, 20).CopyTo(frame.AsSpan(14));
        packet.AsSpan(20 + start, end - start).CopyTo(frame.AsSpan(34));
        var ip = Ipv4Header.View.CreateUnchecked(frame.AsSpan(14));
        ip.TotalLength = (ushort)(20 + end - start);
        ip.MoreFragments = more ?? end < data;
        ip.FragmentOffset = (ushort)(start / 8);
        ip.FillChecksum();
        Assert.True(EthernetTrailer.TryAppend(frame, frame.Length - 4, out _));
        return frame;
    }

    private static byte[] Payload(int length, int seed)
    {
        var payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    private static void Inject(TwoHosts net, IEnumerable<byte[]> frames)
    {
        foreach (var frame in frames)
        {
            net.NicB.ReceiveFromWire(frame);
            net.Scheduler.RunUntil(net.Scheduler.Now + Scheduler.Microsecond * 50);
        }
        net.Scheduler.RunUntil(net.Scheduler.Now + Scheduler.Millisecond);
    }

    private static byte[]? ReceiveAtB(TwoHosts net)
    {
        var buffer = new byte[70_000];
        return net.SocketB.TryReceive(buffer, out int length, out _, out _) ? buffer[..length] : null;
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 })]
    [InlineData(new[] { 3, 2, 1, 0 })]
    [InlineData(new[] { 2, 0, 3, 1 })]
    public void Fragments_in_any_order_reassemble_into_the_datagram(int[] order)
    {
        var net = new TwoHosts();
        var payload = Payload(3000, 1);
        var packet = Datagram(payload, 0x1234);
        int[] cuts = [0, 800, 1600, 2400, packet.Length - 20];
        Inject(net, order.Select(i => Fragment(packet, cuts[i], cuts[i + 1], net.NicB.Address)));
        Assert.Equal(payload, ReceiveAtB(net));
        Assert.Equal((3L, 1L), (net.B.Counters.FragmentsQueued, net.B.Counters.ReassembledDatagrams));
        Assert.Equal(0, net.B.UnaccountedFrames);
    }

    [Fact]
    public void An_exact_duplicate_fragment_is_dropped_and_the_datagram_still_completes()
    {
        var net = new TwoHosts();
        var payload = Payload(2000, 2);
        var packet = Datagram(payload, 7);
        Inject(net, [Fragment(packet, 0, 1000, net.NicB.Address), Fragment(packet, 0, 1000, net.NicB.Address), Fragment(packet, 1000, 2008, net.NicB.Address)]);
        Assert.Equal(payload, ReceiveAtB(net));
        Assert.Equal(1, net.B.Counters.FragmentDuplicates);
        Assert.Equal(0, net.B.UnaccountedFrames);
    }

    [Theory]
    [InlineData(0, 504, 496, 1008)]      // the second starts inside the first
    [InlineData(0, 504, 0, 256)]         // a shorter copy of the start
    [InlineData(504, 1008, 0, 600)]      // the first to come starts inside what follows
    public void An_overlapping_fragment_discards_the_whole_datagram_as_linux_does(int start1, int end1, int start2, int end2)
    {
        var net = new TwoHosts();
        var packet = Datagram(Payload(1000, 3), 9);
        Inject(net, [Fragment(packet, start1, end1, net.NicB.Address), Fragment(packet, start2, end2, net.NicB.Address)]);
        // What comes after the overlap starts a new datagram, which completes on its own.
        Inject(net, [Fragment(packet, 0, 504, net.NicB.Address), Fragment(packet, 504, 1008, net.NicB.Address)]);
        Assert.Equal(1, net.B.Counters.ReassemblyOverlaps);
        Assert.Equal(1, net.B.Counters.FragmentOverlaps);
        Assert.Equal(1, net.B.Counters.ReassembledDatagrams);
        Assert.NotNull(ReceiveAtB(net));
        Assert.Null(ReceiveAtB(net));
        Assert.Equal(0, net.B.UnaccountedFrames);
    }

    [Fact]
    public void A_datagram_missing_a_fragment_times_out_after_30_seconds_with_time_exceeded_to_its_source()
    {
        var net = new TwoHosts();
        var packet = Datagram(Payload(2000, 4), 11);
        net.SocketA.SendTo(TwoHosts.AddressB, 6000, "resolve"u8);   // so that B knows A's MAC for the ICMP error
        net.Scheduler.RunUntilIdle();
        ReceiveAtB(net);
        Inject(net, [Fragment(packet, 0, 1000, net.NicB.Address)]);
        net.Scheduler.RunUntil(net.Scheduler.Now + Ipv4Reassembler.Timeout - Scheduler.Millisecond * 10);
        Assert.Equal(0, net.B.Counters.ReassemblyTimeouts);
        net.Scheduler.RunUntil(net.Scheduler.Now + Scheduler.Millisecond * 20);
        Assert.Equal(1, net.B.Counters.ReassemblyTimeouts);
        var message = Assert.Single(net.A.IcmpMessages);
        Assert.Equal((IcmpType.TimeExceeded, (byte)1), (message.Type, message.Code));
        // The late fragment starts a new datagram rather than completing the old one.
        Inject(net, [Fragment(packet, 1000, 2008, net.NicB.Address)]);
        Assert.Null(ReceiveAtB(net));
    }

    [Fact]
    public void Fragments_that_break_rfc_791_are_counted_as_errors()
    {
        var net = new TwoHosts();
        var packet = Datagram(Payload(2000, 5), 13);
        Inject(net, [Fragment(packet, 0, 999, net.NicB.Address, more: true), Fragment(packet, 0, 0, net.NicB.Address, more: true)]);
        Assert.Equal(2, net.B.Counters.FragmentErrors);
        Assert.Equal(0, net.B.UnaccountedFrames);
    }

    [Fact]
    public void Reassembly_is_bounded_per_source_and_in_all_and_evicts_the_oldest()
    {
        var net = new TwoHosts();
        var packet = Datagram(Payload(2000, 6), 0);
        var frames = new List<byte[]>();
        for (int id = 0; id < 100; id++)
        {
            var copy = (byte[])packet.Clone();
            var ip = Ipv4Header.View.CreateUnchecked(copy);
            ip.Identification = (ushort)id;
            ip.SourceAddress = new Ipv4Address(Source.Value + (uint)(id % 8) * (id < 50 ? 0u : 1u));
            ip.FillChecksum();
            frames.Add(Fragment(copy, 0, 1000, net.NicB.Address));
        }
        Inject(net, frames);
        Assert.Equal(100, net.B.Counters.FragmentsQueued);
        Assert.InRange(net.B.Ipv4.ReassembliesInProgress, 1, Ipv4Reassembler.MaxDatagrams);
        Assert.True(net.B.Counters.ReassemblyEvictions >= 100 - Ipv4Reassembler.MaxDatagrams);
        Assert.Equal(0, net.B.UnaccountedFrames);
    }

    /// <summary><paramref name="packet"/> with another source, identification or protocol, its checksum refilled.</summary>
    private static byte[] With(byte[] packet, Ipv4Address? source = null, ushort? identification = null, IpProtocol? protocol = null)
    {
        var copy = (byte[])packet.Clone();
        var ip = Ipv4Header.View.CreateUnchecked(copy);
        ip.SourceAddress = source ?? ip.SourceAddress;
        ip.Identification = identification ?? ip.Identification;
        ip.Protocol = protocol ?? ip.Protocol;
        ip.FillChecksum();
        return copy;
    }

    /// <summary>A transport for an experimental protocol number that keeps every packet IPv4 hands it, header included.</summary>
    private sealed class RawTransport : IIpv4Transport
    {
        public List<byte[]> Packets { get; } = new();

        public void Receive(Ipv4Header.ReadOnlyView ip, Span<byte> segment)
        {
            var packet = new byte[ip.HeaderLength + segment.Length];
            ip.Header.CopyTo(packet);
            segment.CopyTo(packet.AsSpan(ip.HeaderLength));
            Packets.Add(packet);
        }
    }

    [Fact]
    public void A_reassembled_datagram_carries_the_header_it_had_before_it_was_cut()
    {
        // RFC 791 3.2: the whole datagram's header is the first fragment's, with the total length, MF and offset of an
        // unfragmented datagram and its checksum recomputed: the bytes the sender had before cutting, checksum included.
        var net = new TwoHosts();
        var raw = new RawTransport();
        net.B.Ipv4.Register((IpProtocol)253, raw);
        var packet = With(Datagram(Payload(1500, 14), 0x4242), protocol: (IpProtocol)253);
        Assert.True(Ipv4Header.ReadOnlyView.CreateUnchecked(packet).VerifyChecksum());
        Inject(net, [Fragment(packet, 1000, packet.Length - 20, net.NicB.Address), Fragment(packet, 0, 1000, net.NicB.Address)]);
        Assert.Equal(packet, Assert.Single(raw.Packets));
    }

    [Fact]
    public void A_source_at_its_limit_evicts_its_own_oldest_datagram_and_leaves_other_sources_alone()
    {
        var net = new TwoHosts();
        var packet = Datagram(Payload(1000, 15), 0);
        var other = Ipv4Address.Parse("10.0.0.9");
        Inject(net, [Fragment(With(packet, source: other, identification: 500), 0, 504, net.NicB.Address)]);
        Inject(net, Enumerable.Range(0, Ipv4Reassembler.MaxDatagramsPerSource + 1)
            .Select(id => Fragment(With(packet, identification: (ushort)id), 0, 504, net.NicB.Address)));
        Assert.Equal(1, net.B.Counters.ReassemblyEvictions);
        Assert.Equal(1 + Ipv4Reassembler.MaxDatagramsPerSource, net.B.Ipv4.ReassembliesInProgress);

        // Datagram 1 completes. Datagram 0 was the oldest of 10.0.0.1's and was evicted: its second half starts a
        // new datagram (which needs no eviction, 1 having completed). The other source's, older than both, completes.
        Inject(net, [Fragment(With(packet, identification: 1), 504, 1008, net.NicB.Address)]);
        Inject(net, [Fragment(With(packet, identification: 0), 504, 1008, net.NicB.Address)]);
        Inject(net, [Fragment(With(packet, source: other, identification: 500), 504, 1008, net.NicB.Address)]);
        Assert.Equal((2L, 1L), (net.B.Counters.ReassembledDatagrams, net.B.Counters.ReassemblyEvictions));
        Assert.Equal(Ipv4Reassembler.MaxDatagramsPerSource, net.B.Ipv4.ReassembliesInProgress);
        Assert.Equal(0, net.B.UnaccountedFrames);
    }

    [Fact]
    public void At_the_total_limit_the_oldest_datagram_of_any_source_is_evicted()
    {
        var net = new TwoHosts();
        var packet = Datagram(Payload(1000, 16), 0);
        int sources = Ipv4Reassembler.MaxDatagrams / Ipv4Reassembler.MaxDatagramsPerSource;
        var frames = new List<byte[]>();
        for (int s = 0; s < sources; s++)
        {
            for (int id = 0; id < Ipv4Reassembler.MaxDatagramsPerSource; id++)
            {
                frames.Add(Fragment(With(packet, source: new Ipv4Address(Source.Value + 10 + (uint)s), identification: (ushort)id), 0, 504, net.NicB.Address));
            }
        }
        Inject(net, frames);
        Assert.Equal((Ipv4Reassembler.MaxDatagrams, 0L), (net.B.Ipv4.ReassembliesInProgress, net.B.Counters.ReassemblyEvictions));
        var newcomer = Ipv4Address.Parse("10.0.0.200");
        Inject(net, [Fragment(With(packet, source: newcomer, identification: 1), 0, 504, net.NicB.Address)]);
        Assert.Equal((Ipv4Reassembler.MaxDatagrams, 1L), (net.B.Ipv4.ReassembliesInProgress, net.B.Counters.ReassemblyEvictions));

        var first = new Ipv4Address(Source.Value + 10);
        Inject(net, [Fragment(With(packet, source: first, identification: 0), 504, 1008, net.NicB.Address)]);   // evicted: starts anew
        Assert.Equal(0, net.B.Counters.ReassembledDatagrams);
        Inject(net, [Fragment(With(packet, source: newcomer, identification: 1), 504, 1008, net.NicB.Address)]);
        Inject(net, [Fragment(With(packet, source: first, identification: 2), 504, 1008, net.NicB.Address)]);
        Assert.Equal(2, net.B.Counters.ReassembledDatagrams);
        Assert.Equal(0, net.B.UnaccountedFrames);
    }

    [Theory]
    [InlineData(504, 1008, false, 0, 512, true)]       // a fragment with more to come reaches past the known end
    [InlineData(504, 1008, false, 8, 1016, false)]     // a second, different end
    [InlineData(504, 1000, true, 8, 256, false)]       // an end before data already held
    public void Fragments_that_disagree_on_the_datagrams_end_discard_it(int start1, int end1, bool more1, int start2, int end2, bool more2)
    {
        var net = new TwoHosts();
        var packet = Datagram(Payload(2000, 17), 21);
        Inject(net, [Fragment(packet, start1, end1, net.NicB.Address, more1), Fragment(packet, start2, end2, net.NicB.Address, more2)]);
        Assert.Equal((1L, 1L, 0), (net.B.Counters.ReassemblyOverlaps, net.B.Counters.FragmentsQueued, net.B.Ipv4.ReassembliesInProgress));
        Assert.Equal(0, net.B.UnaccountedFrames);
    }

    [Fact]
    public void A_fragment_that_would_end_past_65535_bytes_is_an_error_and_one_that_ends_at_it_is_queued()
    {
        var net = new TwoHosts();
        var packet = Datagram(Payload(8, 18), 23);
        // Data from 65,512: 3 bytes end the datagram at 20 + 65,515 = 65,535 bytes; 4 bytes would make it 65,536.
        byte[] Last(int length)
        {
            var big = new byte[20 + 65_512 + length];
            packet.AsSpan(0, 20).CopyTo(big);
            var ip = Ipv4Header.View.CreateUnchecked(big);
            ip.TotalLength = (ushort)Math.Min(big.Length, 65_535);
            return Fragment(big, 65_512, 65_512 + length, net.NicB.Address, more: false);
        }
        Inject(net, [Last(3)]);
        Assert.Equal((1L, 0L), (net.B.Counters.FragmentsQueued, net.B.Counters.FragmentErrors));
        Inject(net, [Last(4)]);
        Assert.Equal((1L, 1L), (net.B.Counters.FragmentsQueued, net.B.Counters.FragmentErrors));
    }

    [Fact]
    public void Time_exceeded_for_a_timed_out_datagram_quotes_its_header_and_first_8_data_bytes()
    {
        // RFC 792: the internet header plus the first 64 bits of the original datagram's data.
        var net = new TwoHosts();
        var recorder = new HeaderGen.Stack.Capture.FrameRecorder();
        net.Link.Tap = recorder;
        net.AddArpEntries();
        var packet = Datagram(Payload(2000, 19), 25);
        Inject(net, [Fragment(packet, 0, 1000, net.NicB.Address)]);
        net.Scheduler.RunUntil(net.Scheduler.Now + Ipv4Reassembler.Timeout + Scheduler.Millisecond);
        var error = recorder.Frames.Select(f => f.Data[14..^4]).Single(p => p[9] == 1);
        var ip = Ipv4Header.ReadOnlyView.CreateUnchecked(error);
        Assert.Equal(20 + 8 + 20 + 8, ip.TotalLength);
        Assert.Equal(new byte[] { 11, 1 }, error[20..22]);
        var quoted = error[28..];
        Assert.Equal(packet[..20].Select((b, i) => i is 2 or 3 or 6 or 7 or 10 or 11 ? (byte)0 : b), quoted[..20].Select((b, i) => i is 2 or 3 or 6 or 7 or 10 or 11 ? (byte)0 : b));
        Assert.Equal(packet[20..28], quoted[20..28]);
    }

    [Fact]
    public void A_host_fragments_a_datagram_larger_than_the_mtu_and_the_other_end_reassembles_it()
    {
        var net = new TwoHosts();
        var payload = Payload(20_000, 7);
        Assert.True(net.SocketA.SendTo(TwoHosts.AddressB, 6000, payload));
        net.Scheduler.RunUntilIdle();
        Assert.Equal(payload, ReceiveAtB(net));
        Assert.Equal(14, net.A.Counters.FragmentsSent);   // 20,008 bytes of UDP in 1,480-byte pieces
        Assert.Equal(1, net.B.Counters.ReassembledDatagrams);
    }

    [Fact]
    public void A_router_fragments_for_a_smaller_link_when_df_is_clear_and_keeps_a_fragments_offsets()
    {
        var scheduler = new Scheduler(3);
        var a = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0a"), scheduler);
        var r0 = new Nic("eth0", MacAddress.Parse("02:00:00:00:01:01"), scheduler);
        var r1 = new Nic("eth1", MacAddress.Parse("02:00:00:00:01:02"), scheduler, options: new NicOptions { Mtu = 576 });
        var b = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0b"), scheduler, options: new NicOptions { Mtu = 576 });
        new PointToPointLink("a-r", scheduler).Connect(a, r0);
        new PointToPointLink("r-b", scheduler).Connect(r1, b);
        var hostA = new Host("A", scheduler);
        hostA.AddInterface(a, Ipv4Address.Parse("10.1.0.1"), 24);
        hostA.AddDefaultRoute(Ipv4Address.Parse("10.1.0.254"));
        var router = new Router("R", scheduler);
        router.AddInterface(r0, Ipv4Address.Parse("10.1.0.254"), 24);
        router.AddInterface(r1, Ipv4Address.Parse("10.2.0.254"), 24);
        var hostB = new Host("B", scheduler);
        hostB.AddInterface(b, Ipv4Address.Parse("10.2.0.2"), 24);
        hostB.AddDefaultRoute(Ipv4Address.Parse("10.2.0.254"));
        var socket = hostB.OpenUdp(6000);
        var sender = hostA.OpenUdp(5000);

        // 1,472 bytes fit A's link whole (DF set: the router must answer Fragmentation Needed); 3,000 go in fragments of
        // 1,500 bytes with DF clear, each of which the router cuts again for the 576-byte link.
        var payload = Payload(3000, 8);
        Assert.True(sender.SendTo(Ipv4Address.Parse("10.2.0.2"), 6000, new byte[1472]));
        Assert.True(sender.SendTo(Ipv4Address.Parse("10.2.0.2"), 6000, payload));
        scheduler.RunUntilIdle();

        var received = new byte[4000];
        Assert.True(socket.TryReceive(received, out int length, out _, out _));
        Assert.Equal(payload, received[..length]);
        Assert.False(socket.TryReceive(received, out _, out _, out _));
        Assert.Equal(1, router.Interfaces[0].Forwarding.MtuExceeded);
        Assert.Equal((IcmpType.DestinationUnreachable, (byte)4), (Assert.Single(hostA.IcmpMessages).Type, hostA.IcmpMessages[0].Code));
        Assert.Equal(2, router.Counters.DatagramsFragmented);   // the two 1,500-byte fragments; the 68-byte last one fits
        Assert.Equal(0, router.UnaccountedFrames);
        Assert.Equal(0, hostB.UnaccountedFrames);
    }

    [Fact]
    public void Jumbo_frames_cross_a_9000_byte_link_whole_and_a_router_cuts_them_for_a_1500_byte_one()
    {
        var scheduler = new Scheduler(4);
        var jumbo = new NicOptions { Mtu = 9000 };
        var a = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0a"), scheduler, options: jumbo);
        var b = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0b"), scheduler, options: jumbo);
        var r0 = new Nic("eth0", MacAddress.Parse("02:00:00:00:01:01"), scheduler, options: jumbo);
        var r1 = new Nic("eth1", MacAddress.Parse("02:00:00:00:01:02"), scheduler);
        var c = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0c"), scheduler);
        var lan = new EthernetSwitch("jumbo-lan", scheduler);
        lan.Connect(a);
        lan.Connect(b);
        lan.Connect(r0);
        new PointToPointLink("r-c", scheduler).Connect(r1, c);
        var hostA = new Host("A", scheduler);
        hostA.AddInterface(a, Ipv4Address.Parse("10.1.0.1"), 24);
        hostA.AddDefaultRoute(Ipv4Address.Parse("10.1.0.254"));
        var hostB = new Host("B", scheduler);
        hostB.AddInterface(b, Ipv4Address.Parse("10.1.0.2"), 24);
        var router = new Router("R", scheduler);
        router.AddInterface(r0, Ipv4Address.Parse("10.1.0.254"), 24);
        router.AddInterface(r1, Ipv4Address.Parse("10.2.0.254"), 24);
        var hostC = new Host("C", scheduler);
        hostC.AddInterface(c, Ipv4Address.Parse("10.2.0.3"), 24);
        hostC.AddDefaultRoute(Ipv4Address.Parse("10.2.0.254"));

        // 8,972 bytes of ping data: a 9,000-byte packet, whole on the jumbo LAN both ways.
        Assert.True(hostA.Ping(Ipv4Address.Parse("10.1.0.2"), 1, 1, Payload(8972, 9)));
        scheduler.RunUntilIdle();
        Assert.Equal(1, hostA.Counters.EchoRepliesReceived);
        Assert.Equal((0L, 0L), (hostA.Counters.FragmentsSent, hostB.Counters.FragmentsSent));

        // To C, beyond the router's 1,500-byte link: a ping that fits A's MTU goes with DF set (path MTU discovery),
        // so the router answers Fragmentation Needed with its next-hop MTU.
        Assert.True(hostA.Ping(Ipv4Address.Parse("10.2.0.3"), 1, 2, Payload(8972, 10)));
        scheduler.RunUntilIdle();
        Assert.Equal((IcmpType.DestinationUnreachable, (byte)4), (Assert.Single(hostA.IcmpMessages).Type, hostA.IcmpMessages[0].Code));

        // A datagram from a socket that lets routers fragment: the router cuts its 9,000 bytes into 7 fragments of
        // at most 1,500 and C reassembles them.
        var socketA = hostA.OpenUdp(5000);
        socketA.DontFragment = false;
        var socketC = hostC.OpenUdp(6000);
        var datagram = Payload(8972, 11);
        Assert.True(socketA.SendTo(Ipv4Address.Parse("10.2.0.3"), 6000, datagram));
        scheduler.RunUntilIdle();
        var received = new byte[9000];
        Assert.True(socketC.TryReceive(received, out int length, out _, out _));
        Assert.Equal(datagram, received[..length]);
        Assert.Equal(1, router.Counters.DatagramsFragmented);
        Assert.Equal(7, router.Counters.FragmentsSent);
        Assert.Equal(1L, hostC.Counters.ReassembledDatagrams);
        Assert.Equal(0, router.UnaccountedFrames);
        Assert.All(new[] { a, b, r0, r1, c }, nic => Assert.Equal((0L, 0L), (nic.Counters.RxLengthErrors, nic.Counters.TxErrors)));
    }

    [Fact]
    public void Later_fragments_repeat_only_the_options_whose_copied_flag_is_set()
    {
        // RFC 791 3.1: Router Alert (0x94, copied flag set) goes in every fragment; Record Route (0x07, not copied)
        // only in the first. A 1,200-byte datagram with both crosses a router onto a 576-byte link.
        var net = new TwoHosts();
        var nic = new Nic("eth1", MacAddress.Parse("02:00:00:00:00:0c"), net.Scheduler, options: new NicOptions { Mtu = 576 });
        var far = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0d"), net.Scheduler, options: new NicOptions { Mtu = 576 });
        var link = new PointToPointLink("b-d", net.Scheduler);
        link.Connect(nic, far);
        var recorder = new HeaderGen.Stack.Capture.FrameRecorder();
        link.Tap = recorder;
        net.B.AddInterface(nic, Ipv4Address.Parse("10.9.0.1"), 24);
        net.B.EnableForwarding();
        var d = new Host("D", net.Scheduler);
        d.AddInterface(far, Ipv4Address.Parse("10.9.0.4"), 24);
        var socket = d.OpenUdp(7000);
        d.AddArpEntry(Ipv4Address.Parse("10.9.0.1"), nic.Address);
        net.B.AddArpEntry(Ipv4Address.Parse("10.9.0.4"), far.Address);

        byte[] options = Convert.FromHexString("94040000" + "07070400000000" + "01");   // Router Alert, Record Route (7 bytes), NOP
        var payload = Payload(1200 - 8, 12);
        var udp = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(udp, 5000);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), 7000);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        payload.CopyTo(udp, 8);
        var frame = new byte[14 + 20 + options.Length + udp.Length + 4];
        net.NicB.Address.Write(frame);
        net.NicA.Address.Write(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        var ip = frame.AsSpan(14);
        ip[0] = (byte)(0x40 | ((20 + options.Length) / 4));
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + options.Length + udp.Length));
        ip[8] = 64;
        ip[9] = 17;
        TwoHosts.AddressA.Write(ip[12..]);
        Ipv4Address.Parse("10.9.0.4").Write(ip[16..]);
        options.CopyTo(ip[20..]);
        udp.CopyTo(ip[(20 + options.Length)..]);
        var view = Ipv4Header.View.CreateUnchecked(ip);
        view.FillChecksum();
        UdpHeader.View.CreateUnchecked(ip.Slice(20 + options.Length, udp.Length)).FillChecksum(Ipv4PseudoHeader.For(view));
        Assert.True(EthernetTrailer.TryAppend(frame, frame.Length - 4, out _));
        net.B.AddArpEntry(TwoHosts.AddressA, net.NicA.Address);
        net.NicB.ReceiveFromWire(frame);
        net.Scheduler.RunUntilIdle();

        var fragments = recorder.Frames.Select(f => f.Data[14..^4]).ToList();
        Assert.Equal(3, fragments.Count);   // 1,200 bytes of UDP: 544 + 552 + 104 behind 32-, 24- and 24-byte headers
        for (int i = 0; i < fragments.Count; i++)
        {
            var h = Ipv4Header.ReadOnlyView.CreateUnchecked(fragments[i]);
            Assert.True(h.VerifyChecksum());
            Assert.Equal(i == 0 ? options : Convert.FromHexString("94040000"), h.Options.ToArray());
            Assert.Equal(i < 2, h.MoreFragments);
            Assert.True(h.TotalLength <= 576);
        }
        var received = new byte[2000];
        Assert.True(socket.TryReceive(received, out int length, out _, out _));
        Assert.Equal(payload, received[..length]);
    }
}
