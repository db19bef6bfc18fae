namespace HeaderGen.Protocols;

/// <summary>
/// The IPv6 header (RFC 8200, 3): 40 bytes. <see cref="NextHeader"/> selects in a table of its own, where the
/// extension headers, UDP and TCP bind (UDP and TCP check their checksums over <see cref="Ipv6PseudoHeader"/> there).
/// The decoder bounds the payload by <see cref="PayloadLength"/> and the builder fills it.
/// </summary>
[Header("IPv6"), BindsTo(EthernetHeader.EtherTypeTable, (ulong)EtherType.Ipv6), BindsTo(MplsHeader.PayloadTable, 6)]
public partial struct Ipv6Header
{
    /// <summary>Always 6.</summary>
    [Bits(4), Constant(6)] public byte Version;

    /// <summary>Differentiated services (6 bits, RFC 2474) and ECN (2 bits, RFC 3168).</summary>
    [Bits(8)] public byte TrafficClass;

    /// <summary>Labels packets of one flow (RFC 6437); 0 when unused.</summary>
    [Bits(20)] public uint FlowLabel;

    /// <summary>Bytes after this header: extension headers and the upper-layer payload.</summary>
    [TotalLength(ExcludesHeader = true)] public ushort PayloadLength;

    /// <summary>The header that follows: an extension header or an upper-layer protocol (IP protocol numbers).</summary>
    [NextLayer(NextHeaderTable)] public IpProtocol NextHeader;

    /// <summary>Hops left; a router decrements it and drops the packet at zero.</summary>
    public byte HopLimit;

    /// <summary>The sender's address.</summary>
    public Ipv6Address SourceAddress;

    /// <summary>The final destination's address (or the next one on a routing header's list).</summary>
    public Ipv6Address DestinationAddress;

    /// <summary>The binding table of IPv6 next headers: the extension headers, UDP and TCP.</summary>
    public const string NextHeaderTable = "ipv6.nxt";
}
