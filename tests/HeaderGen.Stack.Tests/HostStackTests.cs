using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;
using HeaderGen.Stack.Wire;
using Xunit;

namespace HeaderGen.Stack.Tests;

public class HostStackTests
{
    [Fact]
    public void The_first_datagram_waits_for_arp_then_both_directions_deliver()
    {
        var net = new TwoHosts();
        Assert.True(net.SocketA.SendTo(TwoHosts.AddressB, 6000, "hello"u8));
        net.Scheduler.RunUntilIdle();

        var buffer = new byte[100];
        Assert.True(net.SocketB.TryReceive(buffer, out int length, out var from, out ushort port));
        Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, length));
        Assert.Equal((TwoHosts.AddressA, (ushort)5000), (from, port));
        Assert.Equal(1, net.A.Counters.ArpRequestsSent);
        Assert.Equal(1, net.B.Counters.ArpRepliesSent);
        Assert.Contains(net.Log.Events, e => e.Host == "A" && e.Kind == TraceKind.QueuedForArp);
        Assert.True(net.B.TryGetArpEntry(TwoHosts.AddressA, out _), "B learns A from A's request");
        // The reply cancelled the retry timer: the run ends when the last frame is handled, not a retry interval later.
        Assert.True(net.Scheduler.Now < net.A.ArpRetryInterval / 10, $"the run ended at {net.Scheduler.Now} ns");

        Assert.True(net.SocketB.SendTo(TwoHosts.AddressA, 5000, "world"u8));
        net.Scheduler.RunUntilIdle();
        Assert.True(net.SocketA.TryReceive(buffer, out length, out from, out port));
        Assert.Equal(("world", TwoHosts.AddressB, (ushort)6000), (Encoding.ASCII.GetString(buffer, 0, length), from, port));
        Assert.Equal(1, net.B.Counters.ArpRequestsSent + net.B.Counters.ArpRepliesSent);
    }

    [Fact]
    public void An_arp_entry_expires_after_the_arp_timeout_and_is_resolved_again()
    {
        var net = new TwoHosts();
        net.A.ArpTimeout = 5 * Scheduler.Second;
        var buffer = new byte[100];
        Assert.True(net.SocketA.SendTo(TwoHosts.AddressB, 6000, "one"u8));
        net.Scheduler.RunUntilIdle();
        long learned = net.Scheduler.Now;
        Assert.True(net.SocketB.TryReceive(buffer, out _, out _, out _));
        Assert.Equal(1, net.A.Counters.ArpRequestsSent);

        // Just before the timeout the entry still answers: the next datagram goes out without a request.
        net.Scheduler.RunUntil(learned + 5 * Scheduler.Second - Scheduler.Millisecond);
        Assert.True(net.A.TryGetArpEntry(TwoHosts.AddressB, out var mac));
        Assert.Equal(net.NicB.Address, mac);
        Assert.True(net.SocketA.SendTo(TwoHosts.AddressB, 6000, "two"u8));
        net.Scheduler.RunUntilIdle();
        Assert.True(net.SocketB.TryReceive(buffer, out _, out _, out _));
        Assert.Equal(1, net.A.Counters.ArpRequestsSent);

        // Past it the entry is gone, and the next datagram waits for a second request and its reply.
        net.Scheduler.RunUntil(learned + 5 * Scheduler.Second + Scheduler.Millisecond);
        Assert.False(net.A.TryGetArpEntry(TwoHosts.AddressB, out _));
        Assert.True(net.SocketA.SendTo(TwoHosts.AddressB, 6000, "three"u8));
        net.Scheduler.RunUntilIdle();
        Assert.True(net.SocketB.TryReceive(buffer, out int length, out _, out _));
        Assert.Equal("three", Encoding.ASCII.GetString(buffer, 0, length));
        Assert.Equal(2, net.A.Counters.ArpRequestsSent);
        Assert.Equal(2, net.B.Counters.ArpRepliesSent);
    }

    [Fact]
    public void The_default_arp_timeout_is_sixty_seconds()
    {
        var net = new TwoHosts();
        Assert.True(net.SocketA.SendTo(TwoHosts.AddressB, 6000, "one"u8));
        net.Scheduler.RunUntilIdle();
        long learned = net.Scheduler.Now;
        net.Scheduler.RunUntil(learned + 60 * Scheduler.Second - Scheduler.Millisecond);
        Assert.True(net.A.TryGetArpEntry(TwoHosts.AddressB, out _));
        net.Scheduler.RunUntil(learned + 60 * Scheduler.Second + Scheduler.Millisecond);
        Assert.False(net.A.TryGetArpEntry(TwoHosts.AddressB, out _));
    }

    [Fact]
    public async System.Threading.Tasks.Task One_send_and_one_receive_follow_the_lectures_paths_step_by_step()
    {
        var net = new TwoHosts();
        net.SocketA.SendTo(TwoHosts.AddressB, 6000, "warm"u8);
        net.Scheduler.RunUntilIdle();
        net.SocketB.TryReceive(new byte[10], out _, out _, out _);
        net.Log.Clear();

        var receive = net.SocketB.ReceiveAsync();
        net.SocketA.SendTo(TwoHosts.AddressB, 6000, "hello"u8);
        net.Scheduler.RunUntilIdle();

        Assert.True(receive.IsCompletedSuccessfully);
        Assert.Equal("hello", Encoding.ASCII.GetString((await receive).Data));
        var steps = net.Log.Events.Select(e => $"{e.Host} {e.Layer} {e.Kind}").ToList();
        Assert.Equal(new[]
        {
            "A Application SyscallEntry",
            "A Transport TransportHeaderAdded",
            "A Network IpHeaderAdded",
            "A Network NextHopResolved",
            "A Link FrameBuilt",
            "A Driver DescriptorPosted",
            "A Nic DmaFromHost",
            "A Nic Transmitted",
            "A Nic Interrupt",
            "A Driver TopHalf",
            "A Driver TransmitComplete",
            "A Driver InterruptsEnabled",
            "link Wire WireDelivered",
            "B Nic FcsChecked",
            "B Nic DmaToHost",
            "B Nic Interrupt",
            "B Driver TopHalf",
            "B Driver DeferredPoll",
            "B Link HeaderStripped",
            "B Network HeaderStripped",
            "B Transport HeaderStripped",
            "B Socket SocketBuffered",
            "B Application ReceiverWoken",
            "B Driver InterruptsEnabled",
        }, steps);
        var times = net.Log.Events.Select(e => e.Time).ToList();
        Assert.Equal(times.Order(), times);
        // 60 bytes + FCS at 1 Gbit/s is 512 ns of serialization, then 5 us of latency; then 1 us to the deferred work.
        Assert.Equal(512 + 5_000, net.Log.Events.Single(e => e.Kind == TraceKind.WireDelivered).Time - net.Log.Events.Single(e => e.Kind == TraceKind.Transmitted).Time);
    }

    [Fact]
    public void A_host_answers_ping()
    {
        var net = new TwoHosts();
        for (ushort seq = 1; seq <= 3; seq++)
        {
            Assert.True(net.A.Ping(TwoHosts.AddressB, 77, seq, "abcdefgh"u8));
            net.Scheduler.RunUntilIdle();
        }
        Assert.Equal(new ushort[] { 1, 2, 3 }, net.A.EchoReplies.Select(r => r.SequenceNumber));
        Assert.All(net.A.EchoReplies, r => Assert.Equal((TwoHosts.AddressB, (ushort)77, 64), (r.From, r.Identifier, r.TimeToLive)));
        Assert.Equal(3, net.B.Counters.EchoRequestsAnswered);
    }

    [Fact]
    public void A_corrupted_frame_is_dropped_by_the_fcs_check_and_counted()
    {
        var net = new TwoHosts();
        var faults = net.NicB.Wrap(new FaultInjector(inbound: new FaultOptions { Corruption = 1.0 }));
        net.SocketA.SendTo(TwoHosts.AddressB, 6000, "x"u8);
        net.Scheduler.RunUntilIdle();
        Assert.True(net.NicB.Counters.RxCrcErrors >= 1);
        Assert.Equal(0, net.NicB.Counters.RxPackets);
        Assert.Equal(faults.Inbound.Corrupted, net.NicB.Counters.RxCrcErrors);
        Assert.Equal(faults.Inbound.Frames, faults.Inbound.Corrupted);
        Assert.Contains(net.Log.Events, e => e.Host == "B" && e.Kind == TraceKind.Dropped && e.Detail.Contains("CRC error", StringComparison.Ordinal));
    }

    [Fact]
    public void A_burst_larger_than_the_rx_ring_is_tail_dropped_with_nothing_else_lost_or_reordered()
    {
        var net = new TwoHosts(nicB: new NicOptions { RxRingSize = 8, DeferredWorkDelay = 200 * Scheduler.Microsecond });
        net.SocketA.SendTo(TwoHosts.AddressB, 6000, [255]);
        net.Scheduler.RunUntilIdle();
        net.SocketB.TryReceive(new byte[4], out _, out _, out _);

        for (byte i = 0; i < 20; i++)
        {
            Assert.True(net.SocketA.SendTo(TwoHosts.AddressB, 6000, [i]));
        }
        net.Scheduler.RunUntilIdle();

        var received = new List<byte>();
        var buffer = new byte[4];
        while (net.SocketB.TryReceive(buffer, out _, out _, out _))
        {
            received.Add(buffer[0]);
        }
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (byte)i), received);
        Assert.Equal(12, net.NicB.Counters.RxDropped);
        Assert.Equal(21, net.NicA.Counters.TxPackets - 1);
    }

    [Fact]
    public void The_same_seed_reproduces_the_same_trace()
    {
        static List<string> Run(int seed)
        {
            var net = new TwoHosts(seed);
            net.NicB.Wrap(new FaultInjector(inbound: new FaultOptions { Loss = 0.3, Corruption = 0.1, Duplication = 0.1, Reordering = 0.1 }, trace: net.Trace));
            for (int i = 0; i < 30; i++)
            {
                net.SocketA.SendTo(TwoHosts.AddressB, 6000, BitConverter.GetBytes(i));
                net.Scheduler.RunUntil(net.Scheduler.Now + 50 * Scheduler.Microsecond);
            }
            net.Scheduler.RunUntilIdle();
            return net.Log.Events.Select(e => e.ToString()).ToList();
        }
        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void A_full_tx_ring_refuses_the_next_send_and_counts_it()
    {
        // Four TX descriptors, neighbours known, nothing run in between: four datagrams take the four descriptors, the
        // fifth and sixth find none free; once the device has sent the ring, sends succeed again.
        var net = new TwoHosts(nicA: new NicOptions { TxRingSize = 4 });
        net.AddArpEntries();
        var sent = Enumerable.Range(0, 6).Select(i => net.SocketA.SendTo(TwoHosts.AddressB, 6000, [(byte)i])).ToList();
        Assert.Equal([true, true, true, true, false, false], sent);
        Assert.Equal((2L, 2L), (net.A.Counters.TxRingFullDrops, net.NicA.Counters.TxRingFull));
        net.Scheduler.RunUntilIdle();
        Assert.True(net.SocketA.SendTo(TwoHosts.AddressB, 6000, [9]));
        net.Scheduler.RunUntilIdle();
        Assert.Equal(5, net.SocketB.Count);
    }

    [Fact]
    public void A_datagram_whose_fragments_outgrow_the_tx_ring_is_refused_and_counted_once()
    {
        // Four TX descriptors and a datagram of four 1,480-byte pieces plus a fifth: the fifth fragment finds no
        // descriptor, the datagram is lost (its other fragments alone cannot be reassembled), and that is one drop.
        var net = new TwoHosts(nicA: new NicOptions { TxRingSize = 4 });
        net.AddArpEntries();
        Assert.False(net.SocketA.SendTo(TwoHosts.AddressB, 6000, new byte[4 * 1480 + 100 - 8]));
        Assert.Equal((1L, 1L), (net.A.Counters.TxRingFullDrops, net.NicA.Counters.TxRingFull));
        net.Scheduler.RunUntilIdle();
        Assert.Equal(0, net.SocketB.Count);
        Assert.Equal(0, net.B.Counters.ReassembledDatagrams);
    }

    [Fact]
    public void An_arp_request_that_finds_the_tx_ring_full_is_counted_and_not_counted_as_sent()
    {
        // Two TX descriptors, three unknown next hops at once: two requests go, the third finds no descriptor (counted,
        // not counted as sent). A second later the three retries fire together again, and again one finds the ring full.
        var net = new TwoHosts(nicA: new NicOptions { TxRingSize = 2 });
        for (int i = 0; i < 3; i++)
        {
            Assert.True(net.SocketA.SendTo(new Ipv4Address(Ipv4Address.Parse("10.0.0.20").Value + (uint)i), 9, [(byte)i]));
        }
        Assert.Equal((2L, 1L, 1L), (net.A.Counters.ArpRequestsSent, net.A.Counters.TxRingFullDrops, net.NicA.Counters.TxRingFull));
        net.Scheduler.RunUntil(net.Scheduler.Now + net.A.ArpRetryInterval + Scheduler.Millisecond);
        Assert.Equal((4L, 2L), (net.A.Counters.ArpRequestsSent, net.A.Counters.TxRingFullDrops));
    }

    [Fact]
    public void The_nic_counts_the_bytes_of_the_frames_it_moves()
    {
        // TX bytes are the frames as the driver hands them over, before the MAC engine pads them and appends the FCS;
        // RX bytes the frames as DMA delivers them, FCS stripped and padding kept (IEEE 802.3 pads to 60 bytes). An ARP
        // request is 42 bytes, 60 on the wire; a UDP datagram of 100 bytes makes a 142-byte frame.
        var net = new TwoHosts();
        for (int i = 0; i < 5; i++)
        {
            Assert.True(net.SocketA.SendTo(TwoHosts.AddressB, 6000, new byte[100]));
            net.Scheduler.RunUntilIdle();
        }
        Assert.Equal((6L, 42L + 5 * 142), (net.NicA.Counters.TxPackets, net.NicA.Counters.TxBytes));
        Assert.Equal((6L, 60L + 5 * 142), (net.NicB.Counters.RxPackets, net.NicB.Counters.RxBytes));
        Assert.Equal((1L, 60L), (net.NicA.Counters.RxPackets, net.NicA.Counters.RxBytes));   // B's ARP reply
        Assert.True(net.NicB.Counters.Polls >= 1 && net.NicB.Counters.Interrupts >= 1);
    }

    [Fact]
    public void A_fault_injector_loses_duplicates_and_reorders_frames_and_counts_each_fault()
    {
        var net = new TwoHosts(seed: 3);
        net.AddArpEntries();
        var faults = net.NicB.Wrap(new FaultInjector(inbound: new FaultOptions { Loss = 0.2, Duplication = 0.2, Reordering = 0.2 }));
        for (int i = 0; i < 200; i++)
        {
            Assert.True(net.SocketA.SendTo(TwoHosts.AddressB, 6000, BitConverter.GetBytes(i)));
            net.Scheduler.RunUntil(net.Scheduler.Now + 20 * Scheduler.Microsecond);
        }
        net.Scheduler.RunUntilIdle();
        var received = new List<int>();
        var buffer = new byte[4];
        while (net.SocketB.TryReceive(buffer, out _, out _, out _))
        {
            received.Add(BitConverter.ToInt32(buffer));
        }
        var c = faults.Inbound;
        Assert.Equal(200, c.Frames);
        Assert.True(c.Lost > 20 && c.Duplicated > 20 && c.Reordered > 20, c.ToString());
        Assert.Equal(200 - c.Lost + c.Duplicated, received.Count);
        Assert.True(received.Zip(received.Skip(1)).Count(p => p.First > p.Second) > 10, "some datagrams arrive out of order");
        Assert.Equal(received.Distinct().Count(), 200 - c.Lost);
    }

    [Fact]
    public void A_capture_wrapper_records_both_directions_of_any_nic()
    {
        var net = new TwoHosts();
        var recorder = new HeaderGen.Stack.Capture.FrameRecorder();
        var capture = net.NicA.Wrap(new HeaderGen.Stack.Capture.CaptureWrapper(recorder));
        net.SocketA.SendTo(TwoHosts.AddressB, 6000, "out"u8);
        net.Scheduler.RunUntilIdle();
        net.SocketB.SendTo(TwoHosts.AddressA, 5000, "in"u8);
        net.Scheduler.RunUntilIdle();
        // ARP request, datagram out; ARP reply, datagram in.
        Assert.Equal(4, capture.Captured);
        Assert.Equal(4, recorder.Frames.Count);
        Assert.Equal(net.NicA.Counters.TxPackets + net.NicA.Counters.RxPackets, recorder.Frames.Count);
    }

    [Fact]
    public void A_tracing_wrapper_describes_every_frame_of_its_nic()
    {
        var net = new TwoHosts();
        var log = new TraceLog();
        net.NicB.Wrap(new TracingWrapper(log));
        net.SocketA.SendTo(TwoHosts.AddressB, 6000, "x"u8);
        net.Scheduler.RunUntilIdle();
        // A's ARP request in, B's reply out, A's datagram in: each decoded, the FCS left out.
        Assert.Equal(
            ["eth0 in 64 bytes: [   0..  14) Ethernet", "eth0 out 64 bytes: [   0..  14) Ethernet", "eth0 in 64 bytes: [   0..  14) Ethernet"],
            log.Events.Select(e => e.Detail[..(e.Detail.IndexOf("Ethernet", StringComparison.Ordinal) + "Ethernet".Length)]));
        Assert.Equal([TraceKind.WireDelivered, TraceKind.Transmitted, TraceKind.WireDelivered], log.Events.Select(e => e.Kind));
        Assert.Contains("ARP", log.Events[0].Detail, StringComparison.Ordinal);
        Assert.Contains("UDP", log.Events[2].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_delivery_takes_the_short_circuit()
    {
        var net = new TwoHosts();
        var other = net.A.OpenUdp(7000);
        Assert.True(net.SocketA.SendTo(TwoHosts.AddressA, 7000, "local"u8));
        net.Scheduler.RunUntilIdle();
        var buffer = new byte[10];
        Assert.True(other.TryReceive(buffer, out int length, out _, out ushort port));
        Assert.Equal(("local", (ushort)5000), (Encoding.ASCII.GetString(buffer, 0, length), port));
        Assert.Equal(0, net.NicA.Counters.TxPackets);
        Assert.Equal(new[] { TraceKind.SyscallEntry, TraceKind.LocalShortCircuit, TraceKind.SocketBuffered }, net.Log.Events.Select(e => e.Kind));
    }

    [Fact]
    public void Local_delivery_counts_what_it_delivers_and_drops_and_treats_all_of_127_0_0_0_8_as_this_host()
    {
        var net = new TwoHosts();
        var small = net.A.OpenUdp(7000, bufferLimit: 10 + UdpSocket.PerDatagramOverhead);
        Assert.True(net.SocketA.SendTo(Ipv4Address.Parse("127.0.0.1"), 7000, new byte[10]));
        Assert.False(net.SocketA.SendTo(Ipv4Address.Parse("127.200.0.9"), 7000, new byte[1]));   // the buffer is full
        Assert.False(net.SocketA.SendTo(TwoHosts.AddressA, 7001, new byte[1]));                  // no socket on the port
        Assert.Equal((1L, 2L), (net.A.Counters.LocalDeliveries, net.A.Counters.LocalDrops));
        Assert.True(net.A.IsLocal(Ipv4Address.Parse("127.255.255.255")));
        Assert.False(net.A.IsLocal(Ipv4Address.Parse("128.0.0.1")));
        Assert.False(net.A.IsLocal(Ipv4Address.Parse("126.255.255.255")));
        Assert.False(net.A.IsLocal(TwoHosts.AddressB));
        Assert.Equal((0L, 1), (net.NicA.Counters.TxPackets, small.Count));
    }

    [Fact]
    public void An_unanswered_arp_drops_the_queued_packets_and_counts_them()
    {
        var net = new TwoHosts();
        net.SocketA.SendTo(Ipv4Address.Parse("10.0.0.99"), 6000, "a"u8);
        net.SocketA.SendTo(Ipv4Address.Parse("10.0.0.99"), 6000, "b"u8);
        net.Scheduler.RunUntilIdle();
        Assert.Equal(3, net.A.Counters.ArpRequestsSent);
        Assert.Equal(2, net.A.Counters.ArpResolutionDrops);
    }

    [Fact]
    public void A_full_socket_buffer_drops_and_counts()
    {
        var net = new TwoHosts();
        // Room for exactly two 4-byte datagrams, each charged its payload and the per-datagram overhead.
        var small = net.B.OpenUdp(6001, bufferLimit: 2 * (4 + UdpSocket.PerDatagramOverhead));
        for (int i = 0; i < 4; i++)
        {
            net.SocketA.SendTo(TwoHosts.AddressB, 6001, "1234"u8);
            net.Scheduler.RunUntilIdle();
        }
        Assert.Equal(2, small.Received);
        Assert.Equal(2, small.Dropped);
        Assert.Equal(2, net.B.Counters.SocketBufferDrops);
    }

    [Fact]
    public void Packets_without_a_route_are_dropped_and_counted()
    {
        var net = new TwoHosts();
        Assert.False(net.SocketA.SendTo(Ipv4Address.Parse("192.168.1.1"), 53, "x"u8));
        Assert.Equal(1, net.A.Counters.IpNoRoute);
    }

    [Fact]
    public void A_switch_floods_broadcasts_and_sends_unicast_only_to_its_port()
    {
        var scheduler = new Scheduler();
        var trace = new TraceLog();
        var lan = new EthernetSwitch("switch", scheduler, trace);
        var hosts = new Host[3];
        var nics = new Nic[3];
        for (int i = 0; i < 3; i++)
        {
            nics[i] = new Nic("eth0", new MacAddress(0x020000000001UL + (ulong)i), scheduler, trace);
            lan.Connect(nics[i]);
            hosts[i] = new Host($"H{i}", scheduler, trace);
            hosts[i].AddInterface(nics[i], new Ipv4Address(10, 0, 0, (byte)(i + 1)), 24);
        }
        var socket = hosts[1].OpenUdp(9);
        hosts[0].OpenUdp(1).SendTo(new Ipv4Address(10, 0, 0, 2), 9, "hi"u8);
        scheduler.RunUntilIdle();
        Assert.Equal(1, socket.Received);
        Assert.Equal(1, nics[2].Counters.RxPackets);   // only the broadcast ARP request
        Assert.Equal(2, nics[1].Counters.RxPackets);   // the request and the datagram
        Assert.Equal(2, lan.AddressCount);             // H2 never sent anything
    }

    [Fact]
    public void Interrupt_moderation_raises_fewer_interrupts_for_the_same_frames()
    {
        static long Interrupts(int perInterrupt)
        {
            var net = new TwoHosts(nicB: new NicOptions { FramesPerInterrupt = perInterrupt, ModerationInterval = 50 * Scheduler.Microsecond }, trace: NoTrace.Instance);
            net.SocketA.SendTo(TwoHosts.AddressB, 6000, [0]);
            net.Scheduler.RunUntilIdle();
            long before = net.NicB.Counters.Interrupts;
            for (int i = 0; i < 32; i++)
            {
                net.SocketA.SendTo(TwoHosts.AddressB, 6000, [1]);
                net.Scheduler.RunUntil(net.Scheduler.Now + 2 * Scheduler.Microsecond);
            }
            net.Scheduler.RunUntilIdle();
            Assert.Equal(33, net.SocketB.Received);
            return net.NicB.Counters.Interrupts - before;
        }
        Assert.True(Interrupts(8) < Interrupts(1));
    }

    [Fact]
    public void Steady_state_send_and_receive_allocate_nothing_per_packet()
    {
        var net = new TwoHosts(trace: NoTrace.Instance);
        var buffer = new byte[64];
        long checksum = Exchange(net, buffer, 300);
        long before = GC.GetAllocatedBytesForCurrentThread();
        checksum += Exchange(net, buffer, 2_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2_300, checksum);

        static long Exchange(TwoHosts net, byte[] buffer, int count)
        {
            long received = 0;
            for (int i = 0; i < count; i++)
            {
                net.SocketA.SendTo(TwoHosts.AddressB, 6000, buffer.AsSpan(0, 32));
                net.Scheduler.RunUntilIdle();
                received += net.SocketB.TryReceive(buffer, out _, out _, out _) ? 1 : 0;
            }
            return received;
        }
    }
}
