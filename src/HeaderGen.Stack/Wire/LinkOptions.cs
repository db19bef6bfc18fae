namespace HeaderGen.Stack.Wire;

/// <summary>A medium's properties; loss and corruption draw from the scheduler's seeded randomness.</summary>
public sealed record LinkOptions
{
    /// <summary>Propagation delay in nanoseconds.</summary>
    public long Latency { get; init; } = 5_000;

    /// <summary>Bits per second (serialization delay = frame bits / bandwidth).</summary>
    public long BitsPerSecond { get; init; } = 1_000_000_000;

    /// <summary>Probability that a frame is lost.</summary>
    public double LossProbability { get; init; }

    /// <summary>Probability that one bit of a frame is flipped.</summary>
    public double CorruptionProbability { get; init; }
}
