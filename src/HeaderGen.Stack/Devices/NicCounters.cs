namespace HeaderGen.Stack.Devices;

/// <summary>A NIC's counters, as <c>ip -s link</c> shows them, plus the interrupt and poll counts of its driver.</summary>
public sealed class NicCounters
{
    /// <summary>Frames delivered into the RX ring.</summary>
    public long RxPackets { get; internal set; }

    /// <summary>Bytes of those frames (without FCS).</summary>
    public long RxBytes { get; internal set; }

    /// <summary>Frames dropped because the RX ring was full (tail drop).</summary>
    public long RxDropped { get; internal set; }

    /// <summary>Frames dropped because their FCS did not match.</summary>
    public long RxCrcErrors { get; internal set; }

    /// <summary>Frames dropped because they were longer than the MTU allows (<c>rx_length_errors</c> in Linux), or shorter than an Ethernet header.</summary>
    public long RxLengthErrors { get; internal set; }

    /// <summary>Frames the driver posted that the device could not send (longer than the MTU allows, or no room for the FCS).</summary>
    public long TxErrors { get; internal set; }

    /// <summary>Frames put on the wire.</summary>
    public long TxPackets { get; internal set; }

    /// <summary>Bytes of those frames (without FCS).</summary>
    public long TxBytes { get; internal set; }

    /// <summary>Frames the driver could not post because the TX ring was full.</summary>
    public long TxRingFull { get; internal set; }

    /// <summary>Interrupts raised.</summary>
    public long Interrupts { get; internal set; }

    /// <summary>Deferred polls run.</summary>
    public long Polls { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"RX: packets {RxPackets} bytes {RxBytes} dropped {RxDropped} crc {RxCrcErrors}  TX: packets {TxPackets} bytes {TxBytes} ring-full {TxRingFull}  interrupts {Interrupts} polls {Polls}";
}
