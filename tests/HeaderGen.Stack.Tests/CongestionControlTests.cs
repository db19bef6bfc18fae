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
