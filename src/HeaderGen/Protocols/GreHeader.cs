namespace HeaderGen.Protocols;

/// <summary>
/// Generic Routing Encapsulation (RFC 2784, with RFC 2890's key and sequence number): 4 bytes, then the checksum and
/// Reserved1, the key and the sequence number, each present only when its flag bit is set. Carried in IPv4 and IPv6
/// as protocol 47; its protocol type is an EtherType.
/// </summary>
[Header("GRE"), BindsTo(Ipv4Header.ProtocolTable, (ulong)IpProtocol.Gre)]
[BindsTo(Ipv6Header.NextHeaderTable, (ulong)IpProtocol.Gre)]
public partial struct GreHeader
{
    /// <summary>C: the checksum and Reserved1 fields are present. Writing sets it when the value has either.</summary>
    [Bits(1)] public bool ChecksumPresent;

    /// <summary>RFC 1701's routing bit; RFC 2784 receivers discard a packet that sets it.</summary>
    [Bits(1), Constant(0)] public bool RoutingPresent;

    /// <summary>K: the key field is present (RFC 2890). Writing sets it when the value has a key.</summary>
    [Bits(1)] public bool KeyPresent;

    /// <summary>S: the sequence number field is present (RFC 2890). Writing sets it when the value has one.</summary>
    [Bits(1)] public bool SequencePresent;

    /// <summary>Reserved0: zero on transmission, ignored on receipt.</summary>
    [Bits(9)] public ushort Reserved0;

    /// <summary>Always 0 (RFC 2784; version 1 is PPTP's enhanced GRE, another layout).</summary>
    [Bits(3), Constant(0)] public byte Version;

    /// <summary>The EtherType of the payload.</summary>
    [NextLayer(EthernetHeader.EtherTypeTable)] public EtherType ProtocolType;

    /// <summary>The Internet checksum of the GRE header and payload, present when C is set.</summary>
    [PresentWhen(nameof(ChecksumPresent)), InternetChecksum(ChecksumCoverage.HeaderAndPayload)] public ushort? Checksum;

    /// <summary>Reserved; zero. Present with the checksum.</summary>
    [PresentWhen(nameof(ChecksumPresent))] public ushort? Reserved1;

    /// <summary>Identifies a flow within the tunnel (RFC 2890), present when K is set.</summary>
    [PresentWhen(nameof(KeyPresent))] public uint? Key;

    /// <summary>Counts the packets of the flow (RFC 2890), present when S is set.</summary>
    [PresentWhen(nameof(SequencePresent))] public uint? SequenceNumber;
}
