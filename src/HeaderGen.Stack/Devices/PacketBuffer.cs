using System;

namespace HeaderGen.Stack.Devices;

/// <summary>A host-memory buffer that DMA copies frames into and out of; owned by a ring or a pool, reused, never freed per packet.</summary>
public sealed class PacketBuffer
{
    /// <summary>Bytes per buffer: a full Ethernet frame with its FCS and VLAN tag, with headroom.</summary>
    public const int Size = 2048;

    /// <summary>Room the stack keeps in front of a packet's data for the headers pushed on the way down.</summary>
    public const int Headroom = 128;

    /// <summary>Creates a buffer of <paramref name="size"/> bytes (<see cref="Size"/>, or <see cref="SizeFor"/> a jumbo MTU).</summary>
    public PacketBuffer(int size = Size) => Data = new byte[size];

    /// <summary>The buffer's memory.</summary>
    public byte[] Data { get; }

    /// <summary>The buffer size that holds a frame for <paramref name="mtu"/> behind the headroom, with its FCS: at least <see cref="Size"/>.</summary>
    public static int SizeFor(int mtu) =>
        Math.Max(Size, (Headroom + Protocols.EthernetHeader.FixedLength + mtu + Protocols.EthernetTrailer.FixedLength + CacheLine - 1) & -CacheLine);

    /// <summary>Buffer sizes are whole cache lines.</summary>
    private const int CacheLine = 64;

    /// <summary>How many bytes of <see cref="Data"/> hold the frame.</summary>
    public int Length { get; set; }
}
