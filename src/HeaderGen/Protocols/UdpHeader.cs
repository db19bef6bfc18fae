namespace HeaderGen.Protocols;

/// <summary>The UDP header (RFC 768): 8 bytes.</summary>
[Header("UDP"), BindsTo(Ipv4Header.ProtocolTable, (ulong)IpProtocol.Udp)]
[BindsTo(Ipv6Header.NextHeaderTable, (ulong)IpProtocol.Udp)]
public partial struct UdpHeader
{
    /// <summary>The sender's port, or zero.</summary>
    [NextLayer(PortTable, Order = 1)] public ushort SourcePort;

    /// <summary>The receiver's port.</summary>
    [NextLayer(PortTable)] public ushort DestinationPort;

    /// <summary>Length of the header and data in bytes (at least 8).</summary>
    [TotalLength] public ushort Length;

    /// <summary>The Internet checksum over the pseudo-header, header and data; zero means none was computed.</summary>
    [InternetChecksum(ChecksumCoverage.HeaderAndPayload, PseudoHeaders = new[] { typeof(Ipv4PseudoHeader), typeof(Ipv6PseudoHeader) }, ZeroMeansNone = true)]
    public ushort Checksum;

    /// <summary>The binding table of UDP ports; the destination port is tried first, then the source port.</summary>
    public const string PortTable = "udp.port";
}
