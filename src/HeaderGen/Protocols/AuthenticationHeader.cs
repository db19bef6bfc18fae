namespace HeaderGen.Protocols;

/// <summary>
/// The IP Authentication Header (RFC 4302, 2): 12 bytes and the integrity check value, its length in 32-bit words
/// less 2 (so <c>[HeaderLength(4, Bias = 2)]</c>); protocol 51 under IPv4 and IPv6. The ICV is the options region. Its
/// next header is read in IPv6's next-header table, where UDP, TCP, GRE and the extension headers are bound (ICMP for
/// IPv4 is bound only in IPv4's protocol table, so it ends the walk as data after an AH).
/// </summary>
[Header("AH"), BindsTo(Ipv4Header.ProtocolTable, (ulong)IpProtocol.Ah)]
[BindsTo(Ipv6Header.NextHeaderTable, (ulong)IpProtocol.Ah)]
public partial struct AuthenticationHeader
{
    /// <summary>The header that follows (IP protocol numbers).</summary>
    [NextLayer(Ipv6Header.NextHeaderTable)] public IpProtocol NextHeader;

    /// <summary>Length of the AH in 32-bit words, less 2.</summary>
    [HeaderLength(4, Bias = 2)] public byte PayloadLength;

    /// <summary>Reserved; zero.</summary>
    public ushort Reserved;

    /// <summary>The security parameters index: with the destination, which security association applies.</summary>
    public uint SecurityParametersIndex;

    /// <summary>A counter per security association, for anti-replay.</summary>
    public uint SequenceNumber;
}
