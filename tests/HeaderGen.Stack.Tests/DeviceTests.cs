using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HeaderGen.Protocols;
using HeaderGen.Stack.Capture;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Wire;
using Xunit;

namespace HeaderGen.Stack.Tests;

/// <summary>
/// The devices on their own, without a host: interrupt moderation, the fault injector's draws, the switch's learning
/// and ageing, and pcap files as the format's specification lays them out.
/// </summary>
public class DeviceTests
{
    private static readonly NicOptions NoFcs = new() { FcsOnWire = false };

    /// <summary>Records every frame the driver hands up, with the virtual time it was handed up at.</summary>
    private sealed class Recorder(Scheduler scheduler) : IFrameHandler
    {
        public List<(long Time, byte[] Frame)> Frames { get; } = new();

        public void HandleFrame(Nic nic, Span<byte> frame) => Frames.Add((scheduler.Now, frame.ToArray()));
    }

    /// <summary>An Ethernet frame (no FCS) from <paramref name="source"/> to <paramref name="destination"/> whose payload starts with <paramref name="sequence"/>.</summary>
    private static byte[] Frame(string destination, string source, int sequence, int length = 64)
    {
        var frame = new byte[length];
        MacAddress.Parse(destination).Write(frame);
        MacAddress.Parse(source).Write(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x88B5);   // IEEE local experimental EtherType
        if (length >= 18)
        {
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(14), sequence);
        }
        return frame;
    }

    private static (Scheduler Scheduler, Nic Nic, Recorder Recorder) LoneNic(int seed, NicOptions? options = null)
    {
        var scheduler = new Scheduler(seed);
        var nic = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0b"), scheduler, options: options ?? NoFcs);
        var recorder = new Recorder(scheduler);
        nic.SetHandler(recorder);
        return (scheduler, nic, recorder);
    }

    // ---- interrupt moderation ----

    [Fact]
    public void Without_a_moderation_timer_frames_wait_in_the_ring_until_the_frame_count_raises_the_interrupt()
    {
        var (scheduler, nic, recorder) = LoneNic(1, NoFcs with { FramesPerInterrupt = 3 });
        nic.ReceiveFromWire(Frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", 1));
        nic.ReceiveFromWire(Frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", 2));
        scheduler.RunUntil(Scheduler.Second);
        Assert.Empty(recorder.Frames);
        Assert.Equal(0, nic.Counters.Interrupts);

        nic.ReceiveFromWire(Frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", 3));
        scheduler.RunUntilIdle();
        Assert.Equal(3, recorder.Frames.Count);
        Assert.Equal(1, nic.Counters.Interrupts);
        Assert.Equal(1, nic.Counters.Polls);
    }

    [Fact]
    public void The_moderation_timer_raises_one_interrupt_for_the_frames_that_arrived_before_it_expires()
    {
        const long interval = 50 * Scheduler.Microsecond;
        var options = NoFcs with { FramesPerInterrupt = 8, ModerationInterval = interval };
        var (scheduler, nic, recorder) = LoneNic(1, options);
        for (int i = 0; i < 3; i++)
        {
            scheduler.RunUntil(i * 10 * Scheduler.Microsecond);
            nic.ReceiveFromWire(Frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", i));
        }
        scheduler.RunUntil(interval - 1);
        Assert.Empty(recorder.Frames);
        scheduler.RunUntilIdle();

        // The timer armed by the first frame fires at 50 µs; the deferred work runs 1 µs later and takes all three.
        Assert.Equal(1, nic.Counters.Interrupts);
        Assert.Equal(Enumerable.Repeat(interval + options.DeferredWorkDelay, 3), recorder.Frames.Select(f => f.Time));
        Assert.Equal(0, scheduler.Pending);
    }

    /// <summary>Logs the driver's calls in order: P for a prefetch hint, H for a frame handed up, with the frame's sequence number.</summary>
    private sealed class CallLog : IFrameHandler
    {
        public List<string> Calls { get; } = new();

        public void HandleFrame(Nic nic, Span<byte> frame) => Calls.Add("H" + BinaryPrimitives.ReadInt32BigEndian(frame[14..]));

        public void Prefetch(Nic nic, ReadOnlySpan<byte> frame) => Calls.Add("P" + BinaryPrimitives.ReadInt32BigEndian(frame[14..]));

        public void PrefetchDependent(Nic nic, ReadOnlySpan<byte> frame) => Calls.Add("D" + BinaryPrimitives.ReadInt32BigEndian(frame[14..]));
    }

    [Fact]
    public void The_poll_hints_each_frame_three_descriptors_and_again_one_descriptor_before_it_hands_it_up()
    {
        var (scheduler, nic, _) = LoneNic(1, NoFcs with { FramesPerInterrupt = 6 });
        var log = new CallLog();
        nic.SetHandler(log);
        for (int i = 0; i < 6; i++)
        {
            nic.ReceiveFromWire(Frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", i));
        }
        scheduler.RunUntilIdle();
        Assert.Equal(["P0", "P1", "P2", "D0", "P3", "D1", "H0", "P4", "D2", "H1", "P5", "D3", "H2", "D4", "H3", "D5", "H4", "H5"], log.Calls);
    }

    [Fact]
    public void A_poll_hands_up_at_most_its_budget_and_the_next_poll_takes_the_rest()
    {
        var (scheduler, nic, recorder) = LoneNic(1, NoFcs with { FramesPerInterrupt = 10, PollBudget = 4 });
        for (int i = 0; i < 10; i++)
        {
            nic.ReceiveFromWire(Frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", i));
        }
        scheduler.RunUntilIdle();
        Assert.Equal(Enumerable.Range(0, 10), recorder.Frames.Select(f => BinaryPrimitives.ReadInt32BigEndian(f.Frame.AsSpan(14))));
        Assert.Equal((3L, 1L), (nic.Counters.Polls, nic.Counters.Interrupts));
        // Each poll after the first starts 1 µs (the deferred-work delay) after the one before.
        Assert.Equal([1_000L, 1_000, 1_000, 1_000, 2_000, 2_000, 2_000, 2_000, 3_000, 3_000], recorder.Frames.Select(f => f.Time));
    }

    [Theory]
    [InlineData(67, false)]
    [InlineData(68, true)]     // RFC 791's minimum
    [InlineData(9216, true)]   // the largest jumbo MTU NICs commonly take
    [InlineData(9217, false)]
    public void A_nic_takes_an_mtu_from_68_to_9216_bytes(int mtu, bool accepted)
    {
        var scheduler = new Scheduler(1);
        var create = () => new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0b"), scheduler, options: NoFcs with { Mtu = mtu });
        if (!accepted)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => create());
            return;
        }
        var nic = create();
        Assert.Equal(mtu + EthernetHeader.FixedLength, nic.MaxFrameLength);
        var recorder = new Recorder(scheduler);
        nic.SetHandler(recorder);
        nic.ReceiveFromWire(Frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", 1, nic.MaxFrameLength));
        nic.ReceiveFromWire(Frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", 2, nic.MaxFrameLength + 1));
        scheduler.RunUntilIdle();
        Assert.Equal((1, 1L), (recorder.Frames.Count, nic.Counters.RxLengthErrors));
    }

    // ---- the fault injector ----

    /// <summary>
    /// What the fault injector documents: every decision is drawn from the scheduler's seeded random in this order per
    /// frame (loss, corruption and its bit, reordering, duplication), and only for the faults whose probability is above 0;
    /// a held frame goes out after the next frame that passes, or when its hold time ends.
    /// </summary>
    private static List<byte[]> Expected(int seed, FaultOptions options, IReadOnlyList<byte[]> frames)
    {
        var random = new Random(seed);
        var delivered = new List<byte[]>();
        byte[]? held = null;
        foreach (var original in frames)
        {
            var frame = original;
            if (options.Loss > 0 && random.NextDouble() < options.Loss)
            {
                continue;
            }
            if (options.Corruption > 0 && random.NextDouble() < options.Corruption)
            {
                int bit = random.Next(frame.Length * 8);
                frame = (byte[])frame.Clone();
                frame[bit / 8] ^= (byte)(1 << (bit % 8));
            }
            if (options.Reordering > 0 && held is null && random.NextDouble() < options.Reordering)
            {
                held = frame;
                continue;
            }
            delivered.Add(frame);
            if (options.Duplication > 0 && random.NextDouble() < options.Duplication)
            {
                delivered.Add(frame);
            }
            if (held is not null)
            {
                delivered.Add(held);
                held = null;
            }
        }
        if (held is not null)
        {
            delivered.Add(held);
        }
        return delivered;
    }

    [Theory]
    [InlineData(0.0, 0.3, 0.3, 0.3)]
    [InlineData(0.3, 0.0, 0.3, 0.3)]
    [InlineData(0.3, 0.3, 0.0, 0.3)]
    [InlineData(0.3, 0.3, 0.3, 0.0)]
    [InlineData(0.0, 0.0, 0.0, 0.0)]
    public void The_fault_injector_draws_each_fault_from_the_seeded_random_in_its_documented_order(double loss, double corruption, double duplication, double reordering)
    {
        const int seed = 17;
        var options = new FaultOptions { Loss = loss, Corruption = corruption, Duplication = duplication, Reordering = reordering };
        var (scheduler, nic, recorder) = LoneNic(seed);
        var faults = nic.Wrap(new FaultInjector(inbound: options));
        var frames = Enumerable.Range(0, 300).Select(i => Frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", i, 60 + i % 40)).ToList();
        foreach (var frame in frames)
        {
            nic.ReceiveFromWire(frame);
            scheduler.RunUntil(scheduler.Now + 10 * Scheduler.Microsecond);   // well inside the 1 ms hold time
        }
        scheduler.RunUntilIdle();

        var expected = Expected(seed, options, frames);
        Assert.Equal(expected.Count, recorder.Frames.Count);
        Assert.True(expected.Zip(recorder.Frames).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second.Frame)), "the frames differ from the documented draws");
        var counters = faults.Inbound;
        Assert.Equal(300, counters.Frames);
        Assert.Equal(expected.Count, counters.Frames - counters.Lost + counters.Duplicated);
        Assert.Equal(expected.Count(e => !frames.Any(f => f.AsSpan().SequenceEqual(e))), recorder.Frames.Count(r => !frames.Any(f => f.AsSpan().SequenceEqual(r.Frame))));
        Assert.Equal(0, faults.Outbound.Frames);
    }

    [Fact]
    public void A_frame_held_back_with_nothing_after_it_goes_out_when_its_hold_time_ends()
    {
        var (scheduler, nic, recorder) = LoneNic(2);
        var hold = 3 * Scheduler.Millisecond;
        var faults = nic.Wrap(new FaultInjector(inbound: new FaultOptions { Reordering = 1.0, HoldTime = hold }));
        scheduler.RunUntil(Scheduler.Millisecond);
        nic.ReceiveFromWire(Frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", 1));
        scheduler.RunUntil(Scheduler.Millisecond + hold - 1);
        Assert.Empty(recorder.Frames);
        Assert.Equal(0, nic.Counters.RxPackets);
        scheduler.RunUntilIdle();
        Assert.Equal(Scheduler.Millisecond + hold + nic.Options.DeferredWorkDelay, Assert.Single(recorder.Frames).Time);
        Assert.Equal(1, faults.Inbound.Reordered);
    }

    [Fact]
    public void A_held_frame_released_by_the_next_one_is_not_sent_again_when_its_timer_would_have_fired()
    {
        var (scheduler, nic, recorder) = LoneNic(3);
        nic.Wrap(new FaultInjector(inbound: new FaultOptions { Reordering = 1.0 }));
        nic.ReceiveFromWire(Frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", 1));
        nic.ReceiveFromWire(Frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", 2));
        scheduler.RunUntilIdle();
        Assert.Equal([2, 1], recorder.Frames.Select(f => BinaryPrimitives.ReadInt32BigEndian(f.Frame.AsSpan(14))));
        Assert.Equal(2, nic.Counters.RxPackets);
        Assert.Equal(0, scheduler.Pending);
    }

    [Fact]
    public void A_corrupted_jumbo_frame_differs_from_the_sent_one_in_exactly_one_bit()
    {
        var (scheduler, nic, recorder) = LoneNic(4, NoFcs with { Mtu = 9000 });
        nic.Wrap(new FaultInjector(inbound: new FaultOptions { Corruption = 1.0 }));
        var frame = Frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", 1, 9014);
        new Random(5).NextBytes(frame.AsSpan(18));
        nic.ReceiveFromWire(frame);
        scheduler.RunUntilIdle();
        var received = Assert.Single(recorder.Frames).Frame;
        Assert.Equal(frame.Length, received.Length);
        Assert.Equal(1, frame.Zip(received).Sum(pair => System.Numerics.BitOperations.PopCount((uint)(pair.First ^ pair.Second))));
    }

    [Fact]
    public void Outbound_faults_act_on_what_the_nic_sends_and_leave_what_it_receives_alone()
    {
        var scheduler = new Scheduler(6);
        var a = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0a"), scheduler, options: NoFcs);
        var b = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0b"), scheduler, options: NoFcs);
        new PointToPointLink("a-b", scheduler).Connect(a, b);
        var atA = new Recorder(scheduler);
        var atB = new Recorder(scheduler);
        a.SetHandler(atA);
        b.SetHandler(atB);
        var faults = a.Wrap(new FaultInjector(outbound: new FaultOptions { Duplication = 1.0 }));
        for (int i = 0; i < 5; i++)
        {
            Assert.True(a.TryGetTxBuffer(out var buffer));
            var frame = Frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", i);
            frame.CopyTo(buffer.Data.AsSpan(PacketBuffer.Headroom));
            a.PostTx(PacketBuffer.Headroom, frame.Length);
        }
        b.ReceiveFromWire(Frame("02:00:00:00:00:0a", "02:00:00:00:00:0b", 99));   // B's NIC is not wrapped
        a.ReceiveFromWire(Frame("02:00:00:00:00:0a", "02:00:00:00:00:0b", 98));
        scheduler.RunUntilIdle();
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3, 4, 4], atB.Frames.Skip(1).Select(f => BinaryPrimitives.ReadInt32BigEndian(f.Frame.AsSpan(14))));
        Assert.Single(atA.Frames);
        Assert.Equal((5L, 5L, 0L), (faults.Outbound.Frames, faults.Outbound.Duplicated, faults.Inbound.Duplicated));
        // Each copy takes the wire for its own serialization time: the ten frames end 10 × 512 ns after the first starts.
        var times = atB.Frames.Skip(1).Select(f => f.Time).ToList();
        Assert.True(times.SequenceEqual(times.Order()), "frames arrived out of order");
    }

    // ---- the switch ----

    private sealed class SwitchedLan
    {
        public SwitchedLan(int ports, Action<EthernetSwitch>? configure = null, Func<Scheduler, EthernetSwitch>? create = null)
        {
            Scheduler = new Scheduler(1);
            Switch = create?.Invoke(Scheduler) ?? new EthernetSwitch("lan", Scheduler);
            for (int i = 0; i < ports; i++)
            {
                var nic = new Nic($"eth{i}", MacAddress.Parse($"02:00:00:00:00:{i + 1:x2}"), Scheduler, options: NoFcs);
                var recorder = new Recorder(Scheduler);
                nic.SetHandler(recorder);
                Switch.Connect(nic);
                Nics.Add(nic);
                Recorders.Add(recorder);
            }
        }

        public Scheduler Scheduler { get; }

        public EthernetSwitch Switch { get; }

        public List<Nic> Nics { get; } = new();

        public List<Recorder> Recorders { get; } = new();

        public void Send(int port, byte[] frame)
        {
            Nics[port].SendToWire(frame);
            Scheduler.RunUntil(Scheduler.Now + Scheduler.Millisecond);
        }

        public int[] Received => Recorders.Select(r => r.Frames.Count).ToArray();
    }

    [Fact]
    public void A_switch_floods_an_unknown_destination_then_sends_only_to_the_port_it_learned()
    {
        var lan = new SwitchedLan(3);
        Assert.Equal(5_000, lan.Switch.Options.Latency);   // the default link when none is given
        lan.Send(0, Frame("02:00:00:00:00:02", "02:00:00:00:00:01", 1));
        Assert.Equal([0, 1, 1], lan.Received);
        lan.Send(1, Frame("02:00:00:00:00:01", "02:00:00:00:00:02", 2));
        Assert.Equal([1, 1, 1], lan.Received);
        lan.Send(0, Frame("02:00:00:00:00:02", "02:00:00:00:00:01", 3));
        Assert.Equal([1, 2, 1], lan.Received);
        Assert.True(lan.Switch.TryGetPort(MacAddress.Parse("02:00:00:00:00:02"), out int port));
        Assert.Equal(1, port);
        Assert.False(lan.Switch.TryGetPort(MacAddress.Parse("02:00:00:00:00:03"), out port));
        Assert.Equal(-1, port);
        // A frame to the port it came in on is filtered, not echoed.
        lan.Send(0, Frame("02:00:00:00:00:01", "02:00:00:00:00:01", 4));
        Assert.Equal([1, 2, 1], lan.Received);
    }

    [Fact]
    public void A_switch_delivers_after_serialization_and_latency_and_ignores_a_frame_shorter_than_a_header()
    {
        var lan = new SwitchedLan(2, create: s => new EthernetSwitch("lan", s, options: new LinkOptions { Latency = 7_000, BitsPerSecond = 100_000_000 }));
        var tap = new FrameRecorder();
        lan.Nics[1].Wrap(new CaptureWrapper(tap));
        lan.Send(0, Frame("02:00:00:00:00:02", "02:00:00:00:00:01", 1, 100));
        // 100 bytes at 100 Mb/s take 8 µs on the wire, then 7 µs of latency.
        Assert.Equal(8_000 + 7_000, Assert.Single(tap.Frames).Time);

        lan.Send(0, Frame("02:00:00:00:00:02", "02:00:00:00:00:01", 2)[..13]);
        lan.Send(0, Frame("02:00:00:00:00:02", "02:00:00:00:00:01", 3, EthernetHeader.FixedLength));
        Assert.Equal([EthernetHeader.FixedLength], tap.Frames.Skip(1).Select(f => f.Data.Length));
    }

    [Fact]
    public void Learned_addresses_age_out_and_a_full_table_makes_room_only_from_aged_entries()
    {
        const long ageing = 10 * Scheduler.Second;
        var lan = new SwitchedLan(4, create: s => new EthernetSwitch("lan", s) { Capacity = 2, AgeingTime = ageing });
        lan.Send(0, Frame("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:01", 1));
        lan.Send(1, Frame("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:02", 2));
        long learned = lan.Scheduler.Now;
        lan.Send(2, Frame("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:03", 3));
        Assert.Equal((2, 1L), (lan.Switch.AddressCount, lan.Switch.TableFull));
        Assert.False(lan.Switch.TryGetPort(MacAddress.Parse("02:00:00:00:00:03"), out _));

        // The entries learned last live exactly the ageing time.
        lan.Scheduler.RunUntil(learned - Scheduler.Millisecond + ageing - 1);
        Assert.True(lan.Switch.TryGetPort(MacAddress.Parse("02:00:00:00:00:02"), out _));
        lan.Scheduler.RunUntil(learned - Scheduler.Millisecond + ageing);
        Assert.False(lan.Switch.TryGetPort(MacAddress.Parse("02:00:00:00:00:02"), out _));
        Assert.Equal(0, lan.Switch.AgedOut);   // expired, but nothing needed the room yet

        lan.Send(3, Frame("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:04", 4));
        Assert.Equal((1, 2L, 1L), (lan.Switch.AddressCount, lan.Switch.AgedOut, lan.Switch.TableFull));
        Assert.True(lan.Switch.TryGetPort(MacAddress.Parse("02:00:00:00:00:04"), out int port));
        Assert.Equal(3, port);
        // A frame to an aged-out address is flooded again.
        int[] before = lan.Received;
        lan.Send(3, Frame("02:00:00:00:00:01", "02:00:00:00:00:04", 5));
        Assert.Equal([before[0] + 1, before[1] + 1, before[2] + 1, before[3]], lan.Received);
    }

    [Fact]
    public void A_group_source_address_is_never_learned()
    {
        var lan = new SwitchedLan(2);
        lan.Send(0, Frame("02:00:00:00:00:02", "03:00:00:00:00:01", 1));
        Assert.Equal(0, lan.Switch.AddressCount);
    }

    // ---- pcap files (the libpcap format: https://www.tcpdump.org/manpages/pcap-savefile.5.html, draft-ietf-opsawg-pcap) ----

    [Fact]
    public void The_pcap_writer_writes_the_nanosecond_file_header_and_records_the_format_specifies()
    {
        var stream = new MemoryStream();
        var writer = new PcapWriter(stream);
        var frame = Frame("02:00:00:00:00:02", "02:00:00:00:00:01", 1, 64);
        writer.Capture(1_234_567_891_234, frame);              // 1,234 s and 567,891,234 ns
        writer.Capture(5, frame.AsSpan(0, 4));                 // only an FCS: an empty record
        writer.Capture(6, frame.AsSpan(0, 3));                 // too short to hold an FCS: kept as it is
        Assert.Equal(3, writer.Count);
        byte[] expected =
        [
            0x4d, 0x3c, 0xb2, 0xa1,   // magic: nanosecond timestamps, written little-endian
            0x02, 0x00, 0x04, 0x00,   // version 2.4
            0, 0, 0, 0, 0, 0, 0, 0,   // reserved (thiszone, sigfigs)
            0xff, 0xff, 0x00, 0x00,   // snap length 65,535
            0x01, 0x00, 0x00, 0x00,   // LINKTYPE_ETHERNET
            0xd2, 0x04, 0x00, 0x00, 0x22, 0x55, 0xd9, 0x21, 60, 0, 0, 0, 60, 0, 0, 0,   // 1,234 s, 567,891,234 ns, 60 of 60 bytes
        ];
        var bytes = stream.ToArray();
        Assert.Equal(expected, bytes[..expected.Length]);
        Assert.Equal(frame[..60], bytes[expected.Length..(expected.Length + 60)]);
        int second = expected.Length + 60;
        Assert.Equal(new byte[] { 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, bytes[second..(second + 16)]);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 6, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0 }, bytes[(second + 16)..(second + 32)]);
        Assert.Equal(second + 32 + 3, bytes.Length);

        var unstripped = new MemoryStream();
        new PcapWriter(unstripped, framesHaveFcs: false).Capture(0, frame);
        Assert.Equal(24 + 16 + 64, unstripped.Length);
    }

    [Fact]
    public void The_pcap_reader_reads_a_big_endian_microsecond_file_as_another_machine_would_write_it()
    {
        var file = new List<byte>();
        file.AddRange([0xa1, 0xb2, 0xc3, 0xd4, 0x00, 0x02, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01]);
        file.AddRange([0x00, 0x00, 0x00, 0x02, 0x00, 0x07, 0xa1, 0x20, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x03, 0xaa, 0xbb, 0xcc]);   // 2 s, 500,000 µs
        file.AddRange([0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);                     // an empty record
        var frames = PcapReader.Read(new MemoryStream(file.ToArray()));
        Assert.Equal(2, frames.Count);
        Assert.Equal(2_500_000_000L, frames[0].Time);
        Assert.Equal(new byte[] { 0xaa, 0xbb, 0xcc }, frames[0].Data);
        Assert.Equal(3_000_000_000L, frames[1].Time);
        Assert.Empty(frames[1].Data);
    }

    [Fact]
    public void The_pcap_reader_reads_back_what_the_writer_wrote_and_refuses_what_is_not_a_plausible_ethernet_capture()
    {
        var stream = new MemoryStream();
        var writer = new PcapWriter(stream, framesHaveFcs: false);
        var big = new byte[262_144];
        writer.Capture(3_000_000_007, big);
        writer.Capture(4_000_000_001, Frame("02:00:00:00:00:02", "02:00:00:00:00:01", 1));
        var frames = PcapReader.Read(new MemoryStream(stream.ToArray()));
        Assert.Equal([3_000_000_007L, 4_000_000_001L], frames.Select(f => f.Time));
        Assert.Equal(262_144, frames[0].Data.Length);

        var tooBig = stream.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(tooBig.AsSpan(24 + 8), 262_145);
        Assert.Throws<InvalidDataException>(() => PcapReader.Read(new MemoryStream(tooBig)));
        var negative = stream.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(negative.AsSpan(24 + 8), -1);
        Assert.Throws<InvalidDataException>(() => PcapReader.Read(new MemoryStream(negative)));
        var notEthernet = stream.ToArray();
        notEthernet[20] = 101;   // LINKTYPE_RAW
        Assert.Throws<InvalidDataException>(() => PcapReader.Read(new MemoryStream(notEthernet)));
        var notPcap = stream.ToArray();
        notPcap[0] = 0x0a;   // a pcapng section header block starts 0a 0d 0d 0a
        Assert.Throws<InvalidDataException>(() => PcapReader.Read(new MemoryStream(notPcap)));
    }

    // ---- the scheduler ----

    private sealed class Counter : ISimulationEvent
    {
        public List<long> Times { get; } = new();

        public void Fire(long now, long argument) => Times.Add(now);
    }

    [Fact]
    public void The_scheduler_counts_what_fires_and_stops_a_run_at_its_event_limit()
    {
        var scheduler = new Scheduler();
        var counter = new Counter();
        for (int i = 1; i <= 5; i++)
        {
            scheduler.At(i * 100, counter);
        }
        Assert.Equal(3, scheduler.RunUntilIdle(maxEvents: 3));
        Assert.Equal((3L, 2, 300L), (scheduler.Fired, scheduler.Pending, scheduler.Now));
        scheduler.RunUntil(400);
        Assert.Equal([100L, 200, 300, 400], counter.Times);
        Assert.Equal(1, scheduler.RunUntilIdle());
        Assert.Equal(5, scheduler.Fired);
        Assert.Throws<ArgumentNullException>(() => scheduler.Start(null!, 1));
        Assert.Throws<ArgumentNullException>(() => scheduler.Stop(null!));
    }
}
