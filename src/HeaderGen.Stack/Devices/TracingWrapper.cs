using System;
using HeaderGen.Stack.Tracing;
using HeaderGen.Layers;

namespace HeaderGen.Stack.Devices;

/// <summary>
/// Emits a trace event for every frame a NIC sends or receives, with the frame decoded by the generated decoder
/// (smoltcp's <c>Tracer</c>): the frames of a TAP device, or of any NIC whose wire does not trace.
/// </summary>
public sealed class TracingWrapper(ITraceSink trace) : NicWrapper
{
    /// <inheritdoc/>
    protected internal override long Transmit(ReadOnlySpan<byte> frame)
    {
        Note(TraceKind.Transmitted, "out", frame);
        return SendOut(frame);
    }

    /// <inheritdoc/>
    protected internal override void Receive(ReadOnlySpan<byte> frame)
    {
        Note(TraceKind.WireDelivered, "in", frame);
        PassIn(frame);
    }

    private void Note(TraceKind kind, string direction, ReadOnlySpan<byte> frame)
    {
        if (trace.Enabled)
        {
            var layers = Nic.Options.FcsOnWire && frame.Length >= 4 ? frame[..^4] : frame;
            trace.Emit(new TraceEvent(Scheduler.Now, Nic.Owner, TraceLayer.Wire, kind,
                $"{Nic.Name} {direction} {frame.Length} bytes: {LayerDecoder.Describe(layers).ReplaceLineEndings(" | ").TrimEnd(' ', '|')}"));
        }
    }
}
