using System;
using System.Collections.Generic;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Wire;

/// <summary>
/// Frames travelling on a medium: copied into reused buffers, delayed by serialization and latency, then delivered
/// to a NIC. The one delivery mechanism of links and switches (faults are a <see cref="FaultInjector"/> on a NIC).
/// </summary>
internal sealed class InFlightFrames : ISimulationEvent
{
    private readonly Scheduler _scheduler;
    private readonly ITraceSink _trace;
    private readonly string _name;
    private readonly List<(byte[] Data, int Length, Nic? To)> _slots = new();
    private readonly Stack<int> _free = new();

    public InFlightFrames(Scheduler scheduler, ITraceSink trace, string name)
    {
        _scheduler = scheduler;
        _trace = trace;
        _name = name;
    }

    /// <summary>Sends a copy of <paramref name="frame"/> to <paramref name="to"/>, arriving <paramref name="delay"/> ns from now.</summary>
    public void Deliver(ReadOnlySpan<byte> frame, Nic to, long delay, LinkOptions options)
    {
        int slot = _free.Count > 0 ? _free.Pop() : Add();
        var data = _slots[slot].Data;
        if (data.Length < frame.Length)
        {
            data = new byte[frame.Length];   // a jumbo frame: the slot grows once
        }
        frame.CopyTo(data);
        _slots[slot] = (data, frame.Length, to);
        _scheduler.After(delay, this, slot);
    }

    public void Fire(long now, long argument)
    {
        int slot = (int)argument;
        var (data, length, to) = _slots[slot];
        _slots[slot] = (data, 0, null);
        _free.Push(slot);
        if (_trace.Enabled)
        {
            _trace.Emit(new TraceEvent(now, _name, TraceLayer.Wire, TraceKind.WireDelivered, $"{length} bytes to {to!.Owner}.{to.Name}"));
        }
        to!.ReceiveFromWire(data.AsSpan(0, length));
    }

    private int Add()
    {
        _slots.Add((new byte[PacketBuffer.Size], 0, null));
        return _slots.Count - 1;
    }

    public static long SerializationTime(int bytes, LinkOptions options) => bytes * 8L * 1_000_000_000L / options.BitsPerSecond;
}
