namespace HeaderGen.Protocols;

/// <summary>
/// The IPv4 pseudo-header that UDP (RFC 768) and TCP (RFC 9293, 3.1) checksums cover before their own header:
/// never sent, only summed. Declared as a header so that an IPv6 pseudo-header can follow the same way.
/// </summary>
[Header("IPv4 pseudo-header"), PseudoHeaderOf(typeof(Ipv4Header))]
public partial struct Ipv4PseudoHeader
{
    /// <summary>The IPv4 source address.</summary>
    public Ipv4Address Source;

    /// <summary>The IPv4 destination address.</summary>
    public Ipv4Address Destination;

    /// <summary>Zero.</summary>
    [Constant(0)] public byte Zero;

    /// <summary>The IPv4 protocol number of the transport.</summary>
    public IpProtocol Protocol;

    /// <summary>The length of the transport header and data in bytes.</summary>
    public ushort Length;

    /// <summary>The pseudo-header of a transport segment of <paramref name="length"/> bytes between two addresses.</summary>
    public Ipv4PseudoHeader(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, ushort length)
    {
        Source = source;
        Destination = destination;
        Protocol = protocol;
        Length = length;
    }

    /// <summary>
    /// The pseudo-header of the transport payload of <paramref name="ip"/>, whose length is its total length less its
    /// header; past an Authentication Header, the transport's protocol and length (RFC 4302 3.1.1: the transport checksum
    /// is computed as if AH were not there).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static Ipv4PseudoHeader For(Ipv4Header.ReadOnlyView ip) =>
        Of(ip.SourceAddress, ip.DestinationAddress, ip.Protocol, ip.TotalLength - ip.HeaderLength, ip.Payload);

    /// <summary>
    /// As <see cref="For(Ipv4Header.ReadOnlyView)"/>, from a header about to be written (its total length filled) and
    /// the bytes that follow it: the frame builder's way, which reads nothing back from the bytes it has just written.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static Ipv4PseudoHeader For(in Ipv4Header ip, System.ReadOnlySpan<byte> payload) =>
        Of(ip.SourceAddress, ip.DestinationAddress, ip.Protocol, ip.TotalLength - ip.HeaderLength, payload);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Ipv4PseudoHeader Of(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, int length, System.ReadOnlySpan<byte> payload)
    {
        if (protocol == IpProtocol.Ah)
        {
            if (payload.Length >= 2 && (payload[1] + 2) * 4 is int ah && ah <= payload.Length && ah <= length)
            {
                protocol = (IpProtocol)payload[0];
                length -= ah;
            }
        }
        return new(source, destination, protocol, (ushort)length);
    }
}
