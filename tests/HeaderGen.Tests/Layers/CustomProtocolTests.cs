using System;
using System.Collections.Generic;
using HeaderGen.Protocols;
using HeaderGen.Tests.Declarations;
using HeaderGen.Layers;
using Xunit;

namespace HeaderGen.Tests.Layers;

public class CustomProtocolTests
{
    [Fact]
    public void A_protocol_bound_to_a_udp_port_is_built_and_decoded_by_this_projects_generated_code()
    {
        var buffer = new byte[128];
        var builder = new FrameBuilder(buffer, 64)
            .Payload("ping"u8)
            .Push(new DemoProtocolHeader { Kind = 3, Sequence = 42 })
            .Push(new UdpHeader { SourcePort = 50000 })
            .Push(new Ipv4Header { TimeToLive = 64, SourceAddress = Ipv4Address.Parse("10.0.0.1"), DestinationAddress = Ipv4Address.Parse("10.0.0.2") })
            .Push(new EthernetHeader { Source = MacAddress.Parse("02:00:00:00:00:01"), Destination = MacAddress.Parse("02:00:00:00:00:02") });
        Assert.True(builder.TryGetFrame(out var frame, out var error), error.ToString());

        var kinds = new List<LayerKind>();
        var walk = LayerDecoder.Decode(frame);
        while (walk.MoveNext())
        {
            var layer = walk.Current;
            kinds.Add(layer.Kind);
            if (layer.Kind == LayerKind.DemoProtocolHeader)
            {
                var demo = layer.AsDemoProtocolHeader();
                Assert.Equal((1, 3, 42u, (ushort)12), (demo.Version, demo.Kind, demo.Sequence, demo.Length));
            }
            if (layer.Kind == LayerKind.UdpHeader)
            {
                Assert.Equal(7777, layer.AsUdpHeader().DestinationPort);
            }
        }
        Assert.Equal([LayerKind.EthernetHeader, LayerKind.Ipv4Header, LayerKind.UdpHeader, LayerKind.DemoProtocolHeader], kinds);
        Assert.Equal("ping"u8.ToArray(), walk.Payload.ToArray());
        Assert.DoesNotContain("BAD", LayerDecoder.Describe(frame), StringComparison.Ordinal);

        // HeaderGen's own decoder does not know the protocol: the walk ends at UDP with it as payload.
        var library = HeaderGen.Layers.LayerDecoder.Decode(frame);
        int count = 0;
        while (library.MoveNext())
        {
            count++;
        }
        Assert.Equal(3, count);
        Assert.Equal(12, library.Payload.Length);
    }

    [Fact]
    public void A_router_keeps_the_packet_and_wraps_it_in_a_new_frame()
    {
        var frame = (byte[])ScapyCorpus.Get("udp-2").Bytes.Clone();
        var walk = HeaderGen.Layers.LayerDecoder.Decode(frame);
        Assert.True(walk.MoveNext());
        Assert.True(walk.MoveNext());
        var ip = walk.Current;
        int offset = ip.Offset, length = ip.Data.Length;

        var rebuilt = HeaderGen.Layers.FrameBuilder.Around(frame, offset, length, HeaderGen.Layers.LayerKind.Ipv4Header)
            .Push(new EthernetHeader { Source = MacAddress.Parse("02:00:00:00:00:aa"), Destination = MacAddress.Parse("02:00:00:00:00:bb") });
        Assert.True(rebuilt.TryGetFrame(out var next, out var error), error.ToString());
        Assert.Equal(0, rebuilt.Offset);
        Assert.True(EthernetHeader.TryRead(next, out var ethernet));
        Assert.Equal((EtherType.Ipv4, MacAddress.Parse("02:00:00:00:00:bb")), (ethernet.EtherType, ethernet.Destination));
        Assert.Equal(Convert.ToHexString(ScapyCorpus.Get("udp-2").Bytes.AsSpan(14)), Convert.ToHexString(next.Slice(14)));
    }

    [Fact]
    public void A_builder_without_headroom_fails_with_a_reason_instead_of_writing()
    {
        var buffer = new byte[30];
        var builder = new FrameBuilder(buffer, 10).Payload("x"u8).Push(new UdpHeader()).Push(new Ipv4Header());
        Assert.False(builder.TryGetFrame(out _, out var error));
        Assert.Equal(HeaderErrorReason.DestinationTooSmall, error.Reason);
        Assert.Equal("IPv4", error.Header);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    public void A_label_stack_repeats_on_a_bool_selector_and_its_payloads_version_nibble_selects_ipv4_or_ipv6(int version)
    {
        // Three MPLS-in-UDP entries, as RFC 3032 lays them out: label 16 (0x00010), TC 0, S 0, TTL 64; label 17; label
        // 18 with S set. Bytes written by hand from the RFC's layout. After the bottom, the payload's first nibble
        // selects ([PayloadSelector]), and HeaderGen's IPv4 and IPv6 are bound into that table by this assembly.
        byte[] stack = Convert.FromHexString("00010040" + "00011040" + "00012140");
        var buffer = new byte[200];
        var built = new FrameBuilder(buffer, 128).Payload("data"u8).Push(new UdpHeader { SourcePort = 1111, DestinationPort = 2222 });
        built = version == 4
            ? built.Push(new Ipv4Header { TimeToLive = 9, SourceAddress = Ipv4Address.Parse("192.0.2.1"), DestinationAddress = Ipv4Address.Parse("192.0.2.2") })
            : built.Push(new Ipv6Header { NextHeader = IpProtocol.Udp, HopLimit = 9, SourceAddress = Ipv6Address.Parse("2001:db8::1"), DestinationAddress = Ipv6Address.Parse("2001:db8::2") });
        built = built
            .Push(new LabelHeader { Label = 18, BottomOfStack = true, Ttl = 64 })
            .Push(new LabelHeader { Label = 17, Ttl = 64 })
            .Push(new LabelHeader { Label = 16, Ttl = 64 })
            .Push(new UdpHeader { SourcePort = 50000 })
            .Push(new Ipv4Header { TimeToLive = 64, SourceAddress = Ipv4Address.Parse("10.0.0.1"), DestinationAddress = Ipv4Address.Parse("10.0.0.2") })
            .Push(new EthernetHeader { Source = MacAddress.Parse("02:00:00:00:00:01"), Destination = MacAddress.Parse("02:00:00:00:00:02") });
        Assert.True(built.TryGetFrame(out var frame, out var error), error.ToString());
        Assert.Equal(stack, frame.Slice(14 + 20 + 8, 12).ToArray());

        var walk = LayerDecoder.Decode(frame);
        var labels = new List<uint>();
        var kinds = new List<LayerKind>();
        while (walk.MoveNext())
        {
            kinds.Add(walk.Current.Kind);
            if (walk.Current.Kind == LayerKind.LabelHeader)
            {
                labels.Add(walk.Current.AsLabelHeader().Label);
            }
        }
        List<LayerKind> expected = [LayerKind.EthernetHeader, LayerKind.Ipv4Header, LayerKind.UdpHeader, LayerKind.LabelHeader, LayerKind.LabelHeader, LayerKind.LabelHeader];
        // IPv4 and IPv6 both carry on into UDP, whose checksum each builds its own pseudo-header for.
        expected.AddRange(version == 4 ? [LayerKind.Ipv4Header, LayerKind.UdpHeader] : [LayerKind.Ipv6Header, LayerKind.UdpHeader]);
        Assert.Equal(expected, kinds);
        var description = LayerDecoder.Describe(frame);
        Assert.Equal(version == 4 ? 4 : 3, description.Split("[checksum good]").Length - 1);   // the outer IPv4 and UDP, the inner (IPv4 and) UDP
        Assert.DoesNotContain("BAD", description, System.StringComparison.Ordinal);
        Assert.Equal([16u, 17u, 18u], labels);
        Assert.Equal(LayerWalkEnd.Payload, walk.End);
        Assert.EndsWith("data", System.Text.Encoding.ASCII.GetString(walk.Payload));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    public void A_template_of_this_projects_protocols_builds_and_parses_the_label_stack_as_the_builder_and_the_walk_do(int version)
    {
        // The same three entries as above, by template: a bool selector, a lookahead over this assembly's bindings, and a
        // trailer declared here (TokenTrailer's CRC-5 over the frame) instead of Ethernet's FCS.
        byte[] stack = Convert.FromHexString("00010040" + "00011040" + "00012140");
        var outer = new Ipv4Header { TimeToLive = 64, SourceAddress = Ipv4Address.Parse("10.0.0.1"), DestinationAddress = Ipv4Address.Parse("10.0.0.2") };
        var ethernet = new EthernetHeader { Source = MacAddress.Parse("02:00:00:00:00:01"), Destination = MacAddress.Parse("02:00:00:00:00:02") };
        var inner = new UdpHeader { SourcePort = 1111, DestinationPort = 2222 };
        var (first, second, bottom) = (new LabelHeader { Label = 16, Ttl = 64 }, new LabelHeader { Label = 17, Ttl = 64 }, new LabelHeader { Label = 18, BottomOfStack = true, Ttl = 64 });
        var ipv4 = new Ipv4Header { TimeToLive = 9, SourceAddress = Ipv4Address.Parse("192.0.2.1"), DestinationAddress = Ipv4Address.Parse("192.0.2.2") };
        var ipv6 = new Ipv6Header { HopLimit = 9, SourceAddress = Ipv6Address.Parse("2001:db8::1"), DestinationAddress = Ipv6Address.Parse("2001:db8::2") };

        var buffer = new byte[200];
        var built = new FrameBuilder(buffer, 128).Payload("data"u8).Push(inner);
        built = version == 4 ? built.Push(ipv4) : built.Push(ipv6);
        built = built.Push(bottom).Push(second).Push(first).Push(new UdpHeader { SourcePort = 50000 }).Push(outer).Push(ethernet).AppendTokenTrailer();
        Assert.True(built.TryGetFrame(out var expected, out var error), error.ToString());

        var templated = new byte[200];
        int length;
        bool ok = version == 4
            ? LabelStackIpv4.TryBuild(templated, ethernet, outer, new UdpHeader { SourcePort = 50000 }, first, second, bottom, ipv4, inner, "data"u8, out length, out error)
            : LabelStackIpv6.TryBuild(templated, ethernet, outer, new UdpHeader { SourcePort = 50000 }, first, second, bottom, ipv6, inner, "data"u8, out length, out error);
        Assert.True(ok, error.ToString());
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(templated, 0, length));
        Assert.Equal(stack, templated.AsSpan(14 + 20 + 8, 12).ToArray());
        Assert.True(TokenTrailer.Verify(templated.AsSpan(0, length)));

        // Read back by the template, the payload the walk ends with.
        var frame = templated.AsSpan(0, length - TokenTrailer.FixedLength);
        ok = version == 4
            ? LabelStackIpv4.TryParse(frame, out _, out _, out _, out _, out _, out var third, out _, out var udp4, out var data)
                && third.Label == 18 && udp4.DestinationPort == 2222 && data.SequenceEqual("data"u8)
            : LabelStackIpv6.TryParse(frame, out _, out _, out _, out _, out _, out var last, out _, out var udp6, out var data6)
                && last.Label == 18 && udp6.DestinationPort == 2222 && data6.SequenceEqual("data"u8);
        Assert.True(ok);
        // One entry fewer than the template has: the third label's place holds IPv4 or IPv6, and the template refuses it.
        var shorter = new byte[200];
        var two = new FrameBuilder(shorter, 128).Payload("data"u8).Push(inner);
        two = version == 4 ? two.Push(ipv4) : two.Push(ipv6);
        two = two.Push(bottom).Push(first).Push(new UdpHeader { SourcePort = 50000 }).Push(outer).Push(ethernet);
        Assert.True(two.TryGetFrame(out var twoFrame, out error), error.ToString());
        Assert.False(version == 4
            ? LabelStackIpv4.TryParse(twoFrame, out _, out _, out _, out _, out _, out _, out _, out _, out _)
            : LabelStackIpv6.TryParse(twoFrame, out _, out _, out _, out _, out _, out _, out _, out _, out _));
    }
}

[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader), typeof(LabelHeader), typeof(LabelHeader), typeof(LabelHeader), typeof(Ipv4Header), typeof(UdpHeader), typeof(TokenTrailer))]
public static partial class LabelStackIpv4;

[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader), typeof(LabelHeader), typeof(LabelHeader), typeof(LabelHeader), typeof(Ipv6Header), typeof(UdpHeader), typeof(TokenTrailer))]
public static partial class LabelStackIpv6;
