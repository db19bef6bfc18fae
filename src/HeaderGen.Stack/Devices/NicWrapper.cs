using System;
using HeaderGen.Stack.Simulation;

namespace HeaderGen.Stack.Devices;

/// <summary>
/// Something placed between a NIC and its medium, in the manner of smoltcp's device wrappers (<c>FaultInjector</c>,
/// <c>PcapWriter</c>, <c>Tracer</c>): it sees every frame the NIC puts on the wire and every frame the wire brings,
/// and passes each on (or not, or later, or twice). Because it sits at the NIC, it works the same on a
/// point-to-point link, a switch port or a TAP device. <see cref="Nic.Wrap"/> adds one; several stack, the last
/// added nearest the wire. Frames are as the wire carries them (with the FCS when <see cref="NicOptions.FcsOnWire"/>).
/// </summary>
public abstract class NicWrapper
{
    private Nic? _nic;

    /// <summary>The NIC wrapped.</summary>
    public Nic Nic => _nic ?? throw new InvalidOperationException("The wrapper is not on a NIC yet (Nic.Wrap).");

    /// <summary>The simulation's clock and randomness.</summary>
    protected Scheduler Scheduler => Nic.Scheduler;

    internal NicWrapper? Outer { get; set; }

    internal NicWrapper? Inner { get; set; }

    internal void Attach(Nic nic) => _nic = nic;

    /// <summary>A frame the NIC sends; <see cref="SendOut"/> passes it toward the wire. Returns the medium's serialization time (0 when none is sent).</summary>
    protected internal virtual long Transmit(ReadOnlySpan<byte> frame) => SendOut(frame);

    /// <summary>A frame from the wire; <see cref="PassIn"/> passes it toward the NIC.</summary>
    protected internal virtual void Receive(ReadOnlySpan<byte> frame) => PassIn(frame);

    /// <summary>Passes a frame on toward the wire.</summary>
    protected long SendOut(ReadOnlySpan<byte> frame) => Outer is { } outer ? outer.Transmit(frame) : Nic.SendToWire(frame);

    /// <summary>Passes a frame on toward the NIC's MAC engine.</summary>
    protected void PassIn(ReadOnlySpan<byte> frame)
    {
        if (Inner is { } inner)
        {
            inner.Receive(frame);
        }
        else
        {
            Nic.ReceiveFromDevice(frame);
        }
    }
}
