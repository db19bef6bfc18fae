using System;
using System.Collections.Generic;
using System.Linq;
using HeaderGen.Layers;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tcp;
using HeaderGen.Stack.Wire;
using Xunit;

namespace HeaderGen.Stack.Tests;

/// <summary>
/// Packet-level tests of every TCP state, in the manner of smoltcp's: a HeaderGen host (A, 10.0.0.1) and a raw peer
/// (10.0.0.2) that writes segments by hand with the builder and reads back exactly what A sends, on the virtual clock.
/// Each test asserts the segments, their flags, sequence and acknowledgment numbers, windows and lengths.
/// </summary>
public class TcpStateTests
{
    private const ushort ListenPort = 80, PeerPort = 40000;
    private const uint PeerIss = 1000;

    /// <summary>A segment as the peer saw it.</summary>
    private sealed record Seen(string Flags, uint Seq, uint Ack, ushort Window, int DataLength, ushort Mss, long Time)
    {
        /// <summary>The window scale option's shift, or -1.</summary>
        public int Scale { get; init; } = -1;

        /// <summary>Whether the SACK-permitted option is present.</summary>
        public bool SackPermitted { get; init; }

        /// <summary>The SACK blocks, in order.</summary>
        public (uint Left, uint Right)[] Sack { get; init; } = [];

        /// <summary>The timestamps option, if any.</summary>
        public (uint Val, uint Ecr)? Timestamp { get; init; }
    }

    private sealed class Peer : IFrameHandler
    {
        private readonly Scheduler _scheduler;

        public Peer(Scheduler scheduler) => _scheduler = scheduler;

        public List<Seen> Segments { get; } = new();

        public void HandleFrame(Nic nic, Span<byte> frame)
        {
            foreach (var layer in LayerDecoder.Decode(frame))
            {
                if (layer.Kind != LayerKind.TcpHeader)
                {
                    continue;
                }
                var tcp = layer.AsTcpHeader();
                ushort mss = 0;
                int scale = -1;
                bool sackPermitted = false;
                var sack = new List<(uint, uint)>();
                (uint, uint)? timestamp = null;
                foreach (var option in new HeaderGen.Options.OptionReader(tcp.Options, "TCP options"))
                {
                    if (HeaderGen.Options.TcpOptions.TryGetWindowScale(option, out byte shift))
                    {
                        scale = shift;
                    }
                    else if (HeaderGen.Options.TcpOptions.TryGetMaximumSegmentSize(option, out ushort value))
                    {
                        mss = value;
                    }
                    sackPermitted |= HeaderGen.Options.TcpOptions.IsSackPermitted(option);
                    if (HeaderGen.Options.TcpOptions.TryGetTimestamps(option, out uint val, out uint ecr))
                    {
                        timestamp = (val, ecr);
                    }
                    for (int i = 0; i < HeaderGen.Options.TcpOptions.SackBlockCount(option); i++)
                    {
                        HeaderGen.Options.TcpOptions.TryGetSackBlock(option, i, out uint left, out uint right);
                        sack.Add((left, right));
                    }
                }
                string flags = (tcp.Syn ? "S" : "") + (tcp.Fin ? "F" : "") + (tcp.Rst ? "R" : "") + (tcp.Psh ? "P" : "") + (tcp.Ack ? "A" : "");
                Segments.Add(new Seen(flags, tcp.SequenceNumber, tcp.AcknowledgmentNumber, tcp.Window, tcp.Payload.Length, mss, _scheduler.Now) { Scale = scale, SackPermitted = sackPermitted, Sack = sack.ToArray(), Timestamp = timestamp });
            }
        }
    }

    private sealed class Net
    {
        public Net()
        {
            Scheduler = new Scheduler(7);
            NicA = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0a"), Scheduler);
            NicB = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0b"), Scheduler);
            var link = new PointToPointLink("link", Scheduler);
            link.Connect(NicA, NicB);
            // 64 KB buffers, so that windows read as the 16-bit field says when the peer does not scale.
            A = new Host("A", Scheduler) { TcpBufferSize = ushort.MaxValue };
            A.AddInterface(NicA, AddressA, 24);
            A.AddArpEntry(AddressB, NicB.Address);
            Peer = new Peer(Scheduler);
            NicB.SetHandler(Peer);
        }

        public static readonly Ipv4Address AddressA = Ipv4Address.Parse("10.0.0.1"), AddressB = Ipv4Address.Parse("10.0.0.2");

        public Scheduler Scheduler { get; }

        public Nic NicA { get; }

        public Nic NicB { get; }

        public Host A { get; }

        public Peer Peer { get; }

        public List<Seen> Out => Peer.Segments;

        /// <summary>The peer sends a segment to A (port <paramref name="to"/>) and the simulation runs until nothing is left but timers far away.</summary>
        public void Send(string flags, uint seq, uint ack, int dataLength = 0, ushort window = 65535, ushort to = ListenPort, ushort from = PeerPort, ushort mss = 0, int scale = -1, bool sack = false, (uint Left, uint Right)[]? blocks = null, (uint Val, uint Ecr)? ts = null)
        {
            var data = new byte[dataLength];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)(seq + i);
            }
            var buffer = new byte[2048];
            var sackBlocks = new byte[blocks is null ? 0 : 4 + 8 * blocks.Length];
            if (blocks is not null)
            {
                sackBlocks[0] = 1;
                sackBlocks[1] = 1;
                sackBlocks[2] = 5;
                sackBlocks[3] = (byte)(2 + 8 * blocks.Length);
                for (int i = 0; i < blocks.Length; i++)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(sackBlocks.AsSpan(4 + 8 * i), blocks[i].Left);
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(sackBlocks.AsSpan(8 + 8 * i), blocks[i].Right);
                }
            }
            var tsOption = new byte[12];
            if (ts is { } t)
            {
                tsOption[0] = 1;
                tsOption[1] = 1;
                tsOption[2] = 8;
                tsOption[3] = 10;
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(tsOption.AsSpan(4), t.Val);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(tsOption.AsSpan(8), t.Ecr);
            }
            ReadOnlySpan<byte> options = ts is not null ? (mss == 0 ? tsOption : [2, 4, (byte)(mss >> 8), (byte)mss, .. tsOption])
                : blocks is not null ? sackBlocks
                : sack ? [2, 4, (byte)(mss >> 8), (byte)mss, 1, 1, 4, 2]
                : scale >= 0 ? [2, 4, (byte)(mss >> 8), (byte)mss, 1, 3, 3, (byte)scale]
                : mss == 0 ? default : [2, 4, (byte)(mss >> 8), (byte)mss];
            var builder = new FrameBuilder(buffer, 512).Payload(data)
                .Push(new TcpHeader
                {
                    SourcePort = from, DestinationPort = to, SequenceNumber = seq, AcknowledgmentNumber = ack, Window = window,
                    DataOffset = (byte)(5 + options.Length / 4),
                    Syn = flags.Contains('S'), Fin = flags.Contains('F'), Rst = flags.Contains('R'), Psh = flags.Contains('P'), Ack = flags.Contains('A'),
                }, options)
                .Push(new Ipv4Header { TimeToLive = 64, SourceAddress = AddressB, DestinationAddress = AddressA })
                .Push(new EthernetHeader { Source = NicB.Address, Destination = NicA.Address });
            Assert.True(builder.TryGetFrame(out var frame, out var error), error.ToString());
            Assert.True(NicB.TryGetTxBuffer(out var tx));
            frame.CopyTo(tx.Data.AsSpan(64));
            NicB.PostTx(64, frame.Length);
            RunFor(Scheduler.Millisecond);
        }

        public void RunFor(long time) => Scheduler.RunUntil(Scheduler.Now + time);

        /// <summary>The segments A sent since <paramref name="count"/> were seen.</summary>
        public List<Seen> Since(int count) => Out.Skip(count).ToList();
    }

    /// <summary>A passive open completed: A listening, the peer's SYN, A's SYN,ACK, the peer's ACK. Returns A's ISS.</summary>
    private static (Net Net, TcpConnection Connection, uint Iss) Established(ushort peerWindow = 65535)
    {
        var net = new Net();
        var listener = net.A.ListenTcp(ListenPort);
        net.Send("S", PeerIss, 0, mss: 1460, window: peerWindow);
        uint iss = net.Out.Single().Seq;
        net.Send("A", PeerIss + 1, iss + 1, window: peerWindow);
        Assert.True(listener.TryAccept(out var connection));
        Assert.Equal(TcpState.Established, connection.State);
        net.Out.Clear();
        return (net, connection, iss);
    }

    /// <summary>A listening and the peer's SYN answered: the connection half open in SYN-RECEIVED. Returns A's ISS.</summary>
    private static (Net Net, TcpListener Listener, uint Iss) HalfOpen(ushort mss = 1460, bool sack = false)
    {
        var net = new Net();
        var listener = net.A.ListenTcp(ListenPort);
        net.Send("S", PeerIss, 0, mss: mss, sack: sack);
        return (net, listener, net.Out.Single().Seq);
    }

    [Fact]
    public void Listen_answers_a_syn_with_syn_ack_carrying_its_mss_and_completes_on_the_ack()
    {
        var net = new Net();
        var listener = net.A.ListenTcp(ListenPort);
        net.Send("S", PeerIss, 0, mss: 1400);
        var synAck = Assert.Single(net.Out);
        Assert.Equal(("SA", PeerIss + 1, (ushort)65535, 0, (ushort)1460), (synAck.Flags, synAck.Ack, synAck.Window, synAck.DataLength, synAck.Mss));
        Assert.Equal(1, listener.HalfOpen);
        Assert.False(listener.TryAccept(out _));
        net.Send("A", PeerIss + 1, synAck.Seq + 1);
        Assert.True(listener.TryAccept(out var connection));
        Assert.Equal((TcpState.Established, 1400, 0), (connection.State, connection.Mss, listener.HalfOpen));
        Assert.Single(net.Out);   // nothing more to say
    }

    [Fact]
    public void Window_scaling_is_answered_and_used_only_when_the_peer_offers_it()
    {
        var net = new Net();
        net.A.TcpBufferSize = 256 * 1024;
        var listener = net.A.ListenTcp(ListenPort);
        net.Send("S", PeerIss, 0, mss: 1460, scale: 7);
        var synAck = Assert.Single(net.Out);
        // RFC 7323 2.2: the SYN,ACK answers with this side's shift (2: 256 KB in a 16-bit field) and an unscaled window.
        Assert.Equal((2, (ushort)65535), (synAck.Scale, synAck.Window));
        net.Send("A", PeerIss + 1, synAck.Seq + 1, window: 1000);     // 1000 << 7 bytes
        Assert.True(listener.TryAccept(out var connection));
        net.Send("PA", PeerIss + 1, synAck.Seq + 1, dataLength: 1460, window: 1000);
        net.Send("PA", PeerIss + 1461, synAck.Seq + 1, dataLength: 1460, window: 1000);
        Assert.Equal((256 * 1024 - 2920) >> 2, net.Out[^1].Window);
        // The peer's window is scaled by its shift: 128,000 bytes may go at once (the congestion window allows 10 segments).
        Assert.Equal(20_000, connection.Send(new byte[20_000]));
        net.RunFor(Scheduler.Millisecond);
        Assert.Equal(10 * 1460, net.Out.Where(s => s.DataLength > 0).Sum(s => s.DataLength));

        var plain = new Net();                                         // a peer that does not scale: no option back
        plain.A.TcpBufferSize = 256 * 1024;
        plain.A.ListenTcp(ListenPort);
        plain.Send("S", PeerIss, 0, mss: 1460);
        Assert.Equal(-1, plain.Out.Single().Scale);
    }

    [Fact]
    public void The_syn_ack_window_is_never_scaled_and_the_windows_after_it_are()
    {
        // RFC 7323 2.2. A 100,000-byte buffer needs a shift of 1 to fit the 16-bit field. The SYN,ACK says 65,535 (the
        // field's most, unscaled; scaled it would say 50,000); the ACK of 1,000 bytes says (100,000 - 1,000) >> 1.
        var net = new Net();
        net.A.TcpBufferSize = 100_000;
        var listener = net.A.ListenTcp(ListenPort);
        net.Send("S", PeerIss, 0, mss: 1460, scale: 3);
        var synAck = Assert.Single(net.Out);
        Assert.Equal((1, (ushort)65535), (synAck.Scale, synAck.Window));
        net.Send("A", PeerIss + 1, synAck.Seq + 1);
        Assert.True(listener.TryAccept(out _));
        net.Send("PA", PeerIss + 1, synAck.Seq + 1, dataLength: 1000);
        net.RunFor(Scheduler.Second);
        Assert.Equal((PeerIss + 1001, (ushort)(99_000 >> 1)), (net.Out[^1].Ack, net.Out[^1].Window));
    }

    [Theory]
    [InlineData(65_535, 0)]
    [InlineData(65_536, 0)]
    [InlineData(65_537, 1)]
    [InlineData(131_072, 1)]
    [InlineData(131_073, 2)]
    [InlineData(64 << 20, 10)]      // the largest buffer a host allows
    [InlineData(1 << 30, 10)]       // asked for more, it keeps 64 MB
    public void The_window_scale_offered_is_the_least_shift_that_lets_the_field_say_the_whole_buffer(int buffer, int shift)
    {
        var net = new Net();
        net.A.TcpBufferSize = buffer;
        net.A.ListenTcp(ListenPort);
        net.Send("S", PeerIss, 0, mss: 1460, scale: 0);
        Assert.Equal(shift, net.Out.Single().Scale);
    }

    [Fact]
    public void A_peer_that_sends_no_mss_gets_rfc_9293s_536_bytes_and_an_initial_window_of_ten_of_them()
    {
        // RFC 9293 3.7.1: without the MSS option the sender assumes 536 bytes. RFC 6928: IW = min(10 MSS, max(2 MSS,
        // 14,600)) = 5,360 bytes, so ten segments of 536 go before the first ACK.
        var (net, listener, iss) = HalfOpen(mss: 0);
        net.Send("A", PeerIss + 1, iss + 1);
        Assert.True(listener.TryAccept(out var connection));
        net.Out.Clear();
        Assert.Equal(20_000, connection.Send(new byte[20_000]));
        net.RunFor(Scheduler.Millisecond);
        Assert.Equal(10, net.Out.Count);
        Assert.All(net.Out, s => Assert.Equal(536, s.DataLength));
        // The handshake's ACK acknowledged our SYN, no data: the window is the initial one, not a byte more.
        Assert.Equal(5_360L, connection.CongestionWindow);
    }

    [Fact]
    public void Sack_permitted_is_answered_and_out_of_order_data_is_reported_in_sack_blocks_latest_first()
    {
        var net = new Net();
        var listener = net.A.ListenTcp(ListenPort);
        net.Send("S", PeerIss, 0, mss: 1460, sack: true);
        var synAck = Assert.Single(net.Out);
        Assert.True(synAck.SackPermitted);
        uint iss = synAck.Seq;
        net.Send("A", PeerIss + 1, iss + 1);
        Assert.True(listener.TryAccept(out var connection));
        uint d = PeerIss + 1;
        net.Send("A", d + 100, iss + 1, dataLength: 100);             // [100, 200) past a gap of 100
        Assert.Equal([(d + 100, d + 200)], net.Out[^1].Sack);
        net.Send("A", d + 300, iss + 1, dataLength: 100);             // [300, 400): the newest block first (RFC 2018 4)
        Assert.Equal([(d + 300, d + 400), (d + 100, d + 200)], net.Out[^1].Sack);
        net.Send("A", d + 200, iss + 1, dataLength: 100);             // [200, 300) joins them: one block
        Assert.Equal([(d + 100, d + 400)], net.Out[^1].Sack);
        Assert.Equal(d, net.Out[^1].Ack);
        net.Send("A", d, iss + 1, dataLength: 100);                   // the gap fills: all acknowledged, no block left
        Assert.Equal((d + 400, 0), (net.Out[^1].Ack, net.Out[^1].Sack.Length));
        Assert.Equal(400, connection.Available);

        var plain = new Net();                                         // a peer without SACK-permitted gets no blocks
        plain.A.ListenTcp(ListenPort);
        plain.Send("S", PeerIss, 0, mss: 1460);
        Assert.False(plain.Out.Single().SackPermitted);
    }

    [Fact]
    public void With_sack_the_sender_retransmits_every_hole_below_the_highest_sack_at_once()
    {
        var net = new Net();
        var listener = net.A.ListenTcp(ListenPort);
        net.Send("S", PeerIss, 0, mss: 1000, sack: true);
        uint iss = net.Out.Single().Seq;
        net.Send("A", PeerIss + 1, iss + 1);
        Assert.True(listener.TryAccept(out var connection));
        net.Out.Clear();
        Assert.Equal(6000, connection.Send(new byte[6000]));          // six segments of 1000
        net.RunFor(Scheduler.Millisecond);
        Assert.Equal(6, net.Out.Count);
        uint b = iss + 1;
        // Segment 1 arrives; 2 and 4 are lost; 3, 5 and 6 arrive, each SACKed: three duplicate ACKs (RFC 6675 2).
        net.Send("A", PeerIss + 1, b + 1000);
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 2000, b + 3000)]);
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 4000, b + 5000), (b + 2000, b + 3000)]);
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 4000, b + 6000), (b + 2000, b + 3000)]);
        // Both holes go again at once, the second without waiting for a partial ACK as NewReno would.
        var retransmitted = net.Out.Skip(6).Select(o => (o.Seq - b, o.DataLength)).ToList();
        Assert.Equal([(1000u, 1000), (3000u, 1000)], retransmitted);
        Assert.Equal(1, net.A.TcpCounters.FastRetransmits);
        net.Send("A", PeerIss + 1, b + 6000);                          // everything acknowledged
        Assert.Equal(0, connection.Unacknowledged);
    }

    /// <summary>
    /// A passive open with SACK permitted and an MSS of 1,000 (so that the initial window is ten segments, RFC 6928),
    /// and <paramref name="bytes"/> of data given to A to send. Returns A's first data sequence number.
    /// </summary>
    private static (Net Net, TcpConnection Connection, uint Data) SackSender(int bytes, ushort window = 65535, bool noDelay = false)
    {
        var net = new Net();
        var listener = net.A.ListenTcp(ListenPort);
        net.Send("S", PeerIss, 0, mss: 1000, sack: true, window: window);
        uint iss = net.Out.Single().Seq;
        net.Send("A", PeerIss + 1, iss + 1, window: window);
        Assert.True(listener.TryAccept(out var connection));
        connection.NoDelay = noDelay;
        net.Out.Clear();
        Assert.Equal(bytes, connection.Send(new byte[bytes]));
        net.RunFor(Scheduler.Millisecond);
        return (net, connection, iss + 1);
    }

    /// <summary>What A sent since <paramref name="count"/> segments were seen, as (offset from <paramref name="data"/>, length).</summary>
    private static List<(uint Offset, int Length)> SentSince(Net net, int count, uint data) =>
        net.Since(count).Select(o => (o.Seq - data, o.DataLength)).ToList();

    [Fact]
    public void Sack_recovery_retransmits_a_hole_once_isLost_says_so_and_counts_the_others_in_the_pipe()
    {
        // RFC 6675 4: a byte is lost when more than (DupThresh - 1) SMSS are SACKed above it, or DupThresh ranges;
        // SetPipe counts a byte not SACKed once if it is not lost and once more if it was retransmitted; (C) sends while
        // cwnd - pipe is at least one SMSS, and NextSeg rule (1) takes the first lost hole above HighRxt.
        var (net, _, b) = SackSender(20_000);
        Assert.Equal(10, net.Out.Count);                               // the initial window, 0..10,000
        net.Send("A", PeerIss + 1, b + 1000);                          // slow start: cwnd 11,000, so 10,000..12,000 go
        Assert.Equal([(10_000u, 1000), (11_000u, 1000)], SentSince(net, 10, b));
        // Segments 2 (1,000) and 4 (3,000) are lost; 3, 5 and 6 arrive: three duplicate ACKs with new SACK information.
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 2000, b + 3000)]);
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 4000, b + 5000), (b + 2000, b + 3000)]);
        int before = net.Out.Count;
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 4000, b + 6000), (b + 2000, b + 3000)]);
        // cwnd = ssthresh = 0.7 x 11,000 (CUBIC). 3,000 SACKed above 1,000: lost, sent again. Above 3,000 only 2,000 in
        // one range: not lost. Pipe = 1,000 (retransmitted) + 1,000 (3,000, not lost) + 6,000 (6,000..12,000) = 8,000
        // > cwnd: nothing else goes. (Taking every hole below the highest SACK as lost, 3,000 went too.)
        Assert.Equal([(1000u, 1000)], SentSince(net, before, b));
        Assert.Equal(1, net.A.TcpCounters.FastRetransmits);
        // Segment 7 SACKed: 3,000 SACKed above 3,000 now, so it is lost (pipe 1,000 + 0 + 5,000 = 6,000, room 1,699).
        before = net.Out.Count;
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 4000, b + 7000), (b + 2000, b + 3000)]);
        // Rule (1) sends it; the pipe is then 7,000, and 699 bytes of room send no new segment.
        Assert.Equal([(3000u, 1000)], SentSince(net, before, b));
    }

    [Fact]
    public void Sack_recovery_starts_on_one_stretch_ack_that_shows_the_first_segment_lost()
    {
        // RFC 6675 5 step (2): fewer than DupThresh duplicate ACKs, but IsLost(HighACK + 1): loss recovery starts.
        var (net, _, b) = SackSender(6000);
        net.Send("A", PeerIss + 1, b + 1000);
        int before = net.Out.Count;
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 2000, b + 5000)]);   // one ACK SACKing three segments
        Assert.Equal((1000u, 1000), SentSince(net, before, b)[0]);
        Assert.Equal(1, net.A.TcpCounters.FastRetransmits);
        // Two SACKed segments above it (2,000 bytes, one range) are not enough: no recovery on a single such ACK.
        var (other, _, c) = SackSender(6000);
        other.Send("A", PeerIss + 1, c + 1000);
        other.Send("A", PeerIss + 1, c + 1000, blocks: [(c + 2000, c + 4000)]);
        Assert.Equal(0, other.A.TcpCounters.FastRetransmits);
    }

    [Fact]
    public void Sack_recovery_sends_a_lost_last_segment_again_as_its_rescue_retransmission_not_after_a_timeout()
    {
        // RFC 6675 4, NextSeg rule (4): with no lost hole, no new data and no hole below the highest SACK, one segment
        // ending at the highest byte not SACKed goes once per recovery, once HighACK has passed RescueRxt.
        var (net, connection, b) = SackSender(6000);
        net.Send("A", PeerIss + 1, b + 1000);
        // Segments 2 and 6 are lost; 3, 4 and 5 arrive.
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 2000, b + 3000)]);
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 2000, b + 4000)]);
        int before = net.Out.Count;
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 2000, b + 5000)]);
        // Step (4.3): 1,000 goes again and sets HighRxt and RescueRxt to its end; HighACK (1,000) has not passed it.
        Assert.Equal([(1000u, 1000)], SentSince(net, before, b));
        before = net.Out.Count;
        long partial = net.Scheduler.Now;
        net.Send("A", PeerIss + 1, b + 5000);                          // the retransmission fills the hole: a partial ACK
        // HighACK 5,000 > RescueRxt: the last segment goes at once (it would have waited for the RTO, 200 ms or more).
        var rescue = Assert.Single(net.Since(before));
        Assert.Equal((b + 5000, 1000), (rescue.Seq, rescue.DataLength));
        Assert.InRange(rescue.Time - partial, 0, Scheduler.Millisecond);
        Assert.Equal((1L, 0L), (net.A.TcpCounters.RescueRetransmissions, net.A.TcpCounters.RetransmissionTimeouts));
        net.Send("A", PeerIss + 1, b + 6000);
        Assert.Equal(0, connection.Unacknowledged);
        Assert.Equal(2L, net.A.TcpCounters.Retransmissions);          // the fast retransmit and the rescue, no other
    }

    [Fact]
    public void Sack_recovery_sends_while_cwnd_less_pipe_is_at_least_one_segment_and_no_further()
    {
        // RFC 6675 5 (C): "while (cwnd - pipe) >= 1 SMSS" a segment goes. The receiver's window (10,000) holds no new
        // data, so the segments are holes (rule 3: below the highest SACK, not yet lost). Segments 0, 2, 6, 7 and 8
        // are lost; 1, 3, 4, 5 and 9 arrive.
        var (net, _, b) = SackSender(20_000, window: 10_000);
        Assert.Equal(10, net.Out.Count);
        void DuplicateAck(params (uint Start, uint End)[] blocks) =>
            net.Send("A", PeerIss + 1, b, window: 10_000, blocks: blocks.Select(x => (b + x.Start, b + x.End)).ToArray());
        DuplicateAck((1000, 2000));
        DuplicateAck((3000, 4000), (1000, 2000));
        int before = net.Out.Count;
        DuplicateAck((3000, 5000), (1000, 2000));
        // cwnd = ssthresh = 7,000 (CUBIC, 0.7 x 10,000); 0 goes again; pipe 1,000 + 1,000 (2,000, not lost) + 5,000 = 7,000.
        Assert.Equal([(0u, 1000)], SentSince(net, before, b));
        before = net.Out.Count;
        DuplicateAck((3000, 6000), (1000, 2000));
        // 2,000 is lost now (3,000 SACKed above it): pipe 1,000 + 4,000 = 5,000; it goes, and 1,000 of room sends nothing
        // else: above HighRxt only 6,000.. is left, not a hole below the highest SACK.
        Assert.Equal([(2000u, 1000)], SentSince(net, before, b));
        before = net.Out.Count;
        DuplicateAck((9000, 10_000), (3000, 6000), (1000, 2000));
        // 6,000..9,000 is a hole below the highest SACK, not lost (1,000 SACKed above it, one range): pipe 1,000 + 1,000 +
        // 3,000 = 5,000 against cwnd 7,000. Rule (3) sends 6,000 (pipe 6,000), and with exactly one SMSS of room 7,000
        // too (pipe 7,000); then none.
        Assert.Equal([(6000u, 1000), (7000u, 1000)], SentSince(net, before, b));
    }

    [Fact]
    public void Sack_recovery_rescue_retransmission_of_a_short_last_segment_is_that_segment()
    {
        // NextSeg rule (4) sends "one segment of up to SMSS octets that MUST include the highest outstanding unSACKed
        // sequence number": when the last 500 bytes are all that is outstanding above HighACK, those 500, not an SMSS
        // reaching back into acknowledged data.
        var (net, connection, b) = SackSender(5500, noDelay: true);   // the short segment goes with the others
        Assert.Equal((5000u, 500), SentSince(net, 0, b)[^1]);
        net.Send("A", PeerIss + 1, b + 1000);
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 2000, b + 3000)]);
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 2000, b + 4000)]);
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 2000, b + 5000)]);
        int before = net.Out.Count;
        net.Send("A", PeerIss + 1, b + 5000);
        Assert.Equal([(5000u, 500)], SentSince(net, before, b));
        Assert.Equal(1L, net.A.TcpCounters.RescueRetransmissions);
        net.Send("A", PeerIss + 1, b + 5500);
        Assert.Equal(0, connection.Unacknowledged);
    }

    [Fact]
    public void Sack_recovery_retransmits_a_hole_shorter_than_a_segment_as_it_is()
    {
        // A receiver may SACK part of a segment (it kept bytes 1,500..2,000 of one that a middlebox split): the hole
        // left, 1,000..1,500, is what NextSeg rule (1) sends, up to the next SACKed byte (RFC 6675 4).
        var (net, connection, b) = SackSender(6000);
        net.Send("A", PeerIss + 1, b + 1000);
        int before = net.Out.Count;
        // 3,500 bytes SACKed above 1,000 (more than two SMSS): lost at once (step (2)).
        net.Send("A", PeerIss + 1, b + 1000, blocks: [(b + 1500, b + 5000)]);
        Assert.Equal((1000u, 500), SentSince(net, before, b)[0]);
        Assert.Equal(1, net.A.TcpCounters.FastRetransmits);
        net.Send("A", PeerIss + 1, b + 6000);
        Assert.Equal(0, connection.Unacknowledged);
    }

    [Fact]
    public void Sack_recovery_keeps_new_data_within_the_receivers_window_counted_from_snd_una()
    {
        // The peer offers 8,000 bytes. SACKed data still sits in its buffer: however small the pipe, nothing may go past
        // SND.UNA + SND.WND (RFC 9293 3.8.6.2.1; RFC 6675 NextSeg rule (2) "if the receiver's advertised window allows").
        var (net, _, b) = SackSender(20_000, window: 8000);
        Assert.Equal(8, net.Out.Count);
        net.Send("A", PeerIss + 1, b + 1000, window: 8000);           // one more segment: 8,000..9,000
        net.Send("A", PeerIss + 1, b + 1000, window: 8000, blocks: [(b + 2000, b + 3000)]);
        net.Send("A", PeerIss + 1, b + 1000, window: 8000, blocks: [(b + 4000, b + 5000), (b + 2000, b + 3000)]);
        net.Send("A", PeerIss + 1, b + 1000, window: 8000, blocks: [(b + 4000, b + 6000), (b + 2000, b + 3000)]);
        net.Send("A", PeerIss + 1, b + 1000, window: 8000, blocks: [(b + 4000, b + 7000), (b + 2000, b + 3000)]);
        Assert.Equal(1, net.A.TcpCounters.FastRetransmits);
        Assert.All(net.Out, o => Assert.True(o.Seq + (uint)o.DataLength - b <= 9000, $"{o.Seq - b}+{o.DataLength} is past the window's edge at 9,000"));
        // With the window closed to new data, rule (3) sends the hole below the highest SACK that is not yet lost.
        Assert.Contains((3000u, 1000), SentSince(net, 9, b));
    }

    [Fact]
    public void Timestamps_are_echoed_time_the_round_trip_and_paws_drops_an_old_segment()
    {
        var net = new Net();
        var listener = net.A.ListenTcp(ListenPort);
        net.Send("S", PeerIss, 0, mss: 1460, ts: (100, 0));
        var synAck = Assert.Single(net.Out);
        Assert.Equal(100u, synAck.Timestamp!.Value.Ecr);                // RFC 7323 3.2: the SYN's TSval echoed
        uint iss = synAck.Seq;
        uint ours = synAck.Timestamp.Value.Val;
        net.RunFor(30 * Scheduler.Millisecond);
        net.Send("A", PeerIss + 1, iss + 1, ts: (101, ours));
        Assert.True(listener.TryAccept(out var connection));
        Assert.Equal(1460 - 12, connection.Mss);                      // every segment carries the 12-byte option
        net.Send("A", PeerIss + 1, iss + 1, dataLength: 1448, ts: (102, ours));
        net.Send("A", PeerIss + 1449, iss + 1, dataLength: 1448, ts: (103, ours));
        // RFC 7323 4.3: an ACK that covers two segments echoes the earlier one's timestamp (the second began past
        // Last.ACK.sent), so the peer's RTT sample includes the delay of the ACK.
        Assert.Equal((PeerIss + 2897, 102u), (net.Out[^1].Ack, net.Out[^1].Timestamp!.Value.Ecr));
        // PAWS (RFC 7323 5): a segment stamped before TS.Recent is an old duplicate: dropped, answered with an ACK.
        net.Send("A", PeerIss + 2897, iss + 1, dataLength: 100, ts: (50, ours));
        Assert.Equal(PeerIss + 2897, net.Out[^1].Ack);
        Assert.Equal(2896, connection.Available);
        Assert.Equal(1, net.A.TcpCounters.PawsRejected);
        // RTTM (RFC 7323 4): the handshake's ACK, 31 ms after the SYN,ACK, echoed its timestamp: the first sample.
        Assert.InRange(connection.SmoothedRtt, 30 * Scheduler.Millisecond, 32 * Scheduler.Millisecond);
        // A's data acknowledged 250 ms later: SRTT = 7/8 x 31 + 1/8 x 250 ms (RFC 6298 2.3).
        connection.Send(new byte[100]);
        net.RunFor(Scheduler.Millisecond);
        uint stamped = net.Out[^1].Timestamp!.Value.Val;
        net.RunFor(249 * Scheduler.Millisecond);
        net.Send("A", PeerIss + 2897, iss + 101, ts: (104, stamped));
        Assert.InRange(connection.SmoothedRtt, 57 * Scheduler.Millisecond, 60 * Scheduler.Millisecond);
    }

    /// <summary>
    /// A connection with SACK and an MSS of 1,000 whose first round trip took 10 ms (SRTT 10 ms, RTO 200 ms), then three
    /// segments sent at once, 1,000..4,000 from the data's start, 10 ms ago. Returns the count of segments before them.
    /// </summary>
    private static (Net Net, uint Data, int Before) ThreeSegmentsAfterOneRoundTrip()
    {
        var net = new Net();
        var listener = net.A.ListenTcp(ListenPort);
        net.Send("S", PeerIss, 0, mss: 1000, sack: true);
        uint iss = net.Out.Single().Seq;
        net.Send("A", PeerIss + 1, iss + 1);
        Assert.True(listener.TryAccept(out var connection));
        uint b = iss + 1;
        connection.Send(new byte[1000]);
        net.RunFor(10 * Scheduler.Millisecond);
        net.Send("A", PeerIss + 1, b + 1000);
        int before = net.Out.Count;
        connection.NoDelay = true;
        connection.Send(new byte[3000]);
        net.RunFor(10 * Scheduler.Millisecond);
        return (net, b, before);
    }

    [Fact]
    public void A_lost_last_segment_is_probed_after_two_round_trips_not_left_to_the_rto()
    {
        var (net, b, before) = ThreeSegmentsAfterOneRoundTrip();
        long acked = net.Scheduler.Now;
        net.Send("A", PeerIss + 1, b + 3000);                          // the first two arrive; the last one is lost
        net.RunFor(150 * Scheduler.Millisecond);
        var probe = net.Out.Last();
        // RFC 8985 7.2: PTO = 2 SRTT, plus the delayed-ACK allowance with one segment in flight: 60 ms, before the RTO.
        Assert.Equal((b + 3000, 1000), (probe.Seq, probe.DataLength));
        Assert.InRange(probe.Time - acked, 55 * Scheduler.Millisecond, 70 * Scheduler.Millisecond);
        Assert.Equal(before + 3 + 1, net.Out.Count);
        Assert.Equal((1L, 0L), (net.A.TcpCounters.TailLossProbes, net.A.TcpCounters.RetransmissionTimeouts));
    }

    [Fact]
    public void A_tail_loss_probe_with_two_segments_outstanding_sends_the_last_one_again_after_two_round_trips()
    {
        // RFC 8985 7.2 and 7.3: more than one segment in flight, so PTO = 2 SRTT (no delayed-ACK allowance); with no new
        // data to send the probe is the highest segment sent, one SMSS, not the first outstanding nor both.
        var (net, b, _) = ThreeSegmentsAfterOneRoundTrip();
        long acked = net.Scheduler.Now;
        int before = net.Out.Count;
        net.Send("A", PeerIss + 1, b + 2000);                          // the first arrives; the other two are lost
        net.RunFor(100 * Scheduler.Millisecond);
        var probe = Assert.Single(net.Since(before));
        Assert.Equal((b + 3000, 1000), (probe.Seq, probe.DataLength));
        Assert.InRange(probe.Time - acked, 15 * Scheduler.Millisecond, 25 * Scheduler.Millisecond);
        Assert.Equal((1L, 1L, 0L), (net.A.TcpCounters.TailLossProbes, net.A.TcpCounters.Retransmissions, net.A.TcpCounters.RetransmissionTimeouts));
    }

    [Fact]
    public void Listen_answers_an_ack_with_a_reset_at_its_ack_number()
    {
        var net = new Net();
        net.A.ListenTcp(ListenPort);
        net.Send("A", 5, 777);
        var reset = Assert.Single(net.Out);
        Assert.Equal(("R", 777u), (reset.Flags, reset.Seq));
        Assert.Equal(0, net.A.TcpConnections);
    }

    [Fact]
    public void Listen_drops_a_reset_and_a_segment_without_syn_or_ack_counting_each_and_answering_none()
    {
        // RFC 9293 3.10.7.2, LISTEN: "An incoming RST segment could not be valid ... it should be ignored"; a segment with
        // neither SYN nor ACK (a FIN, data) is dropped too. Nothing goes out, nothing opens, and each is counted.
        var net = new Net();
        var listener = net.A.ListenTcp(ListenPort);
        net.Send("R", PeerIss, 0);
        net.Send("F", PeerIss, 0);
        net.Send("P", PeerIss, 0, dataLength: 20);
        Assert.Empty(net.Out);
        Assert.Equal((3L, 0), (net.A.TcpCounters.Ignored, net.A.TcpConnections));
        Assert.False(listener.TryAccept(out _));
    }

    [Fact]
    public void A_segment_for_no_socket_is_answered_with_rst_ack_covering_it()
    {
        var net = new Net();
        net.Send("S", PeerIss, 0, to: 81);
        var reset = Assert.Single(net.Out);
        Assert.Equal(("RA", 0u, PeerIss + 1), (reset.Flags, reset.Seq, reset.Ack));
        net.Send("PA", 50, 60, dataLength: 10, to: 81);
        Assert.Equal(("R", 60u), (net.Out[1].Flags, net.Out[1].Seq));
        net.Send("R", 50, 0, to: 81);
        Assert.Equal(2, net.Out.Count);   // a reset is never answered
        Assert.Equal(3, net.A.TcpCounters.NoSocket);
        Assert.Equal(2, net.A.TcpCounters.ResetsSent);
    }

    [Fact]
    public void Syn_sent_refused_by_a_reset_closes_with_refused()
    {
        var net = new Net();
        var connection = net.A.ConnectTcp(Net.AddressB, 80);
        net.RunFor(Scheduler.Millisecond);
        var syn = Assert.Single(net.Out);
        Assert.Equal(("S", 0u, (ushort)1460, 0), (syn.Flags, syn.Ack, syn.Mss, syn.Scale));   // a 64 KB buffer needs no shift, but offers scaling
        Assert.Equal(TcpState.SynSent, connection.State);
        net.Send("RA", 0, syn.Seq + 1, to: connection.LocalPort, from: 80);
        Assert.Equal((TcpState.Closed, TcpError.Refused), (connection.State, connection.Error));
        Assert.Single(net.Out);
        Assert.Equal(0, net.A.TcpConnections);
    }

    [Fact]
    public void Syn_sent_resets_an_unacceptable_ack_and_waits_on()
    {
        var net = new Net();
        var connection = net.A.ConnectTcp(Net.AddressB, 80);
        net.RunFor(Scheduler.Millisecond);
        uint iss = net.Out[0].Seq;
        net.Send("SA", PeerIss, iss + 5, to: connection.LocalPort, from: 80);
        Assert.Equal(("R", iss + 5), (net.Out[1].Flags, net.Out[1].Seq));
        Assert.Equal(TcpState.SynSent, connection.State);
        net.Send("SA", PeerIss, iss + 1, to: connection.LocalPort, from: 80, mss: 1000);
        Assert.Equal(("A", iss + 1, PeerIss + 1), (net.Out[2].Flags, net.Out[2].Seq, net.Out[2].Ack));
        Assert.Equal((TcpState.Established, 1000), (connection.State, connection.Mss));
    }

    [Fact]
    public void Simultaneous_open_goes_through_syn_received()
    {
        var net = new Net();
        var connection = net.A.ConnectTcp(Net.AddressB, 80);
        net.RunFor(Scheduler.Millisecond);
        uint iss = net.Out[0].Seq;
        net.Send("S", PeerIss, 0, to: connection.LocalPort, from: 80);   // the peer's own SYN crossed ours
        Assert.Equal(("SA", iss, PeerIss + 1), (net.Out[1].Flags, net.Out[1].Seq, net.Out[1].Ack));
        Assert.Equal(TcpState.SynReceived, connection.State);
        net.Send("SA", PeerIss, iss + 1, to: connection.LocalPort, from: 80);
        Assert.Equal(TcpState.Established, connection.State);
    }

    [Fact]
    public void The_syn_is_retransmitted_with_back_off_and_the_connect_times_out()
    {
        var net = new Net();
        var connection = net.A.ConnectTcp(Net.AddressB, 80);
        net.RunFor(200 * Scheduler.Second);
        // The SYN at 0 and again after 1, 2, 4, 8, 16 and 32 s (RFC 6298 5.5), then the connect fails.
        Assert.Equal(7, net.Out.Count);
        Assert.All(net.Out, s => Assert.Equal("S", s.Flags));
        var gaps = net.Out.Zip(net.Out.Skip(1), (a, b) => (b.Time - a.Time) / Scheduler.Second).ToList();
        Assert.Equal([1L, 2, 4, 8, 16, 32], gaps);
        Assert.Equal((TcpState.Closed, TcpError.TimedOut), (connection.State, connection.Error));
    }

    [Fact]
    public void In_order_data_is_acknowledged_after_40_ms_or_at_once_every_second_segment()
    {
        var (net, connection, iss) = Established();
        long sent = net.Scheduler.Now;
        net.Send("PA", PeerIss + 1, iss + 1, dataLength: 100);
        Assert.Empty(net.Out);                                       // delayed (RFC 9293 3.8.6.3)
        net.RunFor(50 * Scheduler.Millisecond);
        var ack = Assert.Single(net.Out);
        Assert.Equal(("A", iss + 1, PeerIss + 101, (ushort)(65535 - 100)), (ack.Flags, ack.Seq, ack.Ack, ack.Window));
        // 40 ms after the data reached A, plus the link's latency and serialization both ways (tens of microseconds).
        Assert.InRange(ack.Time - sent, 40 * Scheduler.Millisecond, 40 * Scheduler.Millisecond + 100 * Scheduler.Microsecond);
        net.Send("A", PeerIss + 101, iss + 1, dataLength: 1460);
        net.Send("A", PeerIss + 1561, iss + 1, dataLength: 1460);
        Assert.Equal(2, net.Out.Count);                               // the second full segment is acknowledged at once
        Assert.Equal(PeerIss + 3021, net.Out[1].Ack);
        var read = new byte[4000];
        Assert.Equal(3020, connection.Receive(read));
        Assert.Equal(unchecked((byte)(PeerIss + 1)), read[0]);
        net.RunFor(Scheduler.Millisecond);
        Assert.Equal(3, net.Out.Count);                               // reading reopened the window: a window update
        Assert.Equal((ushort)65535, net.Out[2].Window);
    }

    [Fact]
    public void Out_of_order_data_waits_behind_the_gap_and_a_duplicate_ack_says_where_it_is()
    {
        var (net, connection, iss) = Established();
        net.Send("A", PeerIss + 101, iss + 1, dataLength: 100);      // bytes 100..199 before 0..99
        var duplicate = Assert.Single(net.Out);
        Assert.Equal(("A", PeerIss + 1), (duplicate.Flags, duplicate.Ack));
        Assert.Equal(0, connection.Available);
        net.Send("A", PeerIss + 1, iss + 1, dataLength: 100);        // the gap fills: both acknowledged at once
        Assert.Equal(PeerIss + 201, net.Out[1].Ack);
        var read = new byte[200];
        Assert.Equal(200, connection.Receive(read));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => unchecked((byte)(PeerIss + 1 + i))), read);
        Assert.Equal(1, net.A.TcpCounters.OutOfOrderSegments);
    }

    [Fact]
    public void Out_of_order_data_past_the_sixteen_ranges_a_connection_keeps_is_dropped_and_counted()
    {
        // Seventeen segments, each after a gap of its own: sixteen are parked, the seventeenth has no range left and is
        // dropped (counted; still acknowledged). With the gaps filled the data runs up to where it began.
        var (net, connection, iss) = Established();
        for (uint i = 0; i < 17; i++)
        {
            net.Send("A", PeerIss + 1 + 200 * i + 100, iss + 1, dataLength: 100);
        }
        Assert.Equal(17, net.Out.Count(s => s.Flags == "A" && s.Ack == PeerIss + 1));
        Assert.Equal((17L, 1L), (net.A.TcpCounters.OutOfOrderSegments, net.A.TcpCounters.ReceiveBufferDrops));
        for (uint i = 0; i < 17; i++)
        {
            net.Send("A", PeerIss + 1 + 200 * i, iss + 1, dataLength: 100);
        }
        Assert.Equal(16 * 200 + 100, connection.Available);
    }

    [Fact]
    public void Data_past_a_full_receive_buffer_is_cut_and_counted_and_more_is_outside_the_window()
    {
        // A 65,535-byte buffer nobody reads: 65 segments of 1,000 bytes fit, the 66th fits 535 of its bytes (cut,
        // counted), and one more is outside the window, now zero (RFC 9293 3.10.7.4: dropped, counted, acknowledged).
        var (net, connection, iss) = Established();
        for (uint i = 0; i < 66; i++)
        {
            net.Send("A", PeerIss + 1 + 1000 * i, iss + 1, dataLength: 1000);
        }
        Assert.Equal((ushort.MaxValue, 1L), (connection.Available, net.A.TcpCounters.ReceiveBufferDrops));
        net.Send("A", PeerIss + 1 + ushort.MaxValue, iss + 1, dataLength: 100);
        Assert.Equal((ushort.MaxValue, 1L, 1L), (connection.Available, net.A.TcpCounters.ReceiveBufferDrops, net.A.TcpCounters.OutOfWindow));
        Assert.Equal((PeerIss + 1 + ushort.MaxValue, (ushort)0), (net.Out.Last().Ack, net.Out.Last().Window));
    }

    [Fact]
    public void With_a_zero_receive_window_only_a_segment_at_rcv_nxt_is_acceptable()
    {
        // RFC 9293 3.10.7.4's table: with RCV.WND = 0 a zero-length segment is acceptable only when SEG.SEQ = RCV.NXT. One
        // a byte past it is answered with an ACK and dropped, its ACK of our data unprocessed; the one at RCV.NXT is taken.
        var net = new Net();
        net.A.TcpBufferSize = 1000;
        var listener = net.A.ListenTcp(ListenPort);
        net.Send("S", PeerIss, 0, mss: 1460);
        uint iss = net.Out.Single().Seq;
        net.Send("A", PeerIss + 1, iss + 1);
        Assert.True(listener.TryAccept(out var connection));
        Assert.Equal(100, connection.Send(new byte[100]));
        net.Send("PA", PeerIss + 1, iss + 1, dataLength: 1000);       // fills the buffer; the application reads nothing
        net.RunFor(Scheduler.Second);
        Assert.Equal((PeerIss + 1001, (ushort)0), (net.Out[^1].Ack, net.Out[^1].Window));
        int before = net.Out.Count;
        net.Send("A", PeerIss + 1002, iss + 101);
        Assert.Equal(("A", PeerIss + 1001), (net.Out[before].Flags, net.Out[before].Ack));
        Assert.Equal(100, connection.Unacknowledged);
        net.Send("A", PeerIss + 1001, iss + 101);
        Assert.Equal(0, connection.Unacknowledged);
    }

    [Fact]
    public void A_handshake_that_completes_when_the_backlog_is_full_is_reset_and_counted()
    {
        var net = new Net();
        var listener = net.A.ListenTcp(ListenPort, backlog: 1);
        net.Send("S", PeerIss, 0, from: 30000);
        net.Send("S", PeerIss, 0, from: 30001);
        uint first = net.Out[0].Seq, second = net.Out[1].Seq;
        net.Send("A", PeerIss + 1, first + 1, from: 30000);
        net.Send("A", PeerIss + 1, second + 1, from: 30001);
        Assert.Equal((1L, 1L), (net.A.TcpCounters.AcceptQueueDrops, net.A.TcpCounters.ResetsSent));
        Assert.Equal("R", net.Out.Last().Flags[..1]);
        Assert.True(listener.TryAccept(out var accepted));
        Assert.Equal((TcpState.Established, (ushort)30000), (accepted.State, accepted.RemotePort));
        Assert.False(listener.TryAccept(out _));
        Assert.Equal(0, net.A.UnaccountedFrames);
    }

    [Fact]
    public void A_reset_in_the_window_but_not_at_rcv_nxt_earns_a_challenge_ack_and_an_exact_one_resets()
    {
        var (net, connection, iss) = Established();
        net.Send("R", PeerIss + 500, 0);
        var challenge = Assert.Single(net.Out);
        Assert.Equal(("A", iss + 1, PeerIss + 1), (challenge.Flags, challenge.Seq, challenge.Ack));
        Assert.Equal(TcpState.Established, connection.State);
        net.Send("R", PeerIss + 1_000_000, 0);                        // outside the window: ignored
        Assert.Single(net.Out);
        net.Send("R", PeerIss + 1, 0);
        Assert.Equal((TcpState.Closed, TcpError.Reset), (connection.State, connection.Error));
        Assert.Equal((1L, 1L), (net.A.TcpCounters.ChallengeAcks, net.A.TcpCounters.ResetsReceived));
    }

    [Fact]
    public void Challenge_acks_are_limited_to_a_thousand_a_second_across_the_host()
    {
        // RFC 5961 7: a host limits the challenge ACKs it sends in a second (Linux's tcp_challenge_ack_limit, 1,000).
        var net = new Net();
        net.RunFor(2500 * Scheduler.Millisecond);                    // inside a second, not at its start
        int allowed = 0;
        for (int i = 0; i < TcpLayer.ChallengeAckLimit + 5; i++)
        {
            allowed += net.A.Tcp.MayChallenge() ? 1 : 0;
        }
        Assert.Equal(TcpLayer.ChallengeAckLimit, allowed);
        net.RunFor(400 * Scheduler.Millisecond);                     // still the same second
        Assert.False(net.A.Tcp.MayChallenge());
        net.RunFor(100 * Scheduler.Millisecond);                     // the next second: a fresh allowance
        Assert.True(net.A.Tcp.MayChallenge());
        for (int i = 1; i < TcpLayer.ChallengeAckLimit; i++)
        {
            Assert.True(net.A.Tcp.MayChallenge());
        }
        Assert.False(net.A.Tcp.MayChallenge());
    }

    [Fact]
    public void A_syn_on_an_established_connection_earns_a_challenge_ack()
    {
        var (net, connection, iss) = Established();
        net.Send("S", PeerIss + 77, 0);
        Assert.Equal(("A", iss + 1, PeerIss + 1), (net.Out[0].Flags, net.Out[0].Seq, net.Out[0].Ack));
        Assert.Equal(TcpState.Established, connection.State);
    }

    [Fact]
    public void Data_outside_the_window_and_an_ack_of_unsent_data_are_answered_with_an_ack_and_dropped()
    {
        var (net, connection, iss) = Established();
        net.Send("A", PeerIss + 70_000, iss + 1, dataLength: 10);
        Assert.Equal(("A", PeerIss + 1), (net.Out[0].Flags, net.Out[0].Ack));
        net.Send("A", PeerIss + 1, iss + 500, dataLength: 10);
        Assert.Equal(("A", PeerIss + 1), (net.Out[1].Flags, net.Out[1].Ack));
        Assert.Equal(0, connection.Available);
        Assert.Equal((1L, 1L), (net.A.TcpCounters.OutOfWindow, net.A.TcpCounters.AckOfUnsent));
    }

    [Fact]
    public void The_rto_follows_rfc_6298_sample_by_sample_to_its_floor()
    {
        // RFC 6298 2: the first sample R sets SRTT = R, RTTVAR = R/2; each later one RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'|,
        // then SRTT = 7/8 SRTT + 1/8 R'; RTO = SRTT + max(G, 4 RTTVAR), kept within [200 ms, 60 s] here as Linux keeps it.
        // The peer acknowledges each segment W after it arrives, so each sample is W plus the path's constant part, which
        // the first sample gives (SRTT then equals it).
        var (net, connection, iss) = Established();
        Assert.Equal((TcpConnection.InitialRto, 0L), (connection.RetransmissionTimeout, connection.SmoothedRtt));
        long[] waits = [300, 100, 10, .. System.Linq.Enumerable.Repeat(1L, 45)];
        double srtt = 0, rttvar = 0;
        long path = 0;
        uint acked = iss + 1;
        for (int i = 0; i < waits.Length; i++)
        {
            Assert.Equal(100, connection.Send(new byte[100]));
            net.RunFor(waits[i] * Scheduler.Millisecond);
            acked += 100;
            net.Send("A", PeerIss + 1, acked);
            if (i == 0)
            {
                path = connection.SmoothedRtt - waits[0] * Scheduler.Millisecond;
                Assert.InRange(path, 0, Scheduler.Millisecond + 100 * Scheduler.Microsecond);
            }
            double r = waits[i] * Scheduler.Millisecond + path;
            if (i == 0)
            {
                (srtt, rttvar) = (r, r / 2);
            }
            else
            {
                rttvar = 0.75 * rttvar + 0.25 * Math.Abs(srtt - r);
                srtt = 0.875 * srtt + 0.125 * r;
            }
            double rto = Math.Clamp(srtt + Math.Max(1, 4 * rttvar), TcpConnection.MinimumRto, TcpConnection.MaximumRto);
            // The stack keeps nanoseconds as integers: a few nanoseconds of rounding a step, nothing more.
            Assert.InRange(connection.SmoothedRtt, srtt - 4 * (i + 1), srtt + 1);
            Assert.InRange(connection.RetransmissionTimeout, rto - 16 * (i + 1), rto + 4);
        }
        // After forty-five samples of about a millisecond the RTO sits at its floor.
        Assert.Equal(TcpConnection.MinimumRto, connection.RetransmissionTimeout);
    }

    [Fact]
    public void Unacknowledged_data_is_sent_again_after_the_rto_and_then_twice_as_late()
    {
        var (net, connection, iss) = Established();
        Assert.Equal(100, connection.Send(new byte[100]));
        net.RunFor(Scheduler.Millisecond);
        Assert.Equal(("PA", iss + 1, 100), (net.Out[0].Flags, net.Out[0].Seq, net.Out[0].DataLength));
        net.RunFor(4 * Scheduler.Second);
        Assert.Equal(3, net.Out.Count);
        Assert.All(net.Out, s => Assert.Equal((iss + 1, 100), (s.Seq, s.DataLength)));
        // No RTT sample yet (the handshake's SYN,ACK was not timed): RTO 1 s, then 2 s (RFC 6298 2.1, 5.5).
        Assert.Equal(Scheduler.Second, net.Out[1].Time - net.Out[0].Time, Scheduler.Millisecond);
        Assert.Equal(2 * Scheduler.Second, net.Out[2].Time - net.Out[1].Time, Scheduler.Millisecond);
        net.Send("A", PeerIss + 1, iss + 101);
        Assert.Equal(0, connection.Unacknowledged);
        Assert.Equal(2, net.A.TcpCounters.RetransmissionTimeouts);
        // Karn (RFC 6298 3): the ACK of a segment sent three times gives no sample; the next new segment's does.
        Assert.Equal(0, connection.SmoothedRtt);
        Assert.Equal(100, connection.Send(new byte[100]));
        net.RunFor(50 * Scheduler.Millisecond);
        net.Send("A", PeerIss + 1, iss + 201);
        Assert.InRange(connection.SmoothedRtt, 50 * Scheduler.Millisecond, 52 * Scheduler.Millisecond);
    }

    [Fact]
    public void Three_duplicate_acks_trigger_a_fast_retransmit_of_the_first_unacknowledged_segment()
    {
        var (net, connection, iss) = Established();
        Assert.Equal(5 * 1460, connection.Send(new byte[5 * 1460]));
        net.RunFor(Scheduler.Millisecond);
        Assert.Equal(5, net.Out.Count);
        net.Send("A", PeerIss + 1, iss + 1 + 1460);                  // the first arrived; the second was lost
        for (int i = 0; i < 3; i++)
        {
            net.Send("A", PeerIss + 1, iss + 1 + 1460);
        }
        var retransmit = net.Out.Last();
        Assert.Equal((iss + 1 + 1460, 1460), (retransmit.Seq, retransmit.DataLength));
        Assert.Equal(1, net.A.TcpCounters.FastRetransmits);
        Assert.True(retransmit.Time < Scheduler.Second);             // not the timer
    }

    [Theory]
    [InlineData("data")]
    [InlineData("window")]
    public void Acks_at_snd_una_that_carry_data_or_move_the_window_are_not_duplicates(string difference)
    {
        // RFC 5681 2: a duplicate ACK carries no data and leaves the advertised window unchanged. Three ACKs at SND.UNA
        // that each carry data, or each advertise another window, trigger no fast retransmit; three plain ones then do.
        var (net, connection, iss) = Established();
        Assert.Equal(5 * 1460, connection.Send(new byte[5 * 1460]));
        net.RunFor(Scheduler.Millisecond);
        uint una = iss + 1 + 1460;
        net.Send("A", PeerIss + 1, una);
        uint seq = PeerIss + 1;
        for (int i = 0; i < 3; i++)
        {
            if (difference == "data")
            {
                net.Send("PA", seq, una, dataLength: 10);
                seq += 10;
            }
            else
            {
                net.Send("A", seq, una, window: (ushort)(60000 - 1000 * i));
            }
        }
        Assert.Equal(0, net.A.TcpCounters.FastRetransmits);
        for (int i = 0; i < 3; i++)
        {
            net.Send("A", seq, una, window: difference == "data" ? (ushort)65535 : (ushort)58000);
        }
        Assert.Equal(1, net.A.TcpCounters.FastRetransmits);
        Assert.Equal((una, 1460), (net.Out.Last(o => o.DataLength > 0).Seq, net.Out.Last(o => o.DataLength > 0).DataLength));
    }

    [Fact]
    public void With_sack_an_ack_at_snd_una_that_sacks_new_data_is_a_duplicate_whatever_its_window()
    {
        // RFC 6675 2, DupAck: an ACK at SND.UNA whose SACK blocks cover data not SACKed before counts, even where its
        // window differs (RFC 5681 would not count it); one that repeats the blocks it sent before does not.
        var (net, listener, iss) = HalfOpen(mss: 1000, sack: true);
        net.Send("A", PeerIss + 1, iss + 1);
        Assert.True(listener.TryAccept(out var connection));
        Assert.Equal(6000, connection.Send(new byte[6000]));
        net.RunFor(Scheduler.Millisecond);
        uint b = iss + 1;
        net.Send("A", PeerIss + 1, b + 1000);
        net.Send("A", PeerIss + 1, b + 1000, window: 60000, blocks: [(b + 2000, b + 3000)]);
        net.Send("A", PeerIss + 1, b + 1000, window: 59000, blocks: [(b + 2000, b + 3000)]);   // nothing new: not counted
        net.Send("A", PeerIss + 1, b + 1000, window: 58000, blocks: [(b + 2000, b + 3000)]);
        Assert.Equal(0, net.A.TcpCounters.FastRetransmits);
        net.Send("A", PeerIss + 1, b + 1000, window: 57000, blocks: [(b + 2000, b + 4000)]);
        net.Send("A", PeerIss + 1, b + 1000, window: 56000, blocks: [(b + 2000, b + 5000)]);
        Assert.Equal(1, net.A.TcpCounters.FastRetransmits);
    }

    [Fact]
    public void A_zero_window_is_probed_with_one_byte_until_it_opens()
    {
        var (net, connection, iss) = Established(peerWindow: 0);
        Assert.Equal(100, connection.Send(new byte[100]));
        net.RunFor(500 * Scheduler.Millisecond);
        Assert.Empty(net.Out);
        net.RunFor(Scheduler.Second);
        var probe = Assert.Single(net.Out);
        Assert.Equal((iss + 1, 1), (probe.Seq, probe.DataLength));
        net.Send("A", PeerIss + 1, iss + 1, window: 1000);            // the window opens: the data goes
        Assert.Equal((iss + 1, 100), (net.Out[1].Seq, net.Out[1].DataLength));
        Assert.Equal(1, net.A.TcpCounters.WindowProbes);
    }

    [Fact]
    public void Nagle_holds_a_small_segment_while_data_is_unacknowledged_unless_no_delay()
    {
        var (net, connection, iss) = Established();
        connection.Send(new byte[10]);
        connection.Send(new byte[10]);
        net.RunFor(Scheduler.Millisecond);
        Assert.Single(net.Out);
        net.Send("A", PeerIss + 1, iss + 11);
        Assert.Equal((iss + 11, 10), (net.Out[1].Seq, net.Out[1].DataLength));
        connection.NoDelay = true;
        connection.Send(new byte[10]);
        net.RunFor(Scheduler.Millisecond);
        Assert.Equal(3, net.Out.Count);
    }

    [Fact]
    public void Keep_alive_probes_an_idle_peer_and_gives_up_after_the_last_unanswered_probe()
    {
        var (net, connection, iss) = Established();
        connection.KeepAliveIdle = 10 * Scheduler.Second;
        connection.KeepAliveInterval = Scheduler.Second;
        connection.KeepAliveProbes = 3;
        connection.KeepAlive = true;
        net.RunFor(10 * Scheduler.Second + Scheduler.Millisecond);
        var probe = Assert.Single(net.Out);
        Assert.Equal(("A", iss, PeerIss + 1, 0), (probe.Flags, probe.Seq, probe.Ack, probe.DataLength));   // SND.UNA - 1
        net.Send("A", PeerIss + 1, iss + 1);                            // the peer answers: idle again
        net.RunFor(9 * Scheduler.Second);
        Assert.Single(net.Out);
        net.RunFor(5 * Scheduler.Second);                               // then it falls silent: three probes a second apart
        Assert.Equal(4, net.Out.Count);
        net.RunFor(2 * Scheduler.Second);
        Assert.Equal((TcpState.Closed, TcpError.TimedOut), (connection.State, connection.Error));
        Assert.Equal(4, net.A.TcpCounters.KeepAliveProbes);
    }

    [Fact]
    public void Active_close_goes_through_fin_wait_and_time_wait()
    {
        var (net, connection, iss) = Established();
        connection.Close();
        net.RunFor(Scheduler.Millisecond);
        Assert.Equal(("FA", iss + 1), (net.Out[0].Flags, net.Out[0].Seq));
        Assert.Equal(TcpState.FinWait1, connection.State);
        net.Send("A", PeerIss + 1, iss + 2);
        Assert.Equal(TcpState.FinWait2, connection.State);
        net.Send("FA", PeerIss + 1, iss + 2);
        Assert.Equal(("A", iss + 2, PeerIss + 2), (net.Out[1].Flags, net.Out[1].Seq, net.Out[1].Ack));
        Assert.Equal(TcpState.TimeWait, connection.State);
        net.Send("FA", PeerIss + 1, iss + 2);                         // the FIN again: our ACK was lost; say it again
        Assert.Equal(("A", PeerIss + 2), (net.Out[2].Flags, net.Out[2].Ack));
        net.RunFor(59 * Scheduler.Second);
        Assert.Equal(TcpState.TimeWait, connection.State);
        net.RunFor(2 * Scheduler.Second);
        Assert.Equal((TcpState.Closed, TcpError.None), (connection.State, connection.Error));
        Assert.Equal(0, net.A.TcpConnections);
    }

    [Fact]
    public void Time_wait_acknowledges_a_retransmitted_fin_and_restarts_its_two_msl_timer()
    {
        // RFC 9293 3.10.7.4, TIME-WAIT: "The only thing that can arrive in this state is a retransmission of the remote
        // FIN. Acknowledge it, and restart the 2 MSL timeout." A FIN again 30 s in: TIME-WAIT lasts 60 s from it.
        var (net, connection, iss) = Established();
        connection.Close();
        net.RunFor(Scheduler.Millisecond);
        net.Send("A", PeerIss + 1, iss + 2);
        net.Send("FA", PeerIss + 1, iss + 2);
        Assert.Equal(TcpState.TimeWait, connection.State);
        net.RunFor(30 * Scheduler.Second);
        int before = net.Out.Count;
        net.Send("FA", PeerIss + 1, iss + 2);
        Assert.Equal(("A", iss + 2, PeerIss + 2), (net.Out[before].Flags, net.Out[before].Seq, net.Out[before].Ack));
        net.RunFor(45 * Scheduler.Second);                             // 75 s after the first FIN, 45 s after the second
        Assert.Equal(TcpState.TimeWait, connection.State);
        net.RunFor(16 * Scheduler.Second);
        Assert.Equal(TcpState.Closed, connection.State);
        // Anything else in TIME-WAIT earns nothing and closes nothing early; every segment sent was counted.
        Assert.Equal(before + 1, net.Out.Count);
        Assert.Equal(net.Out.Count + 1, net.A.TcpCounters.SegmentsSent);   // and the SYN,ACK, cleared from Out by Established
    }

    [Fact]
    public void A_syn_again_in_syn_received_is_answered_with_the_same_syn_ack()
    {
        // The peer's SYN again with the same ISN: our SYN,ACK was lost, so it goes out again as it was, and the handshake
        // still completes on the peer's ACK.
        var (net, listener, _) = HalfOpen();
        var first = Assert.Single(net.Out);
        net.RunFor(100 * Scheduler.Millisecond);
        int before = net.Out.Count;
        net.Send("S", PeerIss, 0, mss: 1460);
        var again = net.Since(before);
        Assert.Equal(("SA", first.Seq, PeerIss + 1), (again[0].Flags, again[0].Seq, again[0].Ack));
        Assert.Single(again);
        net.Send("A", PeerIss + 1, first.Seq + 1);
        Assert.True(listener.TryAccept(out var connection));
        Assert.Equal(TcpState.Established, connection.State);
    }

    [Fact]
    public void Syn_received_answers_an_unacceptable_ack_with_a_reset_at_that_ack_and_waits_for_a_good_one()
    {
        // RFC 9293 3.10.7.4, SYN-RECEIVED: "If the segment acknowledgment is not acceptable, form a reset segment
        // <SEQ=SEG.ACK><CTL=RST> and send it." The half-open connection stays; the right ACK then completes it. A segment
        // without ACK is dropped and counted.
        var (net, listener, iss) = HalfOpen();
        net.Send("A", PeerIss + 1, iss + 7);
        Assert.Equal(("R", iss + 7), (net.Out[1].Flags, net.Out[1].Seq));
        Assert.False(listener.TryAccept(out _));
        net.Send("P", PeerIss + 1, 0, dataLength: 5);
        Assert.Equal((2, 1L), (net.Out.Count, net.A.TcpCounters.Ignored));
        net.Send("A", PeerIss + 1, iss + 1);
        Assert.True(listener.TryAccept(out var connection));
        Assert.Equal(TcpState.Established, connection.State);
    }

    [Fact]
    public void Syn_sent_ignores_a_reset_without_an_acceptable_ack_and_a_segment_without_syn_counting_each()
    {
        // RFC 9293 3.10.7.3, SYN-SENT: a reset is acceptable only with an ACK of our SYN (otherwise drop it); a segment
        // with neither SYN nor RST is dropped.
        var net = new Net();
        var connection = net.A.ConnectTcp(Net.AddressB, 80);
        net.RunFor(Scheduler.Millisecond);
        var syn = net.Out.Single();
        net.Send("R", 0, 0, to: connection.LocalPort, from: 80);
        net.Send("P", 5000, 0, dataLength: 5, to: connection.LocalPort, from: 80);
        Assert.Equal((TcpState.SynSent, 2L), (connection.State, net.A.TcpCounters.Ignored));
        Assert.Single(net.Out);
        net.Send("SA", 5000, syn.Seq + 1, to: connection.LocalPort, from: 80);
        Assert.Equal(TcpState.Established, connection.State);
    }

    [Fact]
    public void A_reset_in_syn_received_returns_a_passive_open_to_listen()
    {
        // RFC 9293 3.10.7.4, SYN-RECEIVED: a reset on a connection that came from LISTEN returns it there: nothing to
        // accept, no error anyone sees, and the next SYN from that port opens a new connection.
        var (net, listener, iss) = HalfOpen();
        Assert.Equal(1, net.A.TcpConnections);
        net.Send("R", PeerIss + 1, 0);
        Assert.Equal(0, net.A.TcpConnections);
        Assert.False(listener.TryAccept(out _));
        int before = net.Out.Count;
        net.Send("S", PeerIss + 5000, 0, mss: 1460);
        var synAck = Assert.Single(net.Since(before));
        Assert.Equal(("SA", PeerIss + 5001), (synAck.Flags, synAck.Ack));
        net.Send("A", PeerIss + 5001, synAck.Seq + 1);
        Assert.True(listener.TryAccept(out var connection));
        Assert.Equal(TcpState.Established, connection.State);
        Assert.Equal(1, before);                                      // the reset itself was answered with nothing
        Assert.NotEqual(iss, synAck.Seq);
    }

    [Fact]
    public void Data_that_overlaps_what_was_received_is_kept_from_its_first_new_byte()
    {
        // RFC 9293 3.10.7.4: a segment that begins before RCV.NXT is trimmed to what is new. 100 bytes, then 150 from the
        // same start (the first 100 again): the application reads 150 bytes once, each the byte its sequence number says.
        var (net, connection, iss) = Established();
        net.Send("PA", PeerIss + 1, iss + 1, dataLength: 100);
        net.Send("PA", PeerIss + 1, iss + 1, dataLength: 150);
        net.RunFor(Scheduler.Second);
        Assert.Equal(PeerIss + 151, net.Out[^1].Ack);
        Assert.Equal(150, connection.Available);
        var read = new byte[400];
        Assert.Equal(150, connection.Receive(read));
        for (int i = 0; i < 150; i++)
        {
            Assert.Equal((byte)(PeerIss + 1 + i), read[i]);
        }
        Assert.Equal(150, net.A.TcpCounters.BytesReceived);
        // A segment all of whose bytes were received is acknowledged again and adds nothing.
        net.Send("PA", PeerIss + 1, iss + 1, dataLength: 50);
        net.RunFor(Scheduler.Second);
        Assert.Equal((PeerIss + 151, 0, 150L), (net.Out[^1].Ack, connection.Available, net.A.TcpCounters.BytesReceived));
    }

    [Fact]
    public void Passive_close_goes_through_close_wait_and_last_ack()
    {
        var (net, connection, iss) = Established();
        net.Send("FA", PeerIss + 1, iss + 1);
        Assert.Equal(("A", PeerIss + 2), (net.Out[0].Flags, net.Out[0].Ack));
        Assert.Equal(TcpState.CloseWait, connection.State);
        Assert.True(connection.EndOfStream);
        Assert.Equal(5, connection.Send(new byte[5]));                // this side may still send
        connection.Close();
        net.RunFor(Scheduler.Millisecond);
        Assert.Equal(("PA", iss + 1, 5), (net.Out[1].Flags, net.Out[1].Seq, net.Out[1].DataLength));
        Assert.Equal(("FA", iss + 6), (net.Out[2].Flags, net.Out[2].Seq));
        Assert.Equal(TcpState.LastAck, connection.State);
        net.Send("A", PeerIss + 2, iss + 7);
        Assert.Equal(TcpState.Closed, connection.State);
        Assert.Equal(0, net.A.TcpConnections);
    }

    [Fact]
    public void Simultaneous_close_goes_through_closing()
    {
        var (net, connection, iss) = Established();
        connection.Close();
        net.RunFor(Scheduler.Millisecond);
        net.Send("FA", PeerIss + 1, iss + 1);                         // the peer's FIN, not yet acknowledging ours
        Assert.Equal(TcpState.Closing, connection.State);
        Assert.Equal(PeerIss + 2, net.Out[^1].Ack);
        net.Send("A", PeerIss + 2, iss + 2);
        Assert.Equal(TcpState.TimeWait, connection.State);
    }

    [Fact]
    public void A_syn_flood_fills_the_half_open_queue_and_the_rest_are_dropped_and_counted()
    {
        var net = new Net();
        var listener = net.A.ListenTcp(ListenPort, backlog: 16, maxHalfOpen: 4);
        for (int i = 0; i < 10; i++)
        {
            net.Send("S", PeerIss + (uint)i, 0, from: (ushort)(30000 + i));
        }
        Assert.Equal(4, net.Out.Count(s => s.Flags == "SA"));
        Assert.Equal(4, listener.HalfOpen);
        Assert.Equal(6, net.A.TcpCounters.SynQueueDrops);
        Assert.Equal(0, net.A.UnaccountedFrames);
        // The half-open connections give up after their SYN,ACK retransmissions, and the queue empties.
        net.RunFor(200 * Scheduler.Second);
        Assert.Equal((0, 0), (listener.HalfOpen, net.A.TcpConnections));
    }

    [Fact]
    public void Random_segments_with_good_checksums_never_break_a_listener_or_an_open_connection()
    {
        // 20,000 segments of random flags, numbers, windows, MSS and lengths, checksummed, at a listener and at an open
        // connection's 4-tuple: nothing throws, every segment is accounted for, the queues stay bounded, and afterwards
        // a new connection still opens and carries data.
        var (net, connection, iss) = Established();
        var random = new Random(9293);
        string[] flagSets = ["S", "A", "R", "F", "SA", "RA", "FA", "PA", "SF", "SR", "SFRPA", ""];
        for (int i = 0; i < 20_000; i++)
        {
            uint seq = random.Next(4) == 0 ? PeerIss + 1 + (uint)random.Next(200_000) : (uint)random.NextInt64(uint.MaxValue);
            uint ack = random.Next(4) == 0 ? iss + (uint)random.Next(3) : (uint)random.NextInt64(uint.MaxValue);
            net.Send(flagSets[random.Next(flagSets.Length)], seq, ack, dataLength: random.Next(4) == 0 ? random.Next(1, 1400) : 0,
                window: (ushort)random.Next(65536), from: random.Next(2) == 0 ? PeerPort : (ushort)random.Next(1024, 65536),
                mss: (ushort)random.Next(3) switch { 0 => 0, 1 => 1, _ => (ushort)random.Next(65536) });
            Assert.True(net.A.TcpConnections <= 1 + 64 + 16, $"{net.A.TcpConnections} connections after {i} segments");
        }
        Assert.Equal(0, net.A.UnaccountedFrames);
        var c = net.A.TcpCounters;
        Assert.Equal(20_000 + 2, c.SegmentsReceived + c.NoSocket + c.BadChecksum + c.HeaderErrors);
        _ = connection.State;
        net.RunFor(300 * Scheduler.Second);                             // half-open connections time out
        var fresh = net.A.ConnectTcp(Net.AddressB, 9);
        net.RunFor(Scheduler.Millisecond);
        var syn = net.Out.Last();
        Assert.Equal("S", syn.Flags);
        net.Send("SA", 5, syn.Seq + 1, to: fresh.LocalPort, from: 9);
        Assert.Equal(TcpState.Established, fresh.State);
    }
}
