using HeaderGen.Checksums;

namespace HeaderGen.Tests.Declarations;

/// <summary>A made-up header protected by a CRC over its own bytes, declared by its Rocksoft parameters.</summary>
[Header("Beacon")]
public partial struct BeaconHeader
{
    [Bits(4)] public byte Kind;
    [Bits(12)] public ushort Station;
    public uint Timestamp;

    /// <summary>CRC-16/IBM-3740 (CCITT-FALSE) spelled out by its parameters.</summary>
    [Crc(16, 0x1021, CrcCoverage.HeaderBeforeField, Initial = 0xFFFF)] public ushort HeaderCrc;
}

/// <summary>A made-up trailer holding a 5-bit CRC (USB's) in a byte.</summary>
[Header("Token CRC")]
public partial struct TokenTrailer
{
    [Crc(CrcAlgorithm.Crc5Usb, CrcCoverage.Preceding)] public byte Crc5;
}
