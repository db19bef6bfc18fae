using System;
using System.Numerics;

namespace HeaderGen.Stack.Devices;

/// <summary>One slot of a descriptor ring: a host buffer, the length of the frame in it, and who owns it.</summary>
internal struct Descriptor
{
    /// <summary>The host buffer the device DMAs into or out of.</summary>
    public PacketBuffer Buffer;

    /// <summary>Where the frame starts in the buffer (the stack builds frames behind headroom).</summary>
    public int Offset;

    /// <summary>Bytes of the frame in the buffer.</summary>
    public int Length;

    /// <summary>True while the device holds the slot (an empty RX buffer posted, a TX frame not yet sent); false while the driver does.</summary>
    public bool OwnedByDevice;
}

/// <summary>
/// A ring of descriptors shared by driver and device, as on a real NIC: a power-of-two size, a head where the
/// producer writes and a tail where the consumer reads, and an ownership flag per slot that says which side may
/// touch it. Neither side ever takes a slot the other owns.
/// </summary>
internal sealed class DescriptorRing
{
    private readonly Descriptor[] _slots;
    private readonly int _mask;

    /// <summary>Creates a ring of <paramref name="size"/> slots (a power of two), each with its own host buffer of <paramref name="bufferSize"/> bytes.</summary>
    public DescriptorRing(int size, int bufferSize = PacketBuffer.Size)
    {
        if (size < 2 || !BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "A descriptor ring has a power-of-two size of at least 2.");
        }
        _slots = new Descriptor[size];
        _mask = size - 1;
        for (int i = 0; i < size; i++)
        {
            _slots[i].Buffer = new PacketBuffer(bufferSize);
        }
    }

    /// <summary>Number of slots.</summary>
    public int Size => _slots.Length;

    /// <summary>Where the producer (the device on RX, the driver on TX) writes next.</summary>
    public int Head { get; internal set; }

    /// <summary>Where the consumer (the driver on RX, the device on TX) reads next.</summary>
    public int Tail { get; internal set; }

    /// <summary>The slot at a position (wrapped).</summary>
    public ref Descriptor this[int position] => ref _slots[position & _mask];

    /// <summary>Slots the device owns.</summary>
    public int DeviceOwned
    {
        get
        {
            int count = 0;
            foreach (var slot in _slots)
            {
                count += slot.OwnedByDevice ? 1 : 0;
            }
            return count;
        }
    }

    internal int Next(int position) => (position + 1) & _mask;
}
