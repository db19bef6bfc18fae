using System;

namespace HeaderGen.Stack.Devices;

/// <summary>What the driver hands received frames to: the host stack's link layer.</summary>
public interface IFrameHandler
{
    /// <summary>Processes one received frame (without FCS) in place in its ring buffer; it is given back to the device afterwards.</summary>
    void HandleFrame(Nic nic, Span<byte> frame);

    /// <summary>
    /// A frame the driver will hand up a few descriptors from now: the handler may start the memory loads it will
    /// need (a forwarding table's entry), so that they are in the cache when <see cref="HandleFrame"/> comes.
    /// </summary>
    void Prefetch(Nic nic, ReadOnlySpan<byte> frame)
    {
    }

    /// <summary>
    /// The second stage of the hint, two descriptors before the frame is handed up: the loads that depend on what
    /// <see cref="Prefetch"/> loaded (a forwarding table's second-level entry, found through its first-level one).
    /// </summary>
    void PrefetchDependent(Nic nic, ReadOnlySpan<byte> frame)
    {
    }
}
