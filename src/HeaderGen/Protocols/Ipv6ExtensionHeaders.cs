namespace HeaderGen.Protocols;

/// <summary>
/// The IPv6 Hop-by-Hop Options header (RFC 8200, 4.3): next header, length in 8-byte units after the first 8, and
/// options (TLVs, padded to a multiple of 8 bytes) in the options region.
/// </summary>
[Header("IPv6 Hop-by-Hop"), BindsTo(Ipv6Header.NextHeaderTable, (ulong)IpProtocol.HopByHopOptions)]
public partial struct Ipv6HopByHopHeader
{
    /// <summary>The header that follows (IP protocol numbers).</summary>
    [NextLayer(Ipv6Header.NextHeaderTable)] public IpProtocol NextHeader;

    /// <summary>Length in 8-byte units, not counting the first 8 bytes.</summary>
    [HeaderLength(8, Bias = 1)] public byte Length;
}

/// <summary>The IPv6 Destination Options header (RFC 8200, 4.6): the Hop-by-Hop header's layout, for the destination.</summary>
[Header("IPv6 Destination Options"), BindsTo(Ipv6Header.NextHeaderTable, (ulong)IpProtocol.Ipv6DestinationOptions)]
public partial struct Ipv6DestinationOptionsHeader
{
    /// <summary>The header that follows (IP protocol numbers).</summary>
    [NextLayer(Ipv6Header.NextHeaderTable)] public IpProtocol NextHeader;

    /// <summary>Length in 8-byte units, not counting the first 8 bytes.</summary>
    [HeaderLength(8, Bias = 1)] public byte Length;
}

/// <summary>
/// The IPv6 Routing header (RFC 8200, 4.4): next header, length in 8-byte units after the first 8, the routing type,
/// the segments left, and type-specific data in the options region.
/// </summary>
[Header("IPv6 Routing"), BindsTo(Ipv6Header.NextHeaderTable, (ulong)IpProtocol.Ipv6Routing)]
public partial struct Ipv6RoutingHeader
{
    /// <summary>The header that follows (IP protocol numbers).</summary>
    [NextLayer(Ipv6Header.NextHeaderTable)] public IpProtocol NextHeader;

    /// <summary>Length in 8-byte units, not counting the first 8 bytes.</summary>
    [HeaderLength(8, Bias = 1)] public byte Length;

    /// <summary>Which routing header variant (type 2 for Mobile IPv6, 4 for segment routing).</summary>
    public byte RoutingType;

    /// <summary>Route segments still to visit.</summary>
    public byte SegmentsLeft;
}

/// <summary>
/// The IPv6 Fragment header (RFC 8200, 4.5): 8 bytes. A fragment's data is not a whole upper-layer header unless it is
/// the only fragment, so the walk ends at a fragment with its data, as at an IPv4 fragment.
/// </summary>
[Header("IPv6 Fragment"), BindsTo(Ipv6Header.NextHeaderTable, (ulong)IpProtocol.Ipv6Fragment)]
public partial struct Ipv6FragmentHeader
{
    /// <summary>The header of the fragmentable part that follows (IP protocol numbers).</summary>
    [NextLayer(Ipv6Header.NextHeaderTable, UnlessNonZero = nameof(FragmentOffset) + "," + nameof(MoreFragments))] public IpProtocol NextHeader;

    /// <summary>Reserved; zero.</summary>
    public byte Reserved;

    /// <summary>Where this fragment's data belongs in the fragmentable part, in 8-byte units.</summary>
    [Bits(13)] public ushort FragmentOffset;

    /// <summary>Reserved; zero.</summary>
    [Bits(2)] public byte Reserved2;

    /// <summary>M: more fragments follow.</summary>
    [Bits(1)] public bool MoreFragments;

    /// <summary>Identifies the fragments of one packet.</summary>
    public uint Identification;
}
