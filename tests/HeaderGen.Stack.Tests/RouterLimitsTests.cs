using System;
using System.Buffers.Binary;
using System.Linq;
using HeaderGen.Protocols;
using HeaderGen.Stack.Capture;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Wire;
using Xunit;

namespace HeaderGen.Stack.Tests;

/// <summary>A router at its limits: full TX rings, full neighbour queues, and the errors it must not send.</summary>
public class RouterLimitsTests
{
    [Fact]
    public void A_router_counts_forwarded_packets_that_find_the_egress_tx_ring_full()
    {
        var (scheduler, router, r0, r1) = Router(txRing: 2, mtu: 1500);
        for (int i = 0; i < 5; i++)
        {
            r0.ReceiveFromWire(Packet(r0.Address, 100, dontFragment: true, identification: (ushort)i));
        }
        scheduler.RunUntilIdle();
        Assert.Equal(2, router.Interfaces[1].Forwarding.Forwarded);
        Assert.Equal(3, router.Interfaces[0].Forwarding.TxRingFull);
        Assert.Equal((2L, 3L), (r1.Counters.TxPackets, r1.Counters.TxRingFull));   // the egress NIC counts them too
        Assert.Equal(0, router.UnaccountedFrames);
    }

    [Fact]
    public void A_router_counts_a_packet_it_cannot_fragment_into_a_full_tx_ring_and_one_past_the_neighbour_queue()
    {
        // 1,500 bytes for a 576-byte link take three fragments; two descriptors hold two.
        var (scheduler, router, r0, r1) = Router(txRing: 2, mtu: 576);
        r0.ReceiveFromWire(Packet(r0.Address, 1500, dontFragment: false, identification: 1));
        scheduler.RunUntilIdle();
        Assert.Equal((1L, 0L), (router.Interfaces[0].Forwarding.TxRingFull, router.Interfaces[1].Forwarding.Forwarded));

        // To a next hop not yet resolved, the fragmenting path queues at most three packets.
        var (scheduler2, router2, s0, _) = Router(txRing: 16, mtu: 576, resolved: false);
        for (int i = 0; i < 4; i++)
        {
            s0.ReceiveFromWire(Packet(s0.Address, 1500, dontFragment: false, identification: (ushort)i));
        }
        scheduler2.RunUntil(scheduler2.Now + Scheduler.Millisecond);
        Assert.Equal((3L, 1L), (router2.Interfaces[1].Forwarding.NeighborQueued, router2.Interfaces[0].Forwarding.NeighborQueueFull));
        Assert.Equal(0, router2.UnaccountedFrames);
    }

    [Fact]
    public void A_route_through_a_gateway_follows_the_gateways_new_mac_and_stops_when_its_entry_expires()
    {
        // The forwarder keeps each gateway's MAC address while the neighbour table is unchanged: a gratuitous ARP
        // that moves the gateway must move the next frame, and an expired entry must send the next one to ARP.
        var (scheduler, router, r0, r1) = Router(txRing: 16, mtu: 1500, resolved: false);
        var far = new FrameRecorder();
        var capture = r1.Wrap(new CaptureWrapper(far));
        router.AddRoute(Ipv4Address.Parse("198.51.100.0"), 24, Ipv4Address.Parse("10.2.0.2"));
        var gateway = router.Interfaces[1];
        router.ArpTimeout = 10 * Scheduler.Second;
        Assert.True(gateway.Neighbors.TryLearn(Ipv4Address.Parse("10.2.0.2"), MacAddress.Parse("02:00:00:00:00:0b"), scheduler.Now + router.ArpTimeout, scheduler.Now));

        void Send(ushort id)
        {
            var frame = Packet(r0.Address, 100, dontFragment: true, identification: id);
            Ipv4Address.Parse("198.51.100.7").Write(frame.AsSpan(14 + 16));
            var ip = Ipv4Header.View.CreateUnchecked(frame.AsSpan(14, 100));
            ip.FillChecksum();
            Assert.True(EthernetTrailer.TryAppend(frame, frame.Length - 4, out _));
            r0.ReceiveFromWire(frame);
            scheduler.RunUntil(scheduler.Now + Scheduler.Millisecond);
        }

        Send(1);
        Assert.True(gateway.Neighbors.TryLearn(Ipv4Address.Parse("10.2.0.2"), MacAddress.Parse("02:00:00:00:00:bb"), scheduler.Now + router.ArpTimeout, scheduler.Now));
        Send(2);
        var destinations = far.Frames.Where(f => f.Data.Length > 20 && f.Data[12] == 0x08 && f.Data[13] == 0x00)
            .Select(f => MacAddress.Read(f.Data)).ToList();
        Assert.Equal([MacAddress.Parse("02:00:00:00:00:0b"), MacAddress.Parse("02:00:00:00:00:bb")], destinations);

        scheduler.RunUntil(scheduler.Now + router.ArpTimeout);   // the entry has expired: the next frame waits for ARP
        Send(3);
        Assert.Equal(1, router.Interfaces[1].Forwarding.NeighborQueued);
        Assert.Equal(2, router.Interfaces[1].Forwarding.Forwarded);
        Assert.True(capture.Captured >= 3);   // the two frames and the ARP request
    }

    /// <summary>A router between 10.1.0.0/24 (eth0) and 10.2.0.0/24 (eth1, with the given TX ring and MTU on a 10 Mb/s link).</summary>
    private static (Scheduler, Router, Nic, Nic) Router(int txRing, int mtu, bool resolved = true)
    {
        var scheduler = new Scheduler(1);
        var r0 = new Nic("eth0", MacAddress.Parse("02:00:00:00:01:01"), scheduler);
        var r1 = new Nic("eth1", MacAddress.Parse("02:00:00:00:01:02"), scheduler, options: new NicOptions { TxRingSize = txRing, Mtu = mtu });
        var far = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0b"), scheduler, options: new NicOptions { Mtu = mtu });
        new PointToPointLink("r-b", scheduler, options: new LinkOptions { BitsPerSecond = 10_000_000 }).Connect(r1, far);
        var router = new Router("R", scheduler);
        router.AddInterface(r0, Ipv4Address.Parse("10.1.0.254"), 24);
        router.AddInterface(r1, Ipv4Address.Parse("10.2.0.254"), 24);
        if (resolved)
        {
            router.AddArpEntry(Ipv4Address.Parse("10.2.0.2"), far.Address);
        }
        return (scheduler, router, r0, r1);
    }

    /// <summary>A UDP packet of <paramref name="length"/> bytes from 10.1.0.1 to 10.2.0.2, framed to the router's eth0 with its FCS.</summary>
    private static byte[] Packet(MacAddress to, int length, bool dontFragment, ushort identification, byte protocol = 17, byte ttl = 64)
    {
        var frame = new byte[14 + length + 4];
        to.Write(frame);
        MacAddress.Parse("02:00:00:00:00:0a").Write(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        var ip = frame.AsSpan(14, length);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)length);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], identification);
        ip[6] = dontFragment ? (byte)0x40 : (byte)0;
        ip[8] = ttl;
        ip[9] = protocol;
        Ipv4Address.Parse("10.1.0.1").Write(ip[12..]);
        Ipv4Address.Parse("10.2.0.2").Write(ip[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[20..], 5000);
        BinaryPrimitives.WriteUInt16BigEndian(ip[22..], 6000);
        BinaryPrimitives.WriteUInt16BigEndian(ip[24..], (ushort)(length - 20));
        Ipv4Header.View.CreateUnchecked(ip).FillChecksum();
        Assert.True(EthernetTrailer.TryAppend(frame, frame.Length - 4, out _));
        return frame;
    }

    [Theory]
    [InlineData(8, true)]    // an echo request: Time Exceeded goes back
    [InlineData(0, true)]    // an echo reply: likewise
    [InlineData(11, false)]  // a Time Exceeded message: never an error about an error (RFC 1122 3.2.2)
    [InlineData(3, false)]   // a Destination Unreachable message
    public void A_router_sends_no_icmp_error_about_an_icmp_error(byte icmpType, bool answered)
    {
        var (scheduler, router, r0, _) = Router(txRing: 16, mtu: 1500);
        var back = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0a"), scheduler);
        new PointToPointLink("a-r", scheduler).Connect(back, r0);
        router.AddArpEntry(Ipv4Address.Parse("10.1.0.1"), back.Address);
        var frame = Packet(r0.Address, 60, dontFragment: true, identification: 1, protocol: 1, ttl: 1);
        frame[14 + 20] = icmpType;
        frame[14 + 21] = 0;
        IcmpHeader.View.CreateUnchecked(frame.AsSpan(34, 40)).FillChecksum();
        Assert.True(EthernetTrailer.TryAppend(frame, frame.Length - 4, out _));
        r0.ReceiveFromWire(frame);
        scheduler.RunUntilIdle();
        Assert.Equal(1, router.Interfaces[0].Forwarding.TtlExpired);
        Assert.Equal(answered ? 1 : 0, back.Counters.RxPackets);
    }
}
