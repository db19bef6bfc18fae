using System;
using System.Buffers.Binary;
using System.Linq;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Wire;
using Xunit;

namespace HeaderGen.Stack.Tests;

/// <summary>The neighbour table, ARP's learning rules (RFC 826), its limits, and what happens when a TX ring is full.</summary>
public class NeighborTests
{
    private static readonly Ipv4Address X = Ipv4Address.Parse("10.0.0.7");
    private static readonly MacAddress MacX = MacAddress.Parse("02:00:00:00:00:07");

    [Fact]
    public void An_entry_lives_until_its_expiry_time_and_not_at_it()
    {
        var table = new NeighborTable();
        Assert.True(table.TryLearn(X, MacX, expires: 1_000, now: 0));
        Assert.True(table.TryGet(X, 999, out var mac));
        Assert.Equal(MacX, mac);
        Assert.False(table.TryGet(X, 1_000, out mac));
        Assert.Equal(default, mac);
        Assert.True(table.Contains(X));   // expired, not yet swept
        Assert.Equal(1, table.Sweep(1_000));
        Assert.False(table.Contains(X));
        Assert.Equal(1, table.Swept);
    }

    [Fact]
    public void Learning_again_moves_an_entry_to_the_new_mac_and_a_permanent_entry_stays_permanent()
    {
        var table = new NeighborTable();
        var other = MacAddress.Parse("02:00:00:00:00:77");
        Assert.True(table.TryLearn(X, MacX, expires: 1_000, now: 0));
        Assert.True(table.TryLearn(X, other, expires: 5_000, now: 10));
        Assert.True(table.TryGet(X, 4_999, out var mac));
        Assert.Equal(other, mac);
        Assert.False(table.TryGet(X, 5_000, out _));

        var y = Ipv4Address.Parse("10.0.0.8");
        Assert.True(table.TryAddPermanent(y, MacX, now: 0));
        Assert.True(table.TryLearn(y, other, expires: 100, now: 50));
        Assert.True(table.TryGet(y, long.MaxValue - 1, out mac));
        Assert.Equal(other, mac);
        Assert.Equal(1, table.Sweep(long.MaxValue - 1));   // X, expired at 5,000; y is permanent
        Assert.True(table.Contains(y));
    }

    [Fact]
    public void A_full_table_makes_room_only_from_expired_entries_and_counts_what_it_refuses()
    {
        var table = new NeighborTable(capacity: 2);
        Assert.True(table.TryLearn(Ipv4Address.Parse("10.0.0.1"), MacX, expires: 100, now: 0));
        Assert.True(table.TryAddPermanent(Ipv4Address.Parse("10.0.0.2"), MacX, now: 0));
        Assert.False(table.TryLearn(Ipv4Address.Parse("10.0.0.3"), MacX, expires: 200, now: 99));
        Assert.False(table.TryAddPermanent(Ipv4Address.Parse("10.0.0.4"), MacX, now: 99));
        Assert.Equal((2L, 0L, 2), (table.Overflows, table.Swept, table.Count));
        // An address already held is updated even when the table is full.
        Assert.True(table.TryLearn(Ipv4Address.Parse("10.0.0.1"), MacX, expires: 150, now: 99));
        Assert.True(table.TryAddPermanent(Ipv4Address.Parse("10.0.0.1"), MacX, now: 99));
        Assert.Equal(2L, table.Overflows);

        var full = new NeighborTable(capacity: 2);
        full.TryLearn(Ipv4Address.Parse("10.0.0.1"), MacX, expires: 100, now: 0);
        full.TryLearn(Ipv4Address.Parse("10.0.0.2"), MacX, expires: 300, now: 0);
        Assert.True(full.TryAddPermanent(Ipv4Address.Parse("10.0.0.4"), MacX, now: 100));   // 10.0.0.1 expired at 100
        Assert.Equal((1L, 0L, 2), (full.Swept, full.Overflows, full.Count));
        Assert.False(full.Contains(Ipv4Address.Parse("10.0.0.1")));
    }

    /// <summary>An ARP packet as RFC 826 lays it out, in an Ethernet frame to B with its FCS.</summary>
    private static byte[] Arp(ushort operation, MacAddress senderMac, Ipv4Address sender, Ipv4Address target, MacAddress? from = null)
    {
        var frame = new byte[14 + 28 + 18 + 4];
        MacAddress.Broadcast.Write(frame);
        (from ?? senderMac).Write(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0806);
        var arp = frame.AsSpan(14);
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);            // hardware: Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], 0x0800);  // protocol: IPv4
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], operation);
        senderMac.Write(arp[8..]);
        sender.Write(arp[14..]);
        target.Write(arp[24..]);
        Assert.True(EthernetTrailer.TryAppend(frame, frame.Length - 4, out _));
        return frame;
    }

    [Theory]
    [InlineData("03:00:00:00:00:07", "10.0.0.7")]   // a group address as the sender's hardware address
    [InlineData("02:00:00:00:00:0b", "10.0.0.7")]   // B's own address
    [InlineData("02:00:00:00:00:07", "0.0.0.0")]    // an address probe (RFC 5227): sender 0.0.0.0
    public void A_request_for_us_from_an_implausible_sender_teaches_nothing_and_gets_no_reply(string mac, string sender)
    {
        var net = new TwoHosts();
        net.NicB.ReceiveFromWire(Arp(1, MacAddress.Parse(mac), Ipv4Address.Parse(sender), TwoHosts.AddressB, from: MacX));
        net.Scheduler.RunUntilIdle();
        Assert.False(net.B.TryGetArpEntry(Ipv4Address.Parse(sender), out _));
        Assert.Equal((1L, 0L), (net.B.Counters.ArpForUs, net.B.Counters.ArpRepliesSent));
        Assert.Equal(0, net.NicB.Counters.TxPackets);
    }

    [Fact]
    public void A_request_for_us_is_learned_and_answered_and_one_for_another_host_updates_only_what_is_known()
    {
        var net = new TwoHosts();
        net.NicB.ReceiveFromWire(Arp(1, MacX, X, TwoHosts.AddressB));
        net.Scheduler.RunUntilIdle();
        Assert.True(net.B.TryGetArpEntry(X, out var mac));
        Assert.Equal(MacX, mac);
        Assert.Equal((1L, 1L), (net.B.Counters.ArpForUs, net.B.Counters.ArpRepliesSent));

        // RFC 826's merge flag: a packet not for us updates a known sender but adds no new one.
        var moved = MacAddress.Parse("02:00:00:00:00:70");
        var stranger = Ipv4Address.Parse("10.0.0.9");
        net.NicB.ReceiveFromWire(Arp(1, moved, X, Ipv4Address.Parse("10.0.0.99")));
        net.NicB.ReceiveFromWire(Arp(2, MacAddress.Parse("02:00:00:00:00:09"), stranger, Ipv4Address.Parse("10.0.0.99")));
        net.Scheduler.RunUntilIdle();
        Assert.True(net.B.TryGetArpEntry(X, out mac));
        Assert.Equal(moved, mac);
        Assert.False(net.B.TryGetArpEntry(stranger, out _));
        Assert.Equal((2L, 1L), (net.B.Counters.ArpNotForUs, net.B.Counters.ArpRepliesSent));
    }

    [Fact]
    public void At_most_256_resolutions_are_pending_per_interface_and_unanswered_ones_give_back_their_buffers()
    {
        var scheduler = new Scheduler(1);
        var nic = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0a"), scheduler, options: new NicOptions { TxRingSize = 1024 });
        var peer = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0b"), scheduler);
        new PointToPointLink("link", scheduler).Connect(nic, peer);
        var host = new Host("A", scheduler);
        host.AddInterface(nic, Ipv4Address.Parse("10.0.0.1"), 16);
        var socket = host.OpenUdp(5000);
        var sent = Enumerable.Range(0, ArpLayer.PendingLimit + 1)
            .Select(i => socket.SendTo(new Ipv4Address(Ipv4Address.Parse("10.0.1.0").Value + (uint)i), 9, [1, 2, 3]))
            .ToList();
        Assert.Equal(Enumerable.Repeat(true, ArpLayer.PendingLimit).Append(false), sent);
        Assert.Equal(1, host.Counters.ArpResolutionDrops);
        Assert.Equal(ArpLayer.PendingLimit, host.Interfaces[0].PendingResolutions.Count);
        // The refused packet's buffer is back in the pool at once.
        Assert.Equal((ArpLayer.PendingLimit, 1), (host.Arp.QueuedBuffers, host.Arp.PooledBuffers));

        // Nobody answers: three requests each, one second apart, then the packets are dropped.
        scheduler.RunUntilIdle();
        Assert.Equal(3 * ArpLayer.PendingLimit, host.Counters.ArpRequestsSent);
        Assert.Equal(1 + ArpLayer.PendingLimit, host.Counters.ArpResolutionDrops);
        Assert.Empty(host.Interfaces[0].PendingResolutions);
        Assert.Equal((0, ArpLayer.PoolLimit), (host.Arp.QueuedBuffers, host.Arp.PooledBuffers));
        Assert.Equal(ArpLayer.PoolLimit, host.HeldBuffers);
    }

    [Fact]
    public void A_full_arp_queue_refuses_a_packet_and_gives_its_buffer_back_and_the_queued_ones_come_back_when_nobody_answers()
    {
        var net = new TwoHosts();
        var silent = Ipv4Address.Parse("10.0.0.9");
        var sent = Enumerable.Range(0, ArpLayer.QueueLimit + 2).Select(i => net.SocketA.SendTo(silent, 9, [(byte)i])).ToList();
        Assert.Equal(Enumerable.Repeat(true, ArpLayer.QueueLimit).Concat([false, false]), sent);
        Assert.Equal(2, net.A.Counters.ArpResolutionDrops);
        // The first refused packet's buffer went back to the pool and the second took it from there and gave it back.
        Assert.Equal((ArpLayer.QueueLimit, 1), (net.A.Arp.QueuedBuffers, net.A.Arp.PooledBuffers));
        net.Scheduler.RunUntilIdle();
        Assert.Equal(2 + ArpLayer.QueueLimit, net.A.Counters.ArpResolutionDrops);
        Assert.Equal((0, ArpLayer.QueueLimit + 1), (net.A.Arp.QueuedBuffers, net.A.Arp.PooledBuffers));
    }

    [Fact]
    public void Packets_waiting_for_arp_that_find_the_tx_ring_full_are_dropped_and_counted()
    {
        // A slow link (10 Mb/s) and two TX descriptors. Three datagrams wait for B's MAC; while the ARP exchange is
        // under way, two 1,000-byte datagrams to a known neighbour are posted. The device takes the first into its
        // FIFO (its descriptor comes back) and sends it for 800 µs; the second holds its descriptor meanwhile. When B's
        // reply comes, one descriptor is free: the first waiting datagram goes, the other two find the ring full.
        var net = new TwoHosts(link: new LinkOptions { BitsPerSecond = 10_000_000 }, nicA: new NicOptions { TxRingSize = 2 });
        var known = Ipv4Address.Parse("10.0.0.3");
        net.A.AddArpEntry(known, MacAddress.Parse("02:00:00:00:00:03"));
        for (int i = 0; i < 3; i++)
        {
            Assert.True(net.SocketA.SendTo(TwoHosts.AddressB, 6000, [(byte)i]));
        }
        net.Scheduler.RunUntil(60 * Scheduler.Microsecond);   // the 60-byte request has left (48 µs)
        Assert.Equal(1, net.NicA.Counters.TxPackets);
        Assert.True(net.SocketA.SendTo(known, 9, new byte[1000]));
        Assert.True(net.SocketA.SendTo(known, 9, new byte[1000]));
        net.Scheduler.RunUntilIdle();

        Assert.True(net.A.TryGetArpEntry(TwoHosts.AddressB, out _));
        Assert.Equal((2L, 1L), (net.A.Counters.TxRingFullDrops, net.A.Counters.ArpQueuedSent));
        Assert.Equal(1, net.SocketB.Count);
        Assert.Equal(2, net.NicA.Counters.TxRingFull);
        // All three buffers come back to the pool, the one sent and the two dropped: none leaks.
        Assert.Equal((0, 3), (net.A.Arp.QueuedBuffers, net.A.Arp.PooledBuffers));
    }

    [Fact]
    public void Recent_records_keep_the_newest_in_order_and_count_what_they_overwrite()
    {
        var records = new RecentRecords<int>(capacity: 4);
        for (int i = 1; i <= 10; i++)
        {
            records.Add(i);
        }
        Assert.Equal([7, 8, 9, 10], records);
        Assert.Equal((4, 6L, 7, 10), (records.Count, records.Overwritten, records[0], records[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => records[4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => records[-1]);
        records.Clear();
        Assert.Empty(records);
        records.Add(11);
        Assert.Equal([11], records);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentRecords<int>(capacity: 0));
        Assert.Equal(1024, new RecentRecords<int>().Capacity);
    }
}
