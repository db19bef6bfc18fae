namespace HeaderGen.Stack.Wire;

/// <summary>A medium's properties: delay and rate. Loss, corruption, duplication and reordering are a <see cref="Devices.FaultInjector"/> on a NIC.</summary>
public sealed record LinkOptions
{
    /// <summary>Propagation delay in nanoseconds.</summary>
    public long Latency { get; init; } = 5_000;

    /// <summary>Bits per second (serialization delay = frame bits / bandwidth).</summary>
    public long BitsPerSecond { get; init; } = 1_000_000_000;


}
