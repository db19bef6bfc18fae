namespace HeaderGen.Protocols;

/// <summary>The UDP header (RFC 768): 8 bytes.</summary>
[Header("UDP")]
public partial struct UdpHeader
{
    /// <summary>The sender's port, or zero.</summary>
    public ushort SourcePort;

    /// <summary>The receiver's port.</summary>
    public ushort DestinationPort;

    /// <summary>Length of the header and data in bytes (at least 8).</summary>
    public ushort Length;

    /// <summary>The Internet checksum over the pseudo-header, header and data; zero means none was computed.</summary>
    [InternetChecksum(ChecksumCoverage.HeaderAndPayload, PseudoHeader = typeof(Ipv4PseudoHeader), ZeroMeansNone = true)]
    public ushort Checksum;
}
