using System;

namespace HeaderGen.Protocols;

/// <summary>
/// The IPv6 pseudo-header that UDP, TCP and ICMPv6 checksums cover before their own header (RFC 8200, 8.1): never
/// sent, only summed. Over IPv6 a UDP checksum is required, so a received zero fails (<c>ChecksumRequired</c>).
/// </summary>
[Header("IPv6 pseudo-header"), PseudoHeaderOf(typeof(Ipv6Header), ChecksumRequired = true)]
public partial struct Ipv6PseudoHeader
{
    /// <summary>The IPv6 source address.</summary>
    public Ipv6Address Source;

    /// <summary>The final destination: the IPv6 destination address, or the last segment of a routing header still under way.</summary>
    public Ipv6Address Destination;

    /// <summary>The length of the upper-layer header and data in bytes.</summary>
    public uint Length;

    /// <summary>Zero.</summary>
    [Bits(24), Constant(0)] public uint Zero;

    /// <summary>The upper-layer protocol: not the IPv6 next header when extension headers come between.</summary>
    public IpProtocol NextHeader;

    /// <summary>The pseudo-header of an upper-layer packet of <paramref name="length"/> bytes between two addresses.</summary>
    public Ipv6PseudoHeader(Ipv6Address source, Ipv6Address destination, IpProtocol nextHeader, uint length)
    {
        Source = source;
        Destination = destination;
        NextHeader = nextHeader;
        Length = length;
    }

    /// <summary>
    /// The pseudo-header of the upper-layer packet in <paramref name="ip"/>'s payload (bounded by its payload length):
    /// past the Hop-by-Hop, Routing, Destination Options and first-fragment headers to the upper-layer header, whose
    /// protocol and length it takes, as RFC 8200 8.1 says. A routing header with segments left gives the final
    /// destination (type 0: its last address; type 4, Segment Routing: its first segment). Bytes that end inside an
    /// extension header give the length left.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static Ipv6PseudoHeader For(Ipv6Header.ReadOnlyView ip) =>
        Of(ip.SourceAddress, ip.DestinationAddress, ip.NextHeader, ip.PayloadLength, ip.Payload);

    /// <summary>
    /// As <see cref="For(Ipv6Header.ReadOnlyView)"/>, from a header about to be written (its payload length filled) and
    /// the bytes that follow it: the frame builder's way, which reads nothing back from the bytes it has just written.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static Ipv6PseudoHeader For(in Ipv6Header ip, ReadOnlySpan<byte> payload) =>
        Of(ip.SourceAddress, ip.DestinationAddress, ip.NextHeader, ip.PayloadLength, payload);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Ipv6PseudoHeader Of(Ipv6Address source, Ipv6Address destination, IpProtocol next, int payloadLength, ReadOnlySpan<byte> payload)
    {
        if (payloadLength < payload.Length)
        {
            payload = payload.Slice(0, payloadLength);
        }
        int offset = 0;
        while (IsExtension(next) && payload.Length - offset >= 8)
        {
            var extension = payload.Slice(offset);
            int length = next == Fragment ? 8 : next == Ah ? (extension[1] + 2) * 4 : (extension[1] + 1) * 8;
            if (length > extension.Length)
            {
                break;
            }
            // A routing header still under way names the final destination: the last address of a type 0 header
            // (RFC 2460 4.4, as Scapy and Linux read it), the first segment of a Segment Routing header (RFC 8754).
            if (next == Routing && extension[3] > 0 && length >= 8 + Ipv6Address.Size)
            {
                if (extension[2] == 0)
                {
                    destination = Ipv6Address.Read(extension.Slice(8 + (length - 8) / Ipv6Address.Size * Ipv6Address.Size - Ipv6Address.Size, Ipv6Address.Size));
                }
                else if (extension[2] == 4)
                {
                    destination = Ipv6Address.Read(extension.Slice(8, Ipv6Address.Size));
                }
            }
            next = (IpProtocol)extension[0];
            offset += length;
        }
        return new Ipv6PseudoHeader(source, destination, next, (uint)(payload.Length - offset));
    }

    // The extension headers' next-header numbers (IANA: HOPOPT, IPv6-Route, IPv6-Frag, IPv6-Opts; AH, RFC 4302, which
    // the transport checksum also skips).
    private const IpProtocol HopByHop = IpProtocol.HopByHopOptions, Routing = IpProtocol.Ipv6Routing, Fragment = IpProtocol.Ipv6Fragment, DestinationOptions = IpProtocol.Ipv6DestinationOptions, Ah = IpProtocol.Ah;

    private static bool IsExtension(IpProtocol protocol) => protocol is HopByHop or Routing or Fragment or DestinationOptions or Ah;
}
