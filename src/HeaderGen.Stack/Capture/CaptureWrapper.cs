using System;
using HeaderGen.Stack.Devices;

namespace HeaderGen.Stack.Capture;

/// <summary>
/// Captures every frame a NIC sends and receives (a tcpdump on the interface) into an <see cref="IFrameTap"/> such
/// as a <see cref="PcapWriter"/>, stamped with the simulation's time. It works on any NIC, on a link, a switch port
/// or a TAP device (whose frames have no FCS: write them with <c>new PcapWriter(stream, framesHaveFcs: false)</c>).
/// </summary>
public sealed class CaptureWrapper(IFrameTap tap) : NicWrapper
{
    /// <summary>Frames captured.</summary>
    public long Captured { get; private set; }

    /// <inheritdoc/>
    protected internal override long Transmit(ReadOnlySpan<byte> frame)
    {
        Captured++;
        tap.Capture(Scheduler.Now, frame);
        return SendOut(frame);
    }

    /// <inheritdoc/>
    protected internal override void Receive(ReadOnlySpan<byte> frame)
    {
        Captured++;
        tap.Capture(Scheduler.Now, frame);
        PassIn(frame);
    }
}
