namespace HeaderGen.Stack.Devices;

/// <summary>How a NIC and its driver are set up.</summary>
public sealed record NicOptions
{
    /// <summary>RX ring slots (a power of two).</summary>
    public int RxRingSize { get; init; } = 256;

    /// <summary>TX ring slots (a power of two).</summary>
    public int TxRingSize { get; init; } = 256;

    /// <summary>Frames the deferred work processes per poll before yielding (NAPI's budget).</summary>
    public int PollBudget { get; init; } = 64;

    /// <summary>Interrupt moderation: at most one interrupt per this many frames...</summary>
    public int FramesPerInterrupt { get; init; } = 1;

    /// <summary>...or, when fewer arrived, one after this many nanoseconds (0: only by count).</summary>
    public long ModerationInterval { get; init; }

    /// <summary>Delay from the top half to the deferred work running, in nanoseconds.</summary>
    public long DeferredWorkDelay { get; init; } = 1_000;

    /// <summary>
    /// The largest IPv4 packet the NIC carries (the interface MTU): 1500 on Ethernet (RFC 894), up to
    /// <see cref="MaxMtu"/> for jumbo frames (9000 is usual). The NIC takes frames of at most <see cref="Mtu"/> + 14
    /// bytes (+ 4 of FCS) from the wire and counts longer ones as length errors; its ring buffers are sized to fit.
    /// </summary>
    public int Mtu { get; init; } = EthernetMtu;

    /// <summary>Ethernet's MTU (RFC 894).</summary>
    public const int EthernetMtu = 1500;

    /// <summary>The largest MTU a NIC takes: 9,216 bytes, the jumbo frame most switches carry.</summary>
    public const int MaxMtu = 9216;

    /// <summary>Whether the wire carries the FCS, so the MAC engine appends it on transmit and checks and strips it on receive (false for a TAP device).</summary>
    public bool FcsOnWire { get; init; } = true;
}
