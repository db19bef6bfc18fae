using HeaderGen;

namespace Quickstart;

/// <summary>What a telemetry record reports.</summary>
public enum Metric : byte
{
    Temperature = 1,
    Pressure = 2,
    Humidity = 3,
}

/// <summary>
/// A protocol of our own, declared in wire order with attributes only: a 3-bit version that must be 1,
/// two flag bits, a metric in 3 bits, a 12-bit sensor id straddling two bytes, a 20-bit reading straddling
/// three, and a length in 32-bit words that leaves room for options.
/// </summary>
[Header("Telemetry")]
public partial struct TelemetryHeader
{
    [Bits(3), Constant(1)] public byte Version;
    [Bits(1)] public bool Alarm;
    [Bits(1)] public bool Calibrated;
    [Bits(3)] public Metric Metric;
    [Bits(12)] public ushort SensorId;
    [Bits(20)] public uint Reading;
    [HeaderLength(4)] public byte Words;
    public ushort Sequence;
    public Ipv4Address Collector;
}
