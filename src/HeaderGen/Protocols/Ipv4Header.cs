namespace HeaderGen.Protocols;

/// <summary>The IPv4 header (RFC 791, 3.1): 20 bytes plus up to 40 bytes of options.</summary>
[Header("IPv4"), BindsTo(EthernetHeader.EtherTypeTable, (ulong)EtherType.Ipv4), BindsTo(MplsHeader.PayloadTable, 4)]
public partial struct Ipv4Header
{
    /// <summary>Always 4.</summary>
    [Bits(4), Constant(4)] public byte Version;

    /// <summary>Internet header length in 32-bit words, options included (5 to 15).</summary>
    [Bits(4), HeaderLength(4)] public byte Ihl;

    /// <summary>Differentiated services code point (RFC 2474).</summary>
    [Bits(6)] public byte Dscp;

    /// <summary>Explicit congestion notification (RFC 3168).</summary>
    [Bits(2)] public byte Ecn;

    /// <summary>Length of the datagram, header and data, in bytes.</summary>
    [TotalLength] public ushort TotalLength;

    /// <summary>Identifies the fragments of one datagram.</summary>
    public ushort Identification;

    /// <summary>Reserved flag bit; must be zero (RFC 791).</summary>
    [Bits(1)] public bool ReservedFlag;

    /// <summary>DF: the datagram must not be fragmented.</summary>
    [Bits(1)] public bool DontFragment;

    /// <summary>MF: more fragments follow.</summary>
    [Bits(1)] public bool MoreFragments;

    /// <summary>Where this fragment belongs in the datagram, in units of 8 bytes.</summary>
    [Bits(13)] public ushort FragmentOffset;

    /// <summary>Hops left; a router decrements it and drops the datagram at zero.</summary>
    public byte TimeToLive;

    /// <summary>The protocol of the payload.</summary>
    [NextLayer(ProtocolTable, UnlessNonZero = nameof(FragmentOffset) + "," + nameof(MoreFragments))] public IpProtocol Protocol;

    /// <summary>The Internet checksum of the header (RFC 1071); routers update it as they decrement the TTL.</summary>
    [InternetChecksum(ChecksumCoverage.Header)] public ushort HeaderChecksum;

    /// <summary>The sender's address.</summary>
    public Ipv4Address SourceAddress;

    /// <summary>The final destination's address; it does not change along the path.</summary>
    public Ipv4Address DestinationAddress;

    /// <summary>The binding table of IP protocol numbers.</summary>
    public const string ProtocolTable = "ip.proto";
}
