using System;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Wire;

/// <summary>A cable between two NICs, full duplex, with latency and bandwidth.</summary>
public sealed class PointToPointLink : IWire
{
    private readonly InFlightFrames _frames;
    private readonly Scheduler _scheduler;
    private Nic? _a, _b;

    /// <summary>Creates a link; <see cref="Connect"/> plugs in its two NICs.</summary>
    public PointToPointLink(string name, Scheduler scheduler, ITraceSink? trace = null, LinkOptions? options = null)
    {
        Name = name;
        Options = options ?? new LinkOptions();
        _scheduler = scheduler;
        _frames = new InFlightFrames(scheduler, trace ?? NoTrace.Instance, name);
    }

    /// <summary>The link's name in traces.</summary>
    public string Name { get; }

    /// <summary>Latency and bandwidth.</summary>
    public LinkOptions Options { get; }



    /// <summary>Sees every frame sent on the link, both ways, in order (a capture: the pcap writer taps here).</summary>
    public Capture.IFrameTap? Tap { get; set; }

    /// <summary>Plugs <paramref name="a"/> and <paramref name="b"/> into the two ends.</summary>
    public void Connect(Nic a, Nic b)
    {
        _a = a;
        _b = b;
        a.Attach(this);
        b.Attach(this);
    }

    /// <inheritdoc/>
    public long Send(Nic from, ReadOnlySpan<byte> frame)
    {
        var to = ReferenceEquals(from, _a) ? _b : _a;
        long serialization = InFlightFrames.SerializationTime(frame.Length, Options);
        Tap?.Capture(_scheduler.Now, frame);
        if (to is not null)
        {
            _frames.Deliver(frame, to, serialization + Options.Latency, Options);
        }
        return serialization;
    }
}
