using System;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Devices;

/// <summary>What a <see cref="FaultInjector"/> does to the frames of one direction; probabilities per frame.</summary>
public sealed record FaultOptions
{
    /// <summary>The frame is lost.</summary>
    public double Loss { get; init; }

    /// <summary>One bit of the frame is flipped (the FCS, or without one the checksums, must catch it).</summary>
    public double Corruption { get; init; }

    /// <summary>The frame is passed on twice.</summary>
    public double Duplication { get; init; }

    /// <summary>The frame is held back and passed on after the next one (or after <see cref="HoldTime"/> if none comes).</summary>
    public double Reordering { get; init; }

    /// <summary>How long a held-back frame waits for the next one, in nanoseconds.</summary>
    public long HoldTime { get; init; } = Scheduler.Millisecond;

    /// <summary>No faults.</summary>
    public static FaultOptions None { get; } = new();
}

/// <summary>
/// Loses, corrupts, duplicates and reorders frames at a NIC, in either direction, drawing from the simulation's
/// seeded randomness (the same seed, the same faults); every fault is counted. On a point-to-point link, a switch
/// port or a TAP device alike: the Linux kernel peer sees the faults of the frames HeaderGen sends it, and HeaderGen
/// those of the frames the kernel sends.
/// </summary>
public sealed class FaultInjector : NicWrapper
{
    private readonly Direction _outbound;
    private readonly Direction _inbound;

    /// <summary>Creates an injector with <paramref name="outbound"/> faults on frames the NIC sends and <paramref name="inbound"/> on frames it receives.</summary>
    public FaultInjector(FaultOptions? outbound = null, FaultOptions? inbound = null, ITraceSink? trace = null)
    {
        _outbound = new Direction(this, outbound ?? FaultOptions.None, transmit: true, trace ?? NoTrace.Instance);
        _inbound = new Direction(this, inbound ?? FaultOptions.None, transmit: false, trace ?? NoTrace.Instance);
    }

    /// <summary>Faults on frames the NIC sent.</summary>
    public FaultCounters Outbound => _outbound.Counters;

    /// <summary>Faults on frames the NIC received.</summary>
    public FaultCounters Inbound => _inbound.Counters;

    /// <inheritdoc/>
    protected internal override long Transmit(ReadOnlySpan<byte> frame) => _outbound.Pass(frame);

    /// <inheritdoc/>
    protected internal override void Receive(ReadOnlySpan<byte> frame) => _inbound.Pass(frame);

    private long Forward(ReadOnlySpan<byte> frame, bool transmit)
    {
        if (transmit)
        {
            return SendOut(frame);
        }
        PassIn(frame);
        return 0;
    }

    /// <summary>One direction's faults and its held-back frame.</summary>
    private sealed class Direction(FaultInjector owner, FaultOptions options, bool transmit, ITraceSink trace) : SimulationTimer
    {
        private byte[] _held = new byte[PacketBuffer.Size];
        private byte[] _scratch = new byte[PacketBuffer.Size];
        private int _heldLength = -1;

        public FaultCounters Counters { get; } = new();

        public long Pass(ReadOnlySpan<byte> frame)
        {
            var random = owner.Scheduler.Random;
            Counters.Frames++;
            if (options.Loss > 0 && random.NextDouble() < options.Loss)
            {
                Counters.Lost++;
                Note("lost", frame.Length);
                return 0;
            }
            if (options.Corruption > 0 && random.NextDouble() < options.Corruption && frame.Length > 0)
            {
                Fit(ref _scratch, frame.Length);
                frame.CopyTo(_scratch);
                int bit = random.Next(frame.Length * 8);
                _scratch[bit / 8] ^= (byte)(1 << (bit % 8));
                frame = _scratch.AsSpan(0, frame.Length);
                Counters.Corrupted++;
                Note($"bit {bit} flipped in", frame.Length);
            }
            if (options.Reordering > 0 && _heldLength < 0 && random.NextDouble() < options.Reordering)
            {
                Fit(ref _held, frame.Length);
                frame.CopyTo(_held);
                _heldLength = frame.Length;
                Counters.Reordered++;
                Note("held back", frame.Length);
                owner.Scheduler.Start(this, options.HoldTime);
                return 0;
            }
            long time = owner.Forward(frame, transmit);
            if (options.Duplication > 0 && random.NextDouble() < options.Duplication)
            {
                Counters.Duplicated++;
                Note("duplicated", frame.Length);
                time += owner.Forward(frame, transmit);
            }
            if (_heldLength >= 0)
            {
                time += ReleaseHeld();
            }
            return time;
        }

        protected override void OnFire(long now) => ReleaseHeld();

        // Jumbo frames: the buffer grows once to the largest frame seen.
        private static void Fit(ref byte[] buffer, int length)
        {
            if (buffer.Length < length)
            {
                buffer = new byte[length];
            }
        }

        private long ReleaseHeld()
        {
            owner.Scheduler.Stop(this);
            int length = _heldLength;
            _heldLength = -1;
            return length < 0 ? 0 : owner.Forward(_held.AsSpan(0, length), transmit);
        }

        private void Note(string what, int length)
        {
            if (trace.Enabled)
            {
                trace.Emit(new TraceEvent(owner.Scheduler.Now, owner.Nic.Owner, TraceLayer.Wire, what == "lost" ? TraceKind.WireLost : TraceKind.WireCorrupted,
                    $"{owner.Nic.Name}: {(transmit ? "outbound" : "inbound")} frame of {length} bytes {what} by the fault injector"));
            }
        }
    }
}

/// <summary>What a <see cref="FaultInjector"/> did to one direction's frames.</summary>
public sealed class FaultCounters
{
    /// <summary>Frames that came through.</summary>
    public long Frames { get; internal set; }

    /// <summary>Frames lost.</summary>
    public long Lost { get; internal set; }

    /// <summary>Frames with one bit flipped.</summary>
    public long Corrupted { get; internal set; }

    /// <summary>Frames passed on twice.</summary>
    public long Duplicated { get; internal set; }

    /// <summary>Frames held back behind the next one.</summary>
    public long Reordered { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => $"frames {Frames} lost {Lost} corrupted {Corrupted} duplicated {Duplicated} reordered {Reordered}";
}
