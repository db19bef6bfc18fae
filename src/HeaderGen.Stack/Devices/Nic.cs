using System;
using HeaderGen.Protocols;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Devices;

/// <summary>
/// A network interface card and its driver, as the lecture draws them: TX and RX descriptor rings of host buffers,
/// "DMA" copies between those buffers and the device, a MAC engine that appends the FCS on transmit and checks and
/// strips it on receive, interrupts raised when a frame lands, a driver top half that acknowledges them and
/// schedules deferred work, and the deferred work that polls the RX ring with a budget and re-enables interrupts when
/// the ring is drained (NAPI). Everything runs on the simulation's virtual clock.
/// </summary>
public sealed class Nic : ISimulationEvent
{
    private const long TxStart = 1, TopHalfEvent = 2, PollEvent = 3, ModerationTimer = 4;

    private readonly Scheduler _scheduler;
    private readonly ITraceSink _trace;
    private readonly bool _tracing;
    private IWire? _wire;
    private NicWrapper? _innermost;
    private NicWrapper? _outermost;
    private IFrameHandler? _handler;
    private bool _transmitting;
    private bool _interruptsEnabled = true;
    private bool _pollScheduled;
    private bool _moderationTimerSet;
    private int _framesSinceInterrupt;
    private int _transmitCompletions;
    private bool _handling;

    /// <summary>Creates a NIC with address <paramref name="address"/>; its driver posts every RX buffer to the device.</summary>
    public Nic(string name, MacAddress address, Scheduler scheduler, ITraceSink? trace = null, NicOptions? options = null)
    {
        Name = name;
        Address = address;
        _scheduler = scheduler;
        _trace = trace ?? NoTrace.Instance;
        _tracing = _trace.Enabled;
        Options = options ?? new NicOptions();
        if (Options.Mtu is < MinimumMtu or > NicOptions.MaxMtu)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"An MTU of {Options.Mtu} is outside {MinimumMtu} (RFC 791) to {NicOptions.MaxMtu} (jumbo frames).");
        }
        Rx = new DescriptorRing(Options.RxRingSize, PacketBuffer.SizeFor(Options.Mtu));
        Tx = new DescriptorRing(Options.TxRingSize, PacketBuffer.SizeFor(Options.Mtu));
        for (int i = 0; i < Rx.Size; i++)
        {
            Rx[i].OwnedByDevice = true;
        }
        Owner = name;
    }

    /// <summary>The interface name (eth0).</summary>
    public string Name { get; }

    /// <summary>The NIC's MAC address.</summary>
    public MacAddress Address { get; }

    /// <summary>The host the NIC belongs to, for traces.</summary>
    public string Owner { get; set; }

    /// <summary>Whatever the owner keeps per NIC (a host keeps its interface here, to find it per frame without a search).</summary>
    internal object? Context { get; set; }

    /// <summary>Ring sizes, budget, moderation.</summary>
    public NicOptions Options { get; }

    /// <summary>The receive ring: the device fills buffers at its head, the driver takes them at its tail.</summary>
    internal DescriptorRing Rx { get; }

    /// <summary>The transmit ring: the driver posts frames at its head, the device sends them from its tail.</summary>
    internal DescriptorRing Tx { get; }

    /// <summary>Packets, bytes, drops and errors.</summary>
    public NicCounters Counters { get; } = new();

    /// <summary>The longest frame (without FCS) the NIC takes or sends: the MTU plus the Ethernet header.</summary>
    public int MaxFrameLength => Options.Mtu + EthernetHeader.FixedLength;

    /// <summary>The smallest MTU IPv4 allows (RFC 791: every module must forward a 68-byte datagram).</summary>
    public const int MinimumMtu = 68;

    /// <summary>The shortest frame on the wire, without FCS (IEEE 802.3, 4.4.2: 64 bytes with it).</summary>
    public const int MinimumFrameLength = 60;

    /// <summary>Plugs the NIC into a wire.</summary>
    public void Attach(IWire wire) => _wire = wire;

    /// <summary>The simulation the NIC runs in.</summary>
    public Scheduler Scheduler => _scheduler;

    /// <summary>Places <paramref name="wrapper"/> between the NIC and its medium, outside any placed before; returns it.</summary>
    public T Wrap<T>(T wrapper) where T : NicWrapper
    {
        ArgumentNullException.ThrowIfNull(wrapper);
        wrapper.Attach(this);
        wrapper.Inner = _outermost;
        if (_outermost is not null)
        {
            _outermost.Outer = wrapper;
        }
        _outermost = wrapper;
        _innermost ??= wrapper;
        return wrapper;
    }

    /// <summary>The medium's end of the wrappers: the frame goes on the wire.</summary>
    internal long SendToWire(ReadOnlySpan<byte> frame) => _wire?.Send(this, frame) ?? 0;

    /// <summary>Sets what the driver hands received frames to.</summary>
    public void SetHandler(IFrameHandler handler) => _handler = handler;

    // ---- driver side: transmit ----

    /// <summary>The host buffer of the next free TX descriptor, for the stack to build a frame in; false when the TX ring is full (counted).</summary>
    public bool TryGetTxBuffer(out PacketBuffer buffer)
    {
        ref var slot = ref Tx[Tx.Head];
        if (slot.OwnedByDevice)
        {
            Counters.TxRingFull++;
            buffer = null!;
            return false;
        }
        buffer = slot.Buffer;
        return true;
    }

    /// <summary>Hands the frame of <paramref name="length"/> bytes (without FCS) at <paramref name="offset"/> of the current TX buffer to the device and rings its doorbell.</summary>
    public void PostTx(int offset, int length)
    {
        ref var slot = ref Tx[Tx.Head];
        slot.Offset = offset;
        slot.Length = length;
        slot.OwnedByDevice = true;
        Tx.Head = Tx.Next(Tx.Head);
        if (_tracing)
        {
            Note(TraceLayer.Driver, TraceKind.DescriptorPosted, "TX descriptor {0} -> device, {1} bytes", (Tx.Head - 1) & (Tx.Size - 1), length);
        }
        if (!_transmitting)
        {
            _transmitting = true;
            _scheduler.After(0, this, TxStart);
        }
    }

    /// <summary>
    /// Zero-copy forwarding, for a handler while the driver polls: the buffer of the RX descriptor being handled
    /// (whose frame the handler has rewritten in place) changes places with the free buffer of
    /// <paramref name="egress"/>'s next TX descriptor, which is posted with the frame at
    /// <paramref name="offset"/>/<paramref name="length"/>; the RX descriptor gets the free buffer back. False (and
    /// counted on the egress NIC) when its TX ring is full.
    /// </summary>
    public bool TryForward(Nic egress, int offset, int length)
    {
        if (!_handling)
        {
            throw new InvalidOperationException("TryForward is for the frame a handler is being given by the driver's poll.");
        }
        ref var tx = ref egress.Tx[egress.Tx.Head];
        if (tx.OwnedByDevice)
        {
            egress.Counters.TxRingFull++;
            return false;
        }
        ref var rx = ref Rx[Rx.Tail];
        if (rx.Buffer.Data.Length == tx.Buffer.Data.Length)
        {
            (rx.Buffer, tx.Buffer) = (tx.Buffer, rx.Buffer);
        }
        else
        {
            // NICs of different MTUs keep buffers of their own sizes: the frame is copied, not swapped.
            rx.Buffer.Data.AsSpan(offset, length).CopyTo(tx.Buffer.Data.AsSpan(offset));
        }
        egress.PostTx(offset, length);
        return true;
    }

    // ---- device side ----

    /// <summary>A frame arrives from the wire: the MAC engine checks the FCS, then DMA puts it in the RX ring or the ring's tail drops it.</summary>
    public void ReceiveFromWire(ReadOnlySpan<byte> frame)
    {
        if (_outermost is { } wrapper)
        {
            wrapper.Receive(frame);
            return;
        }
        ReceiveFromDevice(frame);
    }

    /// <summary>The MAC engine's end of the wrappers: the frame reaches the NIC.</summary>
    internal void ReceiveFromDevice(ReadOnlySpan<byte> frame)
    {
        if (Options.FcsOnWire)
        {
            if (!EthernetTrailer.Verify(frame))
            {
                Counters.RxCrcErrors++;
                if (_tracing)
                {
                    Note(TraceLayer.Nic, TraceKind.Dropped, "FCS mismatch on {0} bytes: CRC error", frame.Length);
                }
                return;
            }
            frame = frame[..^EthernetTrailer.FixedLength];
            if (_tracing)
            {
                Note(TraceLayer.Nic, TraceKind.FcsChecked, "FCS good, stripped: {0} bytes", frame.Length);
            }
        }

        if (frame.Length > MaxFrameLength || frame.Length < EthernetHeader.FixedLength)
        {
            Counters.RxLengthErrors++;
            if (_tracing)
            {
                Note(TraceLayer.Nic, TraceKind.Dropped, "{0}-byte frame: longer than the MTU allows or shorter than a header", frame.Length);
            }
            return;
        }
        ref var slot = ref Rx[Rx.Head];
        if (!slot.OwnedByDevice)
        {
            Counters.RxDropped++;
            if (_tracing)
            {
                Emit(TraceLayer.Nic, TraceKind.Dropped, "RX ring full: tail drop");
            }
            return;
        }
        frame.CopyTo(slot.Buffer.Data);
        slot.Length = frame.Length;
        slot.OwnedByDevice = false;
        int position = Rx.Head;
        Rx.Head = Rx.Next(Rx.Head);
        Counters.RxPackets++;
        Counters.RxBytes += frame.Length;
        if (_tracing)
        {
            Note(TraceLayer.Nic, TraceKind.DmaToHost, "RX descriptor {0} <- {1} bytes", position & (Rx.Size - 1), frame.Length);
        }

        CountForInterrupt();
    }

    /// <summary>A frame landed or a transmission completed: raise an interrupt, subject to moderation and masking.</summary>
    private void CountForInterrupt()
    {
        if (!_interruptsEnabled)
        {
            return;
        }
        _framesSinceInterrupt++;
        if (_framesSinceInterrupt >= Options.FramesPerInterrupt)
        {
            RaiseInterrupt();
        }
        else if (Options.ModerationInterval > 0 && !_moderationTimerSet)
        {
            _moderationTimerSet = true;
            _scheduler.After(Options.ModerationInterval, this, ModerationTimer);
        }
    }

    /// <inheritdoc/>
    void ISimulationEvent.Fire(long now, long argument)
    {
        switch (argument)
        {
            case TxStart:
                TransmitNext();
                break;
            case TopHalfEvent:
                TopHalf();
                break;
            case PollEvent:
                Poll();
                break;
            case ModerationTimer:
                _moderationTimerSet = false;
                if (_interruptsEnabled && _framesSinceInterrupt > 0)
                {
                    RaiseInterrupt();
                }
                break;
        }
    }

    private void TransmitNext()
    {
        long serialization;
        do
        {
            ref var slot = ref Tx[Tx.Tail];
            if (!slot.OwnedByDevice)
            {
                _transmitting = false;
                if (_transmitCompletions > 0)
                {
                    // The ring is empty: tell the driver once for the frames sent (TX completion interrupt).
                    CountForInterrupt();
                }
                return;
            }
            serialization = TransmitOne(ref slot);
            _transmitCompletions++;
        }
        // A medium that takes no time (a test sink) lets the device send the whole ring at once.
        while (serialization == 0);
        // The next frame starts when this one has been serialized onto the medium.
        _scheduler.After(serialization, this, TxStart);
    }

    private long TransmitOne(ref Descriptor slot)
    {
        var data = slot.Buffer.Data.AsSpan(slot.Offset);
        int length = slot.Length;
        if (length > MaxFrameLength || length < EthernetHeader.FixedLength
            || (Options.FcsOnWire && data.Length < Math.Max(length, MinimumFrameLength) + EthernetTrailer.FixedLength))
        {
            // The device refuses what it cannot send, and the descriptor goes back to the driver: nothing wedges.
            Counters.TxErrors++;
            if (_tracing)
            {
                Note(TraceLayer.Nic, TraceKind.Dropped, "TX descriptor {0}: {1}-byte frame cannot be sent", Tx.Tail & (Tx.Size - 1), length);
            }
            slot.OwnedByDevice = false;
            Tx.Tail = Tx.Next(Tx.Tail);
            return 0;
        }
        Counters.TxPackets++;
        Counters.TxBytes += length;
        if (Options.FcsOnWire)
        {
            // The MAC engine pads to the 60-byte minimum (IEEE 802.3, 4.4.2) and appends the FCS.
            if (length < MinimumFrameLength)
            {
                data.Slice(length, MinimumFrameLength - length).Clear();
                length = MinimumFrameLength;
            }
            EthernetTrailer.TryAppend(data, length, out length);   // room checked above
        }
        if (_tracing)
        {
            if (Options.FcsOnWire)
            {
                Note(TraceLayer.Nic, TraceKind.DmaFromHost, "TX descriptor {0} -> device, FCS {2:X8} appended: {1} bytes",
                    Tx.Tail & (Tx.Size - 1), length, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.Slice(length - 4)));
            }
            else
            {
                Note(TraceLayer.Nic, TraceKind.DmaFromHost, "TX descriptor {0} -> device: {1} bytes", Tx.Tail & (Tx.Size - 1), length);
            }
        }
        long serialization = _innermost is { } wrapper ? wrapper.Transmit(data.Slice(0, length)) : SendToWire(data.Slice(0, length));
        if (_tracing)
        {
            Note(TraceLayer.Nic, TraceKind.Transmitted, "{0} bytes on the wire in {1} ns", length, serialization);
        }
        slot.OwnedByDevice = false;
        Tx.Tail = Tx.Next(Tx.Tail);
        return serialization;
    }

    private void RaiseInterrupt()
    {
        _framesSinceInterrupt = 0;
        _interruptsEnabled = false;
        Counters.Interrupts++;
        if (_tracing)
        {
            bool received = !Rx[Rx.Tail].OwnedByDevice;
            Emit(TraceLayer.Nic, TraceKind.Interrupt, received && _transmitCompletions > 0 ? "RX and TX-complete interrupt raised"
                : received ? "RX interrupt raised" : "TX-complete interrupt raised");
        }
        _scheduler.After(0, this, TopHalfEvent);
    }

    private void TopHalf()
    {
        if (_tracing)
        {
            Emit(TraceLayer.Driver, TraceKind.TopHalf, "interrupt acknowledged and masked; deferred work scheduled");
        }
        SchedulePoll();
    }

    private void SchedulePoll()
    {
        if (!_pollScheduled)
        {
            _pollScheduled = true;
            _scheduler.After(Options.DeferredWorkDelay, this, PollEvent);
        }
    }

    // Frames the poll looks ahead to let the handler start its loads, in two stages (measured: see the forwarding
    // benchmark): the first-level loads four frames ahead, the loads that depend on them two frames ahead.
    private const int PrefetchDistance = 4;
    private const int DependentDistance = 2;

    private void Prefetch(IFrameHandler handler, int position, bool dependent)
    {
        ref var slot = ref Rx[position];
        if (!slot.OwnedByDevice)
        {
            if (dependent)
            {
                handler.PrefetchDependent(this, slot.Buffer.Data.AsSpan(0, slot.Length));
            }
            else
            {
                handler.Prefetch(this, slot.Buffer.Data.AsSpan(0, slot.Length));
            }
        }
    }

    private void Poll()
    {
        _pollScheduled = false;
        Counters.Polls++;
        if (_transmitCompletions > 0)
        {
            // Descriptors of sent frames went back to the driver at completion; the poll accounts for them.
            if (_tracing)
            {
                Note(TraceLayer.Driver, TraceKind.TransmitComplete, "{0} TX descriptors reclaimed", _transmitCompletions);
            }
            _transmitCompletions = 0;
        }
        int processed = 0;
        if (_handler is { } prefetcher)
        {
            for (int ahead = 0; ahead < PrefetchDistance - 1; ahead++)
            {
                Prefetch(prefetcher, Rx.Tail + ahead, dependent: false);
            }
            for (int ahead = 0; ahead < DependentDistance - 1; ahead++)
            {
                Prefetch(prefetcher, Rx.Tail + ahead, dependent: true);
            }
        }
        while (processed < Options.PollBudget)
        {
            ref var slot = ref Rx[Rx.Tail];
            if (slot.OwnedByDevice)
            {
                break;
            }
            if (_handler is { } handler)
            {
                Prefetch(handler, Rx.Tail + PrefetchDistance - 1, dependent: false);
                Prefetch(handler, Rx.Tail + DependentDistance - 1, dependent: true);
            }
            if (_tracing)
            {
                Note(TraceLayer.Driver, TraceKind.DeferredPoll, "RX descriptor {0}: {1} bytes up the stack", Rx.Tail & (Rx.Size - 1), slot.Length);
            }
            _handling = true;
            _handler?.HandleFrame(this, slot.Buffer.Data.AsSpan(0, slot.Length));
            _handling = false;
            // Give the buffer back to the device for the next frame.
            slot.Length = 0;
            slot.OwnedByDevice = true;
            Rx.Tail = Rx.Next(Rx.Tail);
            processed++;
        }
        if (!Rx[Rx.Tail].OwnedByDevice)
        {
            SchedulePoll();
            return;
        }
        _interruptsEnabled = true;
        if (_tracing)
        {
            Note(TraceLayer.Driver, TraceKind.InterruptsEnabled, "ring drained after {0} frames; interrupts re-enabled", processed);
        }
    }

    private void Emit(TraceLayer layer, TraceKind kind, string detail) =>
        _trace.Emit(new TraceEvent(_scheduler.Now, Owner, layer, kind, $"{Name}: {detail}"));

    /// <summary>
    /// Formats and emits a trace event out of line: the hot paths only test <see cref="_tracing"/> and pass numbers,
    /// so their frames carry no string-building state.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void Note(TraceLayer layer, TraceKind kind, string format, long a, long b = 0, long c = 0) =>
        Emit(layer, kind, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, a, b, c));
}
