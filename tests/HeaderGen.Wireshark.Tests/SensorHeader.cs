using HeaderGen.Checksums;
using HeaderGen.Protocols;

[assembly: HeaderGen.BindsTo(typeof(Ipv4Header), HeaderGen.Wireshark.Tests.TunnelHeader.PayloadTable, 4)]
[assembly: HeaderGen.BindsTo(typeof(Ipv6Header), HeaderGen.Wireshark.Tests.TunnelHeader.PayloadTable, 6)]

namespace HeaderGen.Wireshark.Tests;

/// <summary>What a sensor reports.</summary>
public enum SensorKind : byte
{
    Idle = 0,
    Temperature = 5,
    Vibration = 9,
    Fault = 15,
}

/// <summary>
/// A made-up sensor header on UDP port 47000 with what a dissector must get right: bit fields that start mid-byte
/// and straddle bytes, a flag, an enum, a little-endian field, and a CRC-16 over the header's own bytes.
/// </summary>
[Header("Sensor"), BindsTo(UdpHeader.PortTable, Port)]
public partial struct SensorHeader
{
    public const ushort Port = 47000;

    /// <summary>The format: 2.</summary>
    [Bits(3), Constant(2)] public byte Version;

    /// <summary>Set when the reading crossed its alarm threshold.</summary>
    [Bits(1)] public bool Alarm;

    /// <summary>What is reported.</summary>
    [Bits(4)] public SensorKind Kind;

    /// <summary>Which unit, 0 to 1023.</summary>
    [Bits(10)] public ushort Unit;

    /// <summary>The reading, 22 bits.</summary>
    [Bits(22)] public uint Reading;

    /// <summary>A counter, stored least significant byte first.</summary>
    [LittleEndian] public ushort Counter;

    /// <summary>CRC-16/IBM-3740 of the bytes before it.</summary>
    [Crc(CrcAlgorithm.Crc16CcittFalse, CrcCoverage.HeaderBeforeField)] public ushort Crc;
}

/// <summary>A made-up probe on UDP port 47001 whose Internet checksum covers the header and the payload after it.</summary>
[Header("Probe"), BindsTo(UdpHeader.PortTable, Port)]
public partial struct ProbeHeader
{
    public const ushort Port = 47001;

    /// <summary>Which probe.</summary>
    public ushort Id;

    /// <summary>RFC 1071 over the header and the payload.</summary>
    [InternetChecksum(ChecksumCoverage.HeaderAndPayload)] public ushort Checksum;

    /// <summary>When it was sent.</summary>
    public uint Stamp;
}

/// <summary>
/// A made-up tunnel on UDP port 47002 whose payload's version nibble says what it carries: HeaderGen's IPv4 and IPv6,
/// bound into its table by this assembly.
/// </summary>
[Header("Tunnel"), BindsTo(UdpHeader.PortTable, Port), PayloadSelector(PayloadTable, 4)]
public partial struct TunnelHeader
{
    public const ushort Port = 47002;

    public const string PayloadTable = "tunnel.payload";

    /// <summary>Which tunnel.</summary>
    public uint Id;
}
