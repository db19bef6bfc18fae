using System;
using System.Collections.Generic;
using System.Linq;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;
using HeaderGen.Stack.Wire;
using HeaderGen.Layers;
using Xunit;

namespace HeaderGen.Stack.Tests;

/// <summary>
/// Seeded floods of hostile frames into a host and a router, as their links deliver them: random bytes, mutated
/// valid frames, oversize frames, ARP floods and ARP spoofed across the router's interfaces. Afterwards no exception
/// has escaped, every frame is accounted for, every table is within its documented limit, and a UDP exchange and a
/// ping still work.
/// </summary>
public class HostileInputTests
{
    /// <summary>H (10.0.1.10) and the router's eth0 (10.0.1.1) on a switch; the router's eth1 (10.0.2.1) to B (10.0.2.2).</summary>
    private sealed class Network
    {
        public Network(int seed, ITraceSink? trace = null)
        {
            Scheduler = new Scheduler(seed);
            Trace = trace ?? NoTrace.Instance;
            HNic = new Nic("eth0", MacAddress.Parse("02:00:00:00:01:0a"), Scheduler, Trace);
            R0 = new Nic("eth0", MacAddress.Parse("02:00:00:00:01:01"), Scheduler, Trace);
            R1 = new Nic("eth1", MacAddress.Parse("02:00:00:00:02:01"), Scheduler, Trace);
            BNic = new Nic("eth0", MacAddress.Parse("02:00:00:00:02:0b"), Scheduler, Trace);
            Attacker = new Nic("eth0", MacAddress.Parse("02:00:00:00:01:66"), Scheduler, Trace);
            Switch = new EthernetSwitch("lan", Scheduler, Trace) { Capacity = 512 };
            Switch.Connect(HNic);
            Switch.Connect(R0);
            Switch.Connect(Attacker);
            new PointToPointLink("r-b", Scheduler, Trace).Connect(R1, BNic);
            H = new Host("H", Scheduler, Trace);
            H.AddInterface(HNic, Ipv4Address.Parse("10.0.1.10"), 24);
            H.AddDefaultRoute(Ipv4Address.Parse("10.0.1.1"));
            Router = new Router("R", Scheduler, Trace);
            Router.AddInterface(R0, Ipv4Address.Parse("10.0.1.1"), 24);
            Router.AddInterface(R1, Ipv4Address.Parse("10.0.2.1"), 24);
            B = new Host("B", Scheduler, Trace);
            B.AddInterface(BNic, Ipv4Address.Parse("10.0.2.2"), 24);
            B.AddDefaultRoute(Ipv4Address.Parse("10.0.2.1"));
            HSocket = H.OpenUdp(5000);
            BSocket = B.OpenUdp(6000);
        }

        public Scheduler Scheduler { get; }
        public ITraceSink Trace { get; }
        public Nic HNic { get; }
        public Nic R0 { get; }
        public Nic R1 { get; }
        public Nic BNic { get; }
        public Nic Attacker { get; }
        public EthernetSwitch Switch { get; }
        public Host H { get; }
        public Router Router { get; }
        public Host B { get; }
        public UdpSocket HSocket { get; }
        public UdpSocket BSocket { get; }

        public Host[] Hosts => [H, Router, B];

        public Nic[] Nics => [HNic, R0, R1, BNic, Attacker];
    }

    /// <summary>Counts events and formats each one, as a trace sink that prints would.</summary>
    private sealed class FormattingSink : ITraceSink
    {
        public long Events { get; private set; }

        public bool Enabled => true;

        public void Emit(in TraceEvent traceEvent)
        {
            Events++;
            _ = traceEvent.ToString();
        }
    }

    [Theory]
    [InlineData(100_000, false, 20261125)]
    [InlineData(10_000, true, 20261126)]
    public void A_flood_of_hostile_frames_leaves_every_count_balanced_every_table_bounded_and_the_network_alive(int frames, bool tracing, int seed)
    {
        var sink = tracing ? new FormattingSink() : null;
        var net = new Network(seed: 1621, sink);
        var random = new Random(seed);
        var targets = new[] { net.HNic, net.R0, net.R1, net.BNic };
        var own = new[] { "10.0.1.10", "10.0.1.1", "10.0.2.1", "10.0.2.2" }.Select(Ipv4Address.Parse).ToArray();
        var injected = new long[targets.Length];
        var buffer = new byte[2100];
        for (int i = 0; i < frames; i++)
        {
            int t = random.Next(targets.Length);
            int length = HostileFrame(random, targets[t], own[t], buffer);
            if (random.Next(8) == 0)
            {
                // A sixth of the traffic goes through the switch from the attacker's port, with random source MACs.
                SendThroughSwitch(net, random, buffer.AsSpan(0, length));
            }
            else
            {
                targets[t].ReceiveFromWire(WithFcs(buffer, length, corrupt: random.Next(20) == 0));
                injected[t]++;
            }
            if (i % 16 == 15)
            {
                net.Scheduler.RunUntil(net.Scheduler.Now + 20 * Scheduler.Microsecond);
            }
        }
        net.Scheduler.RunUntilIdle();

        // Every frame a NIC took from the wire was handed to its host, and every one the host got has one outcome.
        foreach (var host in net.Hosts)
        {
            Assert.Equal(0, host.UnaccountedFrames);
            Assert.Equal(host.Interfaces.Sum(i => i.Nic.Counters.RxPackets), host.Counters.FramesReceived);
        }
        for (int t = 0; t < targets.Length; t++)
        {
            var c = targets[t].Counters;
            Assert.True(c.RxPackets + c.RxDropped + c.RxCrcErrors + c.RxLengthErrors >= injected[t]);
        }
        Assert.True(net.H.Counters.FramesReceived > frames / 10);
        Assert.True(net.Router.Counters.ArpForUs > frames / 100, $"{net.Router.Counters.ArpForUs} ARP frames for the router");
        Assert.True(sink is null || sink.Events > frames);

        // Every table within its documented limit.
        foreach (var host in net.Hosts)
        {
            foreach (var networkInterface in host.Interfaces)
            {
                Assert.InRange(networkInterface.Neighbors.Count, 0, networkInterface.Neighbors.Capacity);
            }
            Assert.InRange(host.HeldBuffers, 0, ArpLayer.PoolLimit + host.Interfaces.Count * ArpLayer.PendingLimit * ArpLayer.QueueLimit);
            Assert.InRange(host.EchoReplies.Count, 0, host.EchoReplies.Capacity);
            Assert.InRange(host.IcmpMessages.Count, 0, host.IcmpMessages.Capacity);
            Assert.InRange(host.Ipv4.ReassembliesInProgress, 0, Ipv4Reassembler.MaxDatagrams);
        }
        Assert.True(net.H.Counters.FragmentsQueued + net.B.Counters.FragmentsQueued > frames / 1000);
        Assert.InRange(net.Switch.AddressCount, 0, net.Switch.Capacity);
        if (frames >= 100_000)
        {
            Assert.True(net.Switch.TableFull > 0, "the MAC flood filled the switch's table");
            Assert.True(net.Router.Interfaces[0].Neighbors.Overflows > 0, "the ARP flood filled the router's eth0 table");
        }

        // ARP spoofed on eth0 for B's address was learned, if at all, on eth0 only: eth1 knows B at B's own address.
        Assert.True(net.Router.Interfaces[0].Neighbors.Contains(Ipv4Address.Parse("10.0.2.2")), "the spoof reached eth0");
        if (net.Router.Interfaces[1].Neighbors.TryGet(Ipv4Address.Parse("10.0.2.2"), net.Scheduler.Now, out var bMac))
        {
            Assert.Equal(net.BNic.Address, bMac);
        }

        AssertStillAlive(net);
    }

    [Theory]
    [InlineData("02000000010002000000000a0800450007810000000040115f1e0a0000010a01004d00010009076ddcbb", 1893, false)]
    [InlineData("02000000010002000000000a0800450007810000000040115f1e0a0000010a01004d00010009076ddcbb", 1893, true)]
    [InlineData("02000000000b02000000000a0800450007990000000040015f620a0000010a0000020800f7fd00010001", 1917, true)]
    public void An_oversize_frame_is_counted_as_a_length_error_and_the_next_frames_still_get_through(string head, int zeros, bool tracing)
    {
        // The issue's reproducers: each once wedged an interface (a router's RX ring, a host's TX ring).
        var net = new Network(seed: 7, tracing ? new FormattingSink() : null);
        var frame = new byte[head.Length / 2 + zeros];
        Convert.FromHexString(head).CopyTo(frame, 0);
        foreach (var nic in new[] { net.R0, net.HNic })
        {
            nic.Address.Write(frame);
            nic.ReceiveFromWire(WithFcs(frame, frame.Length, corrupt: false));
            net.Scheduler.RunUntilIdle();
            Assert.Equal(1, nic.Counters.RxLengthErrors);
            Assert.Equal(0, nic.Counters.RxDropped);
        }
        AssertStillAlive(net);
    }

    [Theory]
    [InlineData(1472, 1)]
    [InlineData(1473, 2)]
    [InlineData(1917, 2)]
    [InlineData(1921, 2)]
    [InlineData(8000, 6)]
    [InlineData(65507, 45)]
    public void A_ping_larger_than_the_mtu_goes_in_fragments_and_its_reply_comes_back_whole(int data, int fragments)
    {
        var net = new Network(seed: 8, new FormattingSink());
        var payload = new byte[data];
        new Random(data).NextBytes(payload);
        Assert.True(net.H.Ping(Ipv4Address.Parse("10.0.2.2"), 1, 1, payload));
        net.Scheduler.RunUntilIdle();
        Assert.Equal(1, net.H.Counters.EchoRepliesReceived);
        Assert.Equal(1, net.B.Counters.EchoRequestsAnswered);
        int expected = fragments == 1 ? 0 : fragments;
        Assert.Equal((expected, expected), (net.H.Counters.FragmentsSent, net.B.Counters.FragmentsSent));
        Assert.Equal((expected == 0 ? 0 : 1, expected == 0 ? 0 : 1), (net.H.Counters.ReassembledDatagrams, net.B.Counters.ReassembledDatagrams));
        Assert.All(net.Nics, nic => Assert.Equal(0, nic.Counters.TxErrors));
        foreach (var host in net.Hosts)
        {
            Assert.Equal(0, host.UnaccountedFrames);
        }
        AssertStillAlive(net);
    }

    [Fact]
    public void A_datagram_longer_than_ipv4_allows_is_refused()
    {
        var net = new Network(seed: 8);
        Assert.False(net.H.Ping(Ipv4Address.Parse("10.0.2.2"), 1, 1, new byte[65508]));
        Assert.Equal(1, net.H.Counters.MessageTooLong);
        Assert.False(net.HSocket.SendTo(Ipv4Address.Parse("10.0.2.2"), 6000, new byte[65508]));
        Assert.True(net.HSocket.SendTo(Ipv4Address.Parse("10.0.2.2"), 6000, new byte[65507]));
        net.Scheduler.RunUntilIdle();
        var received = new byte[70_000];
        Assert.True(net.BSocket.TryReceive(received, out int length, out _, out _));
        Assert.Equal(65507, length);
    }

    [Fact]
    public void A_router_answers_a_packet_too_big_for_the_next_link_with_fragmentation_needed_when_df_is_set()
    {
        var net = new Network(seed: 9);
        var small = new Nic("eth2", MacAddress.Parse("02:00:00:00:03:01"), net.Scheduler, options: new NicOptions { Mtu = 576 });
        var far = new Nic("eth0", MacAddress.Parse("02:00:00:00:03:0c"), net.Scheduler, options: new NicOptions { Mtu = 576 });
        new PointToPointLink("r-c", net.Scheduler).Connect(small, far);
        net.Router.AddInterface(small, Ipv4Address.Parse("10.0.3.1"), 24);
        var c = new Host("C", net.Scheduler);
        c.AddInterface(far, Ipv4Address.Parse("10.0.3.3"), 24);
        c.AddDefaultRoute(Ipv4Address.Parse("10.0.3.1"));
        var socket = c.OpenUdp(7000);

        Assert.True(net.HSocket.SendTo(Ipv4Address.Parse("10.0.3.3"), 7000, new byte[548]));    // 576 bytes: fits
        Assert.True(net.HSocket.SendTo(Ipv4Address.Parse("10.0.3.3"), 7000, new byte[549]));    // 577 bytes, DF set
        net.Scheduler.RunUntilIdle();

        Assert.Equal(1, socket.Count);
        Assert.Equal(1, net.Router.Interfaces[0].Forwarding.MtuExceeded);
        var message = Assert.Single(net.H.IcmpMessages);
        Assert.Equal((IcmpType.DestinationUnreachable, (byte)IcmpUnreachableCode.FragmentationNeeded), (message.Type, message.Code));
        Assert.Equal(0, net.Router.UnaccountedFrames);
    }

    [Fact]
    public void Packets_beyond_a_silent_next_hops_arp_queue_are_counted_as_queue_full_not_forwarded()
    {
        var net = new Network(seed: 10);
        Assert.True(net.H.Ping(Ipv4Address.Parse("10.0.1.1"), 1, 1, "resolve the router first"u8));
        net.Scheduler.RunUntilIdle();
        // 10.0.2.50 is on eth1's link but nobody answers for it: three packets wait, two more find the queue full.
        for (int i = 0; i < 5; i++)
        {
            Assert.True(net.HSocket.SendTo(Ipv4Address.Parse("10.0.2.50"), 9, "x"u8));
        }
        net.Scheduler.RunUntilIdle();
        var ingress = net.Router.Interfaces[0].Forwarding;
        var egress = net.Router.Interfaces[1].Forwarding;
        Assert.Equal((0L, 3L, 2L), (egress.Forwarded + ingress.Forwarded, egress.NeighborQueued, ingress.NeighborQueueFull));
        Assert.Equal(ArpLayer.Attempts, net.Router.Counters.ArpRequestsSent);
        Assert.Equal(3 + 2, net.Router.Counters.ArpResolutionDrops);
        Assert.InRange(net.Router.HeldBuffers, 1, ArpLayer.PoolLimit);   // all five back in the pool, none waiting
        Assert.Equal(0, net.Router.UnaccountedFrames);
    }

    [Fact]
    public void A_malformed_udp_header_is_a_udp_error_not_an_ip_error()
    {
        var net = new Network(seed: 11);
        var buffer = new byte[128];
        var builder = new FrameBuilder(buffer, 64);
        builder.Payload("abc"u8).Push(new UdpHeader { SourcePort = 1, DestinationPort = 5000 })
            .Push(new Ipv4Header { SourceAddress = Ipv4Address.Parse("10.0.1.77"), DestinationAddress = Ipv4Address.Parse("10.0.1.10"), TimeToLive = 9 })
            .Push(new EthernetHeader { Destination = net.HNic.Address, Source = MacAddress.Parse("02:00:00:00:01:77") });
        int length = Finish(buffer, ref builder);
        buffer[14 + 20 + 4] = 0x00;   // UDP length 0x0003... below the 8-byte header
        buffer[14 + 20 + 5] = 0x03;
        net.HNic.ReceiveFromWire(WithFcs(buffer, length, corrupt: false));
        net.Scheduler.RunUntilIdle();
        Assert.Equal((1L, 0L), (net.H.Counters.UdpHeaderErrors, net.H.Counters.IpHeaderErrors));
        Assert.Equal(0, net.H.UnaccountedFrames);
    }

    [Fact]
    public void Forwarding_is_a_part_a_host_turns_on_and_a_route_via_an_off_link_gateway_is_refused()
    {
        var net = new Network(seed: 12);
        Host asHost = net.Router;
        Assert.NotNull(asHost.Forwarder);
        Assert.Null(net.H.Forwarder);
        var error = Assert.Throws<InvalidOperationException>(() => asHost.AddRoute(Ipv4Address.Parse("10.7.0.0"), 16, Ipv4Address.Parse("10.5.0.1")));
        Assert.Equal("10.5.0.1 is not on any of R's links.", error.Message);
        Assert.Equal(2, net.Router.Forwarding.RouteCount);

        // H turned into a router by switching forwarding on: B's traffic to a second LAN behind H now crosses it.
        var hNic2 = new Nic("eth1", MacAddress.Parse("02:00:00:00:04:0a"), net.Scheduler);
        var dNic = new Nic("eth0", MacAddress.Parse("02:00:00:00:04:0d"), net.Scheduler);
        new PointToPointLink("h-d", net.Scheduler).Connect(hNic2, dNic);
        net.H.AddInterface(hNic2, Ipv4Address.Parse("10.0.4.1"), 24);
        net.H.EnableForwarding();
        var d = new Host("D", net.Scheduler);
        d.AddInterface(dNic, Ipv4Address.Parse("10.0.4.4"), 24);
        d.AddDefaultRoute(Ipv4Address.Parse("10.0.4.1"));
        net.Router.AddRoute(Ipv4Address.Parse("10.0.4.0"), 24, Ipv4Address.Parse("10.0.1.10"));
        Assert.True(net.B.Ping(Ipv4Address.Parse("10.0.4.4"), 5, 1, "two hops"u8));
        net.Scheduler.RunUntilIdle();
        Assert.Equal(62, Assert.Single(net.B.EchoReplies).TimeToLive);
        Assert.True(net.H.Forwarder!.TryLookup(Ipv4Address.Parse("10.0.4.4"), out var egress, out var gateway));
        Assert.Equal((hNic2, (Ipv4Address?)null), (egress.Nic, gateway));
    }

    /// <summary>After the flood has aged out, a datagram and a ping cross the router both ways.</summary>
    private static void AssertStillAlive(Network net)
    {
        net.Scheduler.RunUntil(net.Scheduler.Now + 2 * net.H.ArpTimeout);
        while (net.BSocket.TryReceive(new byte[2048], out _, out _, out _))
        {
        }
        while (net.HSocket.TryReceive(new byte[2048], out _, out _, out _))
        {
        }
        long replies = net.H.Counters.EchoRepliesReceived;
        Assert.True(net.HSocket.SendTo(Ipv4Address.Parse("10.0.2.2"), 6000, "still here"u8));
        Assert.True(net.H.Ping(Ipv4Address.Parse("10.0.2.2"), 0x4847, 1, "ping"u8));
        net.Scheduler.RunUntilIdle();
        var received = new byte[64];
        Assert.True(net.BSocket.TryReceive(received, out int length, out var from, out _));
        Assert.Equal(("still here", Ipv4Address.Parse("10.0.1.10")), (System.Text.Encoding.ASCII.GetString(received, 0, length), from));
        Assert.Equal(replies + 1, net.H.Counters.EchoRepliesReceived);
        Assert.True(net.BSocket.SendTo(Ipv4Address.Parse("10.0.1.10"), 5000, "and back"u8));
        net.Scheduler.RunUntilIdle();
        Assert.True(net.HSocket.TryReceive(received, out length, out _, out _));
        Assert.Equal("and back", System.Text.Encoding.ASCII.GetString(received, 0, length));
        foreach (var host in net.Hosts)
        {
            Assert.Equal(0, host.UnaccountedFrames);
        }
    }

    // ---- the frames ----

    private static readonly Ipv4Address[] Addresses = new[]
        { "10.0.1.10", "10.0.1.1", "10.0.2.1", "10.0.2.2", "10.0.1.77", "10.0.2.99", "10.9.0.1", "255.255.255.255", "10.0.1.255" }
        .Select(Ipv4Address.Parse).ToArray();

    /// <summary>Writes one hostile frame for <paramref name="to"/> into <paramref name="buffer"/> (without FCS); returns its length.</summary>
    private static int HostileFrame(Random random, Nic to, Ipv4Address own, byte[] buffer)
    {
        int kind = random.Next(10);
        int length = kind switch
        {
            0 => RandomBytes(random, buffer),
            1 => Oversize(random, to, buffer),
            2 or 3 => Arp(random, to, own, buffer),
            _ => Ipv4(random, to, buffer),
        };
        if (kind >= 2 && random.Next(2) == 0)
        {
            length = Mutate(random, buffer, length);
        }
        return length;
    }

    private static int RandomBytes(Random random, byte[] buffer)
    {
        int length = random.Next(0, 1600);
        random.NextBytes(buffer.AsSpan(0, length));
        return length;
    }

    private static int Oversize(Random random, Nic to, byte[] buffer)
    {
        // The issue's reproducers: an IPv4 packet of 1,921 bytes to a next hop not yet resolved, and a 1,917-byte ping.
        byte[] head = Convert.FromHexString(random.Next(2) == 0
            ? "02000000010002000000000a0800450007810000000040115f1e0a0000010a01004d00010009076ddcbb"
            : "02000000000b02000000000a0800450007990000000040015f620a0000010a0000020800f7fd00010001");
        int length = head.Length + 1893 + random.Next(0, 30);
        Array.Clear(buffer, 0, length);
        head.CopyTo(buffer, 0);
        to.Address.Write(buffer);
        return length;
    }

    private static int Arp(Random random, Nic to, Ipv4Address own, byte[] buffer)
    {
        bool request = random.Next(2) == 0;
        // Senders: random addresses off every link (a flood), or, on the LAN only, B's address (a spoof across the
        // router's interfaces: B is on eth1).
        bool lan = (own.Value & 0xFFFFFF00u) == 0x0A000100u;
        var sender = lan && random.Next(3) == 0 ? Ipv4Address.Parse("10.0.2.2") : new Ipv4Address(0x0A010000u | (uint)random.Next(1 << 16));
        var packet = new ArpPacket
        {
            HardwareType = ArpPacket.EthernetHardware,
            ProtocolType = EtherType.Ipv4,
            Operation = request ? ArpOperation.Request : ArpOperation.Reply,
            SenderHardwareAddress = RandomUnicastMac(random),
            SenderProtocolAddress = sender,
            TargetHardwareAddress = request ? default : to.Address,
            TargetProtocolAddress = random.Next(2) == 0 ? own : Addresses[random.Next(4)],
        };
        var builder = new FrameBuilder(buffer, 64);
        builder.Push(packet).Push(new EthernetHeader { Destination = request ? MacAddress.Broadcast : to.Address, Source = packet.SenderHardwareAddress });
        return Finish(buffer, ref builder);
    }

    private static int Ipv4(Random random, Nic to, byte[] buffer)
    {
        var source = random.Next(2) == 0 ? Addresses[random.Next(Addresses.Length)] : new Ipv4Address((uint)random.Next());
        var destination = random.Next(4) == 0 ? new Ipv4Address(0x0A000200u | (uint)random.Next(256)) : Addresses[random.Next(Addresses.Length)];
        var data = new byte[random.Next(0, random.Next(4) == 0 ? 1480 : 64)];
        random.NextBytes(data);
        var builder = new FrameBuilder(buffer, 64);
        builder.Payload(data);
        switch (random.Next(3))
        {
            case 0:
                builder.Push(new UdpHeader { SourcePort = (ushort)random.Next(65536), DestinationPort = random.Next(2) == 0 ? (ushort)5000 : (ushort)6000 });
                break;
            case 1:
                builder.Push(new IcmpHeader { Type = (IcmpType)random.Next(2) switch { 0 => IcmpType.EchoRequest, _ => (IcmpType)random.Next(256) }, RestOfHeader = (uint)random.Next() });
                break;
            default:
                builder.Push(new TcpHeader { SourcePort = 1, DestinationPort = 2, DataOffset = 5 });
                break;
        }
        // A quarter are fragments: random offsets and MF flags, so that reassembly fills up and times out.
        bool fragment = random.Next(4) == 0;
        builder.Push(new Ipv4Header
        {
            SourceAddress = source,
            DestinationAddress = destination,
            TimeToLive = (byte)random.Next(0, 4),
            DontFragment = !fragment && random.Next(2) == 0,
            Identification = (ushort)random.Next(fragment ? 64 : 65536),
            MoreFragments = fragment && random.Next(3) != 0,
            FragmentOffset = fragment ? (ushort)random.Next(0, 200) : (ushort)0,
        });
        builder.Push(new EthernetHeader { Destination = random.Next(8) == 0 ? MacAddress.Broadcast : to.Address, Source = RandomUnicastMac(random) });
        return Finish(buffer, ref builder);
    }

    private static int Finish(byte[] buffer, ref FrameBuilder builder)
    {
        Assert.True(builder.TryGetFrame(out var frame, out var error), error.ToString());
        int length = frame.Length;
        frame.CopyTo(buffer);
        return length;
    }

    private static int Mutate(Random random, byte[] buffer, int length)
    {
        switch (random.Next(4))
        {
            case 0:
                return random.Next(0, length + 1);                                   // truncated
            case 1:
                int extra = random.Next(1, 64);
                random.NextBytes(buffer.AsSpan(length, extra));
                return length + extra;                                               // trailing garbage
            default:
                for (int flips = random.Next(1, 5); flips > 0 && length > 0; flips--)
                {
                    buffer[random.Next(Math.Min(length, 60))] ^= (byte)(1 << random.Next(8));   // header bits
                }
                return length;
        }
    }

    private static MacAddress RandomUnicastMac(Random random) => new(((ulong)random.NextInt64(1L << 48)) & ~0x0100_0000_0000UL);

    private static byte[] WithFcs(byte[] buffer, int length, bool corrupt)
    {
        var frame = new byte[length + EthernetTrailer.FixedLength];
        buffer.AsSpan(0, length).CopyTo(frame);
        Assert.True(EthernetTrailer.TryAppend(frame, length, out _));
        if (corrupt && frame.Length > 0)
        {
            frame[^1] ^= 0x5A;
        }
        return frame;
    }

    private static void SendThroughSwitch(Network net, Random random, ReadOnlySpan<byte> frame)
    {
        if (frame.Length < EthernetHeader.FixedLength || !net.Attacker.TryGetTxBuffer(out var tx))
        {
            return;
        }
        // Frames longer than the MTU allows are posted too (cut to the buffer): the device must refuse them.
        var copy = tx.Data.AsSpan(PacketBuffer.Headroom);
        int length = Math.Min(frame.Length, copy.Length);
        frame[..length].CopyTo(copy);
        RandomUnicastMac(random).Write(copy[6..]);
        net.Attacker.PostTx(PacketBuffer.Headroom, length);
    }
}
