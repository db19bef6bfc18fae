using System;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tcp;
using HeaderGen.Stack.Tracing;
using Xunit;

namespace HeaderGen.Stack.Tests;

/// <summary>The congestion controllers against their RFCs' formulas, and each carrying a transfer through loss.</summary>
public class CongestionControlTests
{
    private const int Mss = 1000;

    [Fact]
    public void Cubic_drops_to_beta_and_climbs_back_to_the_loss_window_at_k_then_probes_beyond()
    {
        // RFC 9438: after a loss at W_max = 100 segments, ssthresh = 0.7 W_max; the window then follows
        // W(t) = C (t - K)^3 + W_max with K = cbrt(W_max (1 - beta) / C) = cbrt(75) = 4.217 s, given ACKs every RTT.
        var cubic = new CubicController();
        uint ssthresh = cubic.OnLoss(100 * Mss, 100 * Mss, Mss, now: 0);
        Assert.Equal(70u * Mss, ssthresh);
        uint cwnd = ssthresh;
        long rtt = 100 * Scheduler.Millisecond;
        double k = Math.Cbrt(100 * 0.3 / 0.4);
        var windowAt = new System.Collections.Generic.Dictionary<int, double>();
        for (long now = rtt; now <= 8 * Scheduler.Second; now += rtt)
        {
            // One window of ACKs per round trip, a segment at a time.
            uint segments = cwnd / Mss;
            for (uint i = 0; i < segments; i++)
            {
                cwnd = cubic.OnCongestionAvoidance(cwnd, Mss, Mss, now, rtt);
            }
            windowAt[(int)(now / rtt)] = (double)cwnd / Mss;
        }
        // At t = K (42 round trips) the window is back near W_max, flat there; well after, it probes beyond.
        Assert.InRange(windowAt[(int)Math.Round(k * 10)], 95, 106);
        Assert.InRange(windowAt[30] - windowAt[20], 0, 8);                 // the concave approach flattens
        Assert.True(windowAt[80] > 115, $"{windowAt[80]} segments 8 s after the loss");
        Assert.True(windowAt[80] - windowAt[70] > windowAt[50] - windowAt[40], "convex beyond W_max: it accelerates");
    }

    // RFC 9438's constants and formulas, written here from the RFC's text: W_cubic(t) = C (t - K)^3 + W_max (eq. 1),
    // K = cbrt((W_max - cwnd_epoch) / C) (eq. 2), the target W_cubic(t + RTT) clamped to [cwnd, 1.5 cwnd] (4.4),
    // W_est += alpha_cubic * segments acked / cwnd with alpha_cubic = 3 (1 - beta) / (1 + beta) (eq. 4, 4.3), and in the
    // concave and convex regions cwnd += (target - cwnd) / cwnd per segment acknowledged.
    private const double C = 0.4, Beta = 0.7, AlphaCubic = 3 * (1 - Beta) / (1 + Beta);

    private static uint RfcCubicAck(uint cwnd, double wMax, double k, ref double wEst, double tSeconds, uint acked)
    {
        double window = (double)cwnd / Mss;
        double target = Math.Clamp(C * Math.Pow(tSeconds - k, 3) + wMax, window, 1.5 * window);
        wEst += AlphaCubic * ((double)acked / Mss) / window;
        double next = wEst > target ? wEst : window + (target - window) / window * ((double)acked / Mss);
        // The window grows by at least a byte on every ACK in congestion avoidance (the controller's floor).
        return Math.Max(cwnd + 1, (uint)(next * Mss));
    }

    [Fact]
    public void Cubic_follows_rfc_9438_ack_by_ack_after_a_loss()
    {
        // A loss at W_max = 100 segments; then ACKs at t = 0 (the epoch starts), 2 s (concave, below W_max) and 6 s
        // (convex, past K = cbrt(75) = 4.217 s), with an RTT of 100 ms, each for one segment.
        var cubic = new CubicController();
        Assert.Equal(70u * Mss, cubic.OnLoss(100 * Mss, 100 * Mss, Mss, now: 0));
        long rtt = 100 * Scheduler.Millisecond;
        double k = Math.Cbrt((100 - 70) / C), wEst = 70;
        uint expected = 70 * Mss, cwnd = 70 * Mss;
        // The epoch starts with the first ACK, 1 s after the loss: t counts from there.
        foreach (long at in new[] { Scheduler.Second, 3 * Scheduler.Second, 7 * Scheduler.Second })
        {
            expected = RfcCubicAck(expected, 100, k, ref wEst, (double)(at - Scheduler.Second + rtt) / Scheduler.Second, Mss);
            cwnd = cubic.OnCongestionAvoidance(cwnd, Mss, Mss, at, rtt);
            Assert.Equal(expected, cwnd);
        }
        Assert.InRange(cwnd, 70u * Mss + 1, 71u * Mss);   // one segment's worth of ACKs moves it by less than a segment
    }

    [Fact]
    public void Cubic_without_a_loss_starts_its_cubic_at_the_window_it_has()
    {
        // No loss yet (W_max 0, below the window): W_max becomes the window and K is 0, so the target is C t^3 above it.
        var cubic = new CubicController();
        double wEst = 40;
        uint expected = 40 * Mss, cwnd = 40 * Mss, before = cwnd;
        foreach (long at in new[] { 0L, 3 * Scheduler.Second })
        {
            before = cwnd;
            expected = RfcCubicAck(expected, 40, 0, ref wEst, (double)(at + 50 * Scheduler.Millisecond) / Scheduler.Second, 10 * Mss);
            cwnd = cubic.OnCongestionAvoidance(cwnd, 10 * Mss, Mss, at, 50 * Scheduler.Millisecond);
            Assert.Equal(expected, cwnd);
        }
        // Three seconds in the target is C t^3 = 11 segments above: ten segments acknowledged move the window by a
        // quarter of that gap, more than two segments, where Reno's one segment a window would move it by a quarter of one.
        Assert.True(cwnd - before > 2 * Mss, $"{cwnd - before} bytes for ten segments acknowledged");
    }

    [Fact]
    public void Cubic_grows_as_reno_would_where_that_is_faster()
    {
        // Just after an epoch starts with no loss, the cubic target is barely above the window, and W_est's Reno-friendly
        // growth (alpha_cubic per window) is the larger: the window takes W_est (RFC 9438 4.3).
        var cubic = new CubicController();
        double wEst = 10;
        uint expected = RfcCubicAck(10 * Mss, 10, 0, ref wEst, 0.01, Mss);
        Assert.Equal(expected, cubic.OnCongestionAvoidance(10 * Mss, Mss, Mss, 0, 10 * Scheduler.Millisecond));
        Assert.Equal((uint)((10 + AlphaCubic / 10) * Mss), expected);
    }

    [Fact]
    public void Cubic_takes_at_least_a_byte_per_ack_and_never_falls_below_two_segments_after_a_loss()
    {
        // With a small MSS and a large window, one ACK's growth rounds to nothing: the floor adds a byte.
        var cubic = new CubicController();
        Assert.Equal(70_001u, cubic.OnCongestionAvoidance(70_000, 100, 100, 0, 0));
        // A loss at two segments leaves two (RFC 9438 4.6's floor, as RFC 5681's), not 0.7 of them.
        Assert.Equal(2u * Mss, new CubicController().OnLoss(2 * Mss, 2 * Mss, Mss, 0));
        Assert.Equal(7u * Mss, new CubicController().OnLoss(10 * Mss, 10 * Mss, Mss, 0));
    }

    [Fact]
    public void Cubic_lets_go_of_more_when_a_second_loss_comes_at_a_smaller_window()
    {
        // Fast convergence (RFC 9438 4.7): a loss at 80 segments after one at 100 sets W_max to 80 (1 + beta) / 2 = 68,
        // not 80; the next epoch's K is then cbrt((68 - 56) / C).
        var cubic = new CubicController();
        cubic.OnLoss(100 * Mss, 100 * Mss, Mss, 0);
        Assert.Equal(56u * Mss, cubic.OnLoss(80 * Mss, 80 * Mss, Mss, 0));
        double wMax = 80 * (1 + Beta) / 2, k = Math.Cbrt((wMax - 56) / C), wEst = 56;
        uint expected = 56 * Mss, cwnd = 56 * Mss;
        foreach (long at in new[] { 0L, 2 * Scheduler.Second, 5 * Scheduler.Second })
        {
            expected = RfcCubicAck(expected, wMax, k, ref wEst, (double)(at + 100 * Scheduler.Millisecond) / Scheduler.Second, 4 * Mss);
            cwnd = cubic.OnCongestionAvoidance(cwnd, 4 * Mss, Mss, at, 100 * Scheduler.Millisecond);
            Assert.Equal(expected, cwnd);
        }
        // A loss at the window of the last one is not a shrinking window (RFC 9438 4.7: cwnd < W_lastmax): W_max stays.
        var same = new CubicController();
        same.OnLoss(100 * Mss, 100 * Mss, Mss, 0);
        same.OnLoss(100 * Mss, 100 * Mss, Mss, 0);
        double wEstSame = 70;
        Assert.Equal(RfcCubicAck(70 * Mss, 100, Math.Cbrt((100 - 70) / C), ref wEstSame, 0.1, Mss),
            same.OnCongestionAvoidance(70 * Mss, Mss, Mss, 0, 100 * Scheduler.Millisecond));
        // A third loss at a larger window than the last keeps W_max at that window: K for W_max = 90 from 63.
        Assert.Equal((uint)(90 * Mss * Beta), cubic.OnLoss(90 * Mss, 90 * Mss, Mss, 0));
        double wEst3 = 63;
        Assert.Equal(RfcCubicAck(63 * Mss, 90, Math.Cbrt((90 - 63) / C), ref wEst3, 1.1, Mss),
            cubic.OnCongestionAvoidance(63 * Mss, Mss, Mss, 0, Scheduler.Second + 100 * Scheduler.Millisecond));
    }

    [Fact]
    public void NewReno_halves_the_flight_and_adds_one_segment_per_window()
    {
        var reno = new NewRenoController();
        Assert.Equal(50u * Mss, reno.OnLoss(120 * Mss, 100 * Mss, Mss, now: 0));
        Assert.Equal(2u * Mss, reno.OnLoss(3 * Mss, 3 * Mss, Mss, now: 0));
        uint cwnd = 50 * Mss;
        for (int i = 0; i < 50; i++)
        {
            cwnd = reno.OnCongestionAvoidance(cwnd, Mss, Mss, 0, 0);
        }
        Assert.InRange(cwnd, 50u * Mss + 900, 51u * Mss);                   // about one segment after a window of ACKs (eqn 3 rounds down)
    }

    [Theory]
    [InlineData(TcpCongestionControl.Cubic)]
    [InlineData(TcpCongestionControl.NewReno)]
    public void Each_controller_carries_four_megabytes_through_two_percent_loss(TcpCongestionControl controller)
    {
        var net = new TwoHosts(21, trace: NoTrace.Instance);
        net.AddArpEntries();
        net.NicA.Wrap(new FaultInjector(outbound: new FaultOptions { Loss = 0.02 }));
        net.A.TcpCongestionControl = controller;
        var listener = net.B.ListenTcp(7);
        var sender = net.A.ConnectTcp(TwoHosts.AddressB, 7);
        Assert.Equal(controller, sender.CongestionControl);
        var data = new byte[4 << 20];
        new Random(4).NextBytes(data);
        var received = new byte[data.Length];
        int written = 0, read = 0;
        TcpConnection? receiver = null;
        while (read < data.Length && net.Scheduler.RunOne())
        {
            if (receiver is null && listener.TryAccept(out var accepted))
            {
                receiver = accepted;
            }
            if (sender.IsConnected && written < data.Length)
            {
                written += sender.Send(data.AsSpan(written));
            }
            if (receiver is not null)
            {
                read += receiver.Receive(received.AsSpan(read));
            }
        }
        Assert.Equal(data, received);
        Assert.True(net.A.TcpCounters.FastRetransmits > 10);
    }
}
