using System;

namespace HeaderGen.Stack.Devices;

/// <summary>What a NIC's port is plugged into: a point-to-point link, a switch port, a TAP device.</summary>
public interface IWire
{
    /// <summary>Takes a frame (with its FCS when the wire carries one) from <paramref name="from"/>; returns the nanoseconds it takes to serialize onto the medium.</summary>
    long Send(Nic from, ReadOnlySpan<byte> frame);
}
