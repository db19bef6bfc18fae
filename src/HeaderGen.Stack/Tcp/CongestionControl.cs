using System;
using HeaderGen.Stack.Simulation;

namespace HeaderGen.Stack.Tcp;

/// <summary>Which congestion controller new connections use (Linux's <c>net.ipv4.tcp_congestion_control</c>).</summary>
public enum TcpCongestionControl
{
    /// <summary>CUBIC (RFC 9438), Linux's default.</summary>
    Cubic,

    /// <summary>NewReno (RFC 5681 congestion avoidance, RFC 6582 recovery).</summary>
    NewReno,
}

/// <summary>
/// The part of congestion control that differs between algorithms: how the window grows in congestion avoidance and
/// where the slow-start threshold goes after a loss. Slow start, the loss window after a timeout and the recovery
/// mechanics (NewReno's partial ACKs, SACK's pipe) stay in the connection, the same for every controller.
/// </summary>
internal abstract class CongestionController
{
    public static CongestionController Create(TcpCongestionControl kind) => kind switch
    {
        TcpCongestionControl.NewReno => new NewRenoController(),
        _ => new CubicController(),
    };

    /// <summary>The window after <paramref name="acked"/> more bytes were acknowledged in congestion avoidance.</summary>
    public abstract uint OnCongestionAvoidance(uint cwnd, uint acked, int mss, long now, long srtt);

    /// <summary>The slow-start threshold after a loss (fast retransmit or timeout) with <paramref name="cwnd"/> and <paramref name="flight"/> as they were.</summary>
    public abstract uint OnLoss(uint cwnd, uint flight, int mss, long now);
}

/// <summary>RFC 5681: one segment per window per round trip; half the flight after a loss.</summary>
internal sealed class NewRenoController : CongestionController
{
    public override uint OnCongestionAvoidance(uint cwnd, uint acked, int mss, long now, long srtt) =>
        cwnd + Math.Max(1u, (uint)((ulong)mss * (uint)mss / cwnd));

    public override uint OnLoss(uint cwnd, uint flight, int mss, long now) => Math.Max(flight / 2, 2u * (uint)mss);
}

/// <summary>
/// CUBIC (RFC 9438): after a loss the window grows as C (t - K)^3 + W_max, a cubic in the time since the loss that is
/// flat near the window where the loss happened (W_max) and probes fast beyond it, with a Reno-friendly floor
/// (W_est) and fast convergence; beta 0.7, C 0.4.
/// </summary>
internal sealed class CubicController : CongestionController
{
    private const double C = 0.4, Beta = 0.7;
    private static readonly double AlphaCubic = 3 * (1 - Beta) / (1 + Beta);   // RFC 9438 4.3

    private double _wMax;          // segments
    private double _wLastMax;
    private double _wEst;          // segments
    private double _k;             // seconds
    private long _epochStart = -1;

    public override uint OnCongestionAvoidance(uint cwnd, uint acked, int mss, long now, long srtt)
    {
        double window = (double)cwnd / mss;
        if (_epochStart < 0)
        {
            // The first congestion-avoidance ACK of an epoch (RFC 9438 4.2): start the cubic from here.
            _epochStart = now;
            if (_wMax < window)
            {
                _wMax = window;
                _k = 0;
            }
            else
            {
                _k = Math.Cbrt((_wMax - window) / C);
            }
            _wEst = window;
        }
        double t = (double)(now - _epochStart + Math.Max(srtt, 0)) / Scheduler.Second;   // W_cubic(t + RTT), RFC 9438 4.4
        double target = C * Math.Pow(t - _k, 3) + _wMax;
        target = Math.Clamp(target, window, 1.5 * window);
        _wEst += AlphaCubic * acked / mss / window;                                    // RFC 9438 4.3, per acknowledged segment
        double next = _wEst > target
            ? _wEst                                                                      // the Reno-friendly region
            : window + (target - window) / window * ((double)acked / mss);               // RFC 9438 4.4: (target - cwnd) / cwnd per segment
        return Math.Max(cwnd + 1, (uint)Math.Min(next * mss, uint.MaxValue / 2));
    }

    public override uint OnLoss(uint cwnd, uint flight, int mss, long now)
    {
        double window = (double)cwnd / mss;
        // Fast convergence (RFC 9438 4.7): a flow whose window is shrinking lets go of more.
        _wMax = window < _wLastMax ? window * (1 + Beta) / 2 : window;
        _wLastMax = window;
        _epochStart = -1;
        return Math.Max((uint)(cwnd * Beta), 2u * (uint)mss);
    }
}
