using System;
using System.Collections.Generic;
using HeaderGen.Protocols;

namespace HeaderGen.Tests.Layers;

/// <summary>
/// A corpus frame's layers as the values a builder is given to build it again: each read back from the frame, with what
/// the builder must derive itself (lengths, checksums, selectors it fills) zeroed, so that a test proves it does.
/// </summary>
internal static class CorpusValues
{
    /// <summary>The layers of <paramref name="frame"/>, outermost first: kind, prepared value (boxed) and options.</summary>
    public static List<(HeaderGen.Layers.LayerKind Kind, object Value, byte[] Options)> Prepared(byte[] frame)
    {
        var values = new List<(HeaderGen.Layers.LayerKind Kind, object Value, byte[] Options)>();
        foreach (var layer in HeaderGen.Layers.LayerDecoder.Decode(frame))
        {
            values.Add((layer.Kind, Value(layer), Options(layer).ToArray()));
        }
        for (int i = 0; i < values.Count; i++)
        {
            var (kind, value, options) = values[i];
            values[i] = (kind, kind switch
            {
                HeaderGen.Layers.LayerKind.UdpHeader => Blank((UdpHeader)value),
                HeaderGen.Layers.LayerKind.TcpHeader => Blank((TcpHeader)value),
                HeaderGen.Layers.LayerKind.IcmpHeader => Blank((IcmpHeader)value),
                HeaderGen.Layers.LayerKind.Icmpv6Header => Blank((Icmpv6Header)value),
                // A fragment's protocol is kept: nothing above it fills it.
                HeaderGen.Layers.LayerKind.Ipv4Header => i == values.Count - 1 ? (Ipv4Header)value with { TotalLength = 0, HeaderChecksum = 0 } : Blank((Ipv4Header)value),
                HeaderGen.Layers.LayerKind.GreHeader => Blank((GreHeader)value),
                HeaderGen.Layers.LayerKind.GeneveHeader => (GeneveHeader)value with { ProtocolType = 0 },
                HeaderGen.Layers.LayerKind.AuthenticationHeader => (AuthenticationHeader)value with { NextHeader = 0 },
                // The next header is kept (the builder fills it only when left at zero, which is Hop-by-Hop's number).
                HeaderGen.Layers.LayerKind.Ipv6Header => Blank((Ipv6Header)value),
                HeaderGen.Layers.LayerKind.Ieee8021QTag => Blank((Ieee8021QTag)value),
                HeaderGen.Layers.LayerKind.EthernetHeader => Blank((EthernetHeader)value),
                _ => value,
            }, options);
        }
        return values;
    }

    /// <summary>The options region of a variable-length layer; empty for the others.</summary>
    public static ReadOnlySpan<byte> Options(HeaderGen.Layers.Layer layer) => layer.Kind switch
    {
        HeaderGen.Layers.LayerKind.Ipv4Header => layer.AsIpv4Header().Options,
        HeaderGen.Layers.LayerKind.TcpHeader => layer.AsTcpHeader().Options,
        HeaderGen.Layers.LayerKind.Ipv6HopByHopHeader => layer.AsIpv6HopByHopHeader().Options,
        HeaderGen.Layers.LayerKind.Ipv6RoutingHeader => layer.AsIpv6RoutingHeader().Options,
        HeaderGen.Layers.LayerKind.Ipv6DestinationOptionsHeader => layer.AsIpv6DestinationOptionsHeader().Options,
        HeaderGen.Layers.LayerKind.GeneveHeader => layer.AsGeneveHeader().Options,
        HeaderGen.Layers.LayerKind.AuthenticationHeader => layer.AsAuthenticationHeader().Options,
        _ => [],
    };

    /// <summary>The layer's header as its value struct (boxed, for comparing fields by name).</summary>
    public static object Value(HeaderGen.Layers.Layer layer) => layer.Kind switch
    {
        HeaderGen.Layers.LayerKind.EthernetHeader => layer.AsEthernetHeader().ToValue(),
        HeaderGen.Layers.LayerKind.Ieee8021QTag => layer.AsIeee8021QTag().ToValue(),
        HeaderGen.Layers.LayerKind.Ipv4Header => layer.AsIpv4Header().ToValue(),
        HeaderGen.Layers.LayerKind.UdpHeader => layer.AsUdpHeader().ToValue(),
        HeaderGen.Layers.LayerKind.TcpHeader => layer.AsTcpHeader().ToValue(),
        HeaderGen.Layers.LayerKind.IcmpHeader => layer.AsIcmpHeader().ToValue(),
        HeaderGen.Layers.LayerKind.Icmpv6Header => layer.AsIcmpv6Header().ToValue(),
        HeaderGen.Layers.LayerKind.ArpPacket => layer.AsArpPacket().ToValue(),
        HeaderGen.Layers.LayerKind.GreHeader => layer.AsGreHeader().ToValue(),
        HeaderGen.Layers.LayerKind.MplsHeader => layer.AsMplsHeader().ToValue(),
        HeaderGen.Layers.LayerKind.GeneveHeader => layer.AsGeneveHeader().ToValue(),
        HeaderGen.Layers.LayerKind.VxlanHeader => layer.AsVxlanHeader().ToValue(),
        HeaderGen.Layers.LayerKind.AuthenticationHeader => layer.AsAuthenticationHeader().ToValue(),
        HeaderGen.Layers.LayerKind.Ipv6Header => layer.AsIpv6Header().ToValue(),
        HeaderGen.Layers.LayerKind.Ipv6HopByHopHeader => layer.AsIpv6HopByHopHeader().ToValue(),
        HeaderGen.Layers.LayerKind.Ipv6RoutingHeader => layer.AsIpv6RoutingHeader().ToValue(),
        HeaderGen.Layers.LayerKind.Ipv6FragmentHeader => layer.AsIpv6FragmentHeader().ToValue(),
        HeaderGen.Layers.LayerKind.Ipv6DestinationOptionsHeader => layer.AsIpv6DestinationOptionsHeader().ToValue(),
        _ => throw new InvalidOperationException(layer.Kind.ToString()),
    };

    // The builder must derive these; the values read back are zeroed so that the test proves it does.
    private static UdpHeader Blank(UdpHeader h) => h with { Length = 0, Checksum = 0 };

    private static TcpHeader Blank(TcpHeader h) => h with { Checksum = 0 };

    private static IcmpHeader Blank(IcmpHeader h) => h with { Checksum = 0 };

    private static Icmpv6Header Blank(Icmpv6Header h) => h with { Checksum = 0 };

    // The builder sets the flags from the values, fills the protocol type from the layer above and the checksum when present.
    private static GreHeader Blank(GreHeader h) => h with
    {
        ChecksumPresent = false, KeyPresent = false, SequencePresent = false, ProtocolType = 0, Checksum = h.Checksum.HasValue ? 0 : null,
    };

    private static Ipv4Header Blank(Ipv4Header h) => h with { TotalLength = 0, HeaderChecksum = 0, Protocol = 0 };

    private static Ipv6Header Blank(Ipv6Header h) => h with { PayloadLength = 0 };

    private static Ieee8021QTag Blank(Ieee8021QTag h) => h with { EtherType = 0 };

    private static EthernetHeader Blank(EthernetHeader h) => h with { EtherType = 0 };
}
