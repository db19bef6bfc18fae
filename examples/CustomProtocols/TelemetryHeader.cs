using HeaderGen;
using HeaderGen.Checksums;
using HeaderGen.Protocols;

namespace CustomProtocols;

/// <summary>What a telemetry record measures.</summary>
public enum Quantity : byte
{
    Temperature = 1,
    Pressure = 2,
    Humidity = 3,
    Voltage = 4,
}

/// <summary>
/// An application telemetry header of our own invention, bound to UDP port 9999: bit fields that straddle bytes, a
/// length in 32-bit words that leaves room for a variable part (the options region carries extra samples), and a
/// CRC-16 trailer (<see cref="TelemetryTrailer"/>) after the readings.
/// </summary>
[Header("Telemetry"), BindsTo(UdpHeader.PortTable, Port)]
public partial struct TelemetryHeader
{
    /// <summary>The UDP port the protocol lives on.</summary>
    public const ushort Port = 9999;

    /// <summary>Protocol version: 1.</summary>
    [Bits(3), Constant(1)] public byte Version;

    /// <summary>An alarm threshold was crossed.</summary>
    [Bits(1)] public bool Alarm;

    /// <summary>What is measured.</summary>
    [Bits(4)] public Quantity Quantity;

    /// <summary>The sensor, 0 to 4095.</summary>
    [Bits(12)] public ushort SensorId;

    /// <summary>The first reading, 20 bits, straddling three bytes.</summary>
    [Bits(20)] public uint Reading;

    /// <summary>Header length in 32-bit words; each word past the 12-byte fixed part is one more 32-bit reading.</summary>
    [HeaderLength(4)] public byte Words;

    /// <summary>A counter of records.</summary>
    public ushort Sequence;

    /// <summary>Where the readings were collected.</summary>
    public Ipv4Address Collector;
}

/// <summary>The CRC-16/IBM-3740 (CCITT-FALSE) of a telemetry record, after it.</summary>
[Header("Telemetry CRC")]
public partial struct TelemetryTrailer
{
    /// <summary>The CRC of every byte of the record before it.</summary>
    [Crc(CrcAlgorithm.Crc16CcittFalse, CrcCoverage.Preceding)] public ushort Crc;
}
