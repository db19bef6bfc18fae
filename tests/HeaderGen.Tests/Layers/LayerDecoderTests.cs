using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using HeaderGen.Protocols;
using HeaderGen.Layers;
using Xunit;
using Decoder = HeaderGen.Layers.LayerDecoder;

namespace HeaderGen.Tests.Layers;

public class LayerDecoderTests
{
    private static readonly Dictionary<string, HeaderGen.Layers.LayerKind> Kinds = new()
    {
        ["Ethernet"] = HeaderGen.Layers.LayerKind.EthernetHeader,
        ["Ieee8021QTag"] = HeaderGen.Layers.LayerKind.Ieee8021QTag,
        ["Ipv4"] = HeaderGen.Layers.LayerKind.Ipv4Header,
        ["Udp"] = HeaderGen.Layers.LayerKind.UdpHeader,
        ["Tcp"] = HeaderGen.Layers.LayerKind.TcpHeader,
        ["Icmp"] = HeaderGen.Layers.LayerKind.IcmpHeader,
        ["Icmpv6"] = HeaderGen.Layers.LayerKind.Icmpv6Header,
        ["Arp"] = HeaderGen.Layers.LayerKind.ArpPacket,
        ["Ipv6"] = HeaderGen.Layers.LayerKind.Ipv6Header,
        ["Ipv6HopByHop"] = HeaderGen.Layers.LayerKind.Ipv6HopByHopHeader,
        ["Ipv6Routing"] = HeaderGen.Layers.LayerKind.Ipv6RoutingHeader,
        ["Ipv6Fragment"] = HeaderGen.Layers.LayerKind.Ipv6FragmentHeader,
        ["Ipv6DestinationOptions"] = HeaderGen.Layers.LayerKind.Ipv6DestinationOptionsHeader,
        ["Gre"] = HeaderGen.Layers.LayerKind.GreHeader,
        ["Mpls"] = HeaderGen.Layers.LayerKind.MplsHeader,
        ["Geneve"] = HeaderGen.Layers.LayerKind.GeneveHeader,
        ["Vxlan"] = HeaderGen.Layers.LayerKind.VxlanHeader,
        ["Ah"] = HeaderGen.Layers.LayerKind.AuthenticationHeader,
    };

    [Fact]
    public void The_corpus_holds_its_frames_of_every_kind()
    {
        Assert.Equal(608, ScapyCorpus.Frames.Count);
        Assert.All(Kinds.Keys, kind => Assert.Contains(ScapyCorpus.Frames, f => f.Layers.Any(l => l.Kind == kind)));
    }

    [Theory]
    [MemberData(nameof(ScapyCorpus.Names), MemberType = typeof(ScapyCorpus))]
    public void Every_layer_and_field_reads_as_scapy_says(string name)
    {
        var frame = ScapyCorpus.Get(name);
        var walk = Decoder.Decode(frame.Bytes);
        int index = 0;
        // while, not foreach: foreach walks a copy, and End and Payload are read from this one afterwards.
        while (walk.MoveNext())
        {
            var layer = walk.Current;
            Assert.True(index < frame.Layers.Count, $"{name}: more layers than Scapy saw: {layer.Kind}");
            var expected = frame.Layers[index++];
            Assert.Equal(Kinds[expected.Kind], layer.Kind);
            object value = CorpusValues.Value(layer);
            foreach (var (field, json) in expected.Fields)
            {
                var actual = value.GetType().GetField(field)!.GetValue(value)!;
                Assert.True(Same(json, actual), $"{name}: {expected.Kind}.{field} is {actual}, Scapy says {json}");
            }
            if (expected.Options is { } options)
            {
                Assert.Equal(options, Convert.ToHexString(CorpusValues.Options(layer)).ToLowerInvariant());
            }
            if (expected.Elements is { } elements)
            {
                AssertGeneveOptions(layer.AsGeneveHeader(), elements, expected.ElementsMalformed);
            }
        }
        Assert.Equal(frame.Layers.Count, index);
        Assert.Equal(HeaderGen.Layers.LayerWalkEnd.Payload, walk.End);
        Assert.Equal(Convert.ToHexString(frame.Payload), Convert.ToHexString(walk.Payload));
        // A fragment's payload, first or later, IPv4's or IPv6's, is held back from the next layer; a whole packet's is not.
        var last = frame.Layers[^1];
        bool fragment = last.Kind is "Ipv4" or "Ipv6Fragment"
            && (last.Fields["MoreFragments"].GetBoolean() || last.Fields["FragmentOffset"].GetInt32() != 0);
        Assert.Equal(fragment, walk.HeldBack);
    }

    // Each TLV as the region's length fields give it, and a list that stops at an option whose length runs past the region.
    private static void AssertGeneveOptions(GeneveHeader.ReadOnlyView geneve, JsonElement elements, bool malformed)
    {
        var list = geneve.OptionList;
        foreach (var expected in elements.EnumerateArray())
        {
            Assert.True(list.MoveNext(), list.Error.ToString());
            var option = GeneveOption.ReadOnlyView.CreateUnchecked(list.Current);
            var e = expected.EnumerateArray().ToArray();
            Assert.Equal((e[0].GetUInt16(), e[1].GetByte(), e[2].GetByte(), e[3].GetByte(), e[4].GetString()),
                (option.OptionClass, option.Type, option.Reserved, option.Length, Convert.ToHexString(option.Options).ToLowerInvariant()));
        }
        Assert.False(list.MoveNext());
        Assert.Equal(malformed, !list.Error.IsNone);
        Assert.Equal(!malformed, geneve.OptionList.TryValidate(out int count, out _));
        Assert.Equal(elements.GetArrayLength(), count);
        if (malformed)
        {
            Assert.Equal((HeaderErrorReason.LengthBeyondBuffer, "Geneve option", "Length"), (list.Error.Reason, list.Error.Header, list.Error.Field));
        }
    }

    [Theory]
    [MemberData(nameof(ScapyCorpus.Names), MemberType = typeof(ScapyCorpus))]
    public void Every_checksum_verdict_agrees_with_scapy(string name)
    {
        var frame = ScapyCorpus.Get(name);
        var description = Decoder.Describe(frame.Bytes);
        Assert.DoesNotContain("not checked", description, StringComparison.Ordinal);
        // Every checksum Scapy reads: IPv4's, the transports', and GRE's when its C bit is set.
        var checksummed = frame.Layers.Where(l => l.Kind is "Ipv4" or "Udp" or "Tcp" or "Icmp" or "Icmpv6"
            || (l.Kind == "Gre" && l.Fields["ChecksumPresent"].GetBoolean())).ToList();
        Assert.Equal(checksummed.Count(l => !l.BadChecksum), description.Split("[checksum good]").Length - 1);
        Assert.Equal(checksummed.Count(l => l.BadChecksum), description.Split("[checksum BAD]").Length - 1);
    }

    [Fact]
    public void A_zero_udp_checksum_means_none_over_ipv4_and_fails_over_ipv6_and_a_wrong_one_fails_over_both()
    {
        // RFC 768: a UDP checksum of zero was not computed; RFC 8200 8.1: over IPv6 it must be, and a zero is dropped.
        // Every whole UDP datagram of the corpus (Scapy computed its checksum), with the checksum zeroed, then off by one.
        int over4 = 0, over6 = 0;
        foreach (var frame in ScapyCorpus.Frames.Where(f => f.Layers.Any(l => l.Kind == "Udp") && !f.Layers.Any(l => l.BadChecksum)))
        {
            bool ipv6 = frame.Layers.Last(l => l.Kind is "Ipv4" or "Ipv6").Kind == "Ipv6";   // the network layer under the innermost UDP
            int offset = UdpOffset(frame.Bytes);
            var bytes = (byte[])frame.Bytes.Clone();
            var udp = UdpHeader.View.CreateUnchecked(bytes.AsSpan(offset));
            ushort sent = udp.Checksum;
            udp.Checksum = 0;
            Assert.Contains(ipv6 ? "[checksum BAD]" : "[checksum good]", UdpLine(Decoder.Describe(bytes)));
            udp.Checksum = (ushort)(sent == 0xFFFF ? 1 : sent + 1);
            Assert.Contains("[checksum BAD]", UdpLine(Decoder.Describe(bytes)));
            _ = ipv6 ? over6++ : over4++;
        }
        Assert.True(over4 >= 20 && over6 >= 20, $"{over4} over IPv4, {over6} over IPv6");

        static string UdpLine(string description) => description.Split('\n').Last(line => line.Contains("UDP SourcePort", StringComparison.Ordinal));
    }

    // Where the (innermost) UDP header starts, by the decoder's own walk.
    private static int UdpOffset(byte[] frame)
    {
        int offset = -1;
        var walk = Decoder.Decode(frame);
        while (walk.MoveNext())
        {
            if (walk.Current.Kind == HeaderGen.Layers.LayerKind.UdpHeader)
            {
                offset = walk.Current.Offset;
            }
        }
        Assert.True(offset >= 0);
        return offset;
    }

    [Theory]
    [MemberData(nameof(ScapyCorpus.Names), MemberType = typeof(ScapyCorpus))]
    public void The_builder_reproduces_every_frame_from_its_fields(string name)
    {
        var frame = ScapyCorpus.Get(name);
        var values = CorpusValues.Prepared(frame.Bytes);

        // A buffer that held another frame before (the stack reuses its buffers): every byte of the frame, padding
        // included, is written, none left from before (Etherleak, CVE-2003-0001, sent stale memory as padding).
        var buffer = new byte[512];
        buffer.AsSpan().Fill(0xA5);
        var builder = new HeaderGen.Layers.FrameBuilder(buffer, 256).Payload(frame.Payload);
        for (int i = values.Count - 1; i >= 0; i--)
        {
            var (kind, value, options) = values[i];
            builder = kind switch
            {
                HeaderGen.Layers.LayerKind.UdpHeader => builder.Push((UdpHeader)value),
                HeaderGen.Layers.LayerKind.TcpHeader => builder.Push((TcpHeader)value, options),
                HeaderGen.Layers.LayerKind.IcmpHeader => builder.Push((IcmpHeader)value),
                HeaderGen.Layers.LayerKind.Icmpv6Header => builder.Push((Icmpv6Header)value),
                HeaderGen.Layers.LayerKind.Ipv4Header => builder.Push((Ipv4Header)value, options),
                HeaderGen.Layers.LayerKind.GreHeader => builder.Push((GreHeader)value),
                HeaderGen.Layers.LayerKind.MplsHeader => builder.Push((MplsHeader)value),
                HeaderGen.Layers.LayerKind.GeneveHeader => builder.Push((GeneveHeader)value, options),
                HeaderGen.Layers.LayerKind.VxlanHeader => builder.Push((VxlanHeader)value),
                HeaderGen.Layers.LayerKind.AuthenticationHeader => builder.Push((AuthenticationHeader)value, options),
                HeaderGen.Layers.LayerKind.ArpPacket => builder.Push((ArpPacket)value),
                HeaderGen.Layers.LayerKind.Ipv6Header => builder.Push((Ipv6Header)value),
                HeaderGen.Layers.LayerKind.Ipv6HopByHopHeader => builder.Push((Ipv6HopByHopHeader)value, options),
                HeaderGen.Layers.LayerKind.Ipv6RoutingHeader => builder.Push((Ipv6RoutingHeader)value, options),
                HeaderGen.Layers.LayerKind.Ipv6FragmentHeader => builder.Push((Ipv6FragmentHeader)value),
                HeaderGen.Layers.LayerKind.Ipv6DestinationOptionsHeader => builder.Push((Ipv6DestinationOptionsHeader)value, options),
                HeaderGen.Layers.LayerKind.Ieee8021QTag => builder.Push((Ieee8021QTag)value),
                HeaderGen.Layers.LayerKind.EthernetHeader => builder.Push((EthernetHeader)value),
                _ => throw new InvalidOperationException(kind.ToString()),
            };
        }
        builder = builder.PadTo(frame.Bytes.Length);
        Assert.True(builder.TryGetFrame(out var built, out var error), error.ToString());
        if (frame.Layers.Any(l => l.BadChecksum))
        {
            // The builder writes the right checksum: the frame differs in that field's two bytes and nowhere else.
            Assert.Equal(frame.Bytes.Length, built.Length);
            var rebuilt = built.ToArray();
            var differ = Enumerable.Range(0, rebuilt.Length).Where(i => rebuilt[i] != frame.Bytes[i]).ToList();
            Assert.NotEmpty(differ);
            Assert.InRange(differ[^1] - differ[0], 0, 1);
            return;
        }
        Assert.Equal(Convert.ToHexString(frame.Bytes), Convert.ToHexString(built));
    }

    [Fact]
    public void Truncating_a_frame_at_every_length_ends_the_walk_cleanly()
    {
        foreach (var frame in ScapyCorpus.Frames)
        {
            for (int length = 0; length < frame.Bytes.Length; length++)
            {
                var walk = Decoder.Decode(frame.Bytes.AsSpan(0, length));
                int layers = 0;
                while (walk.MoveNext())
                {
                    Assert.InRange(walk.Current.Offset + walk.Current.Data.Length, 0, length);
                    layers++;
                }
                Assert.NotEqual(HeaderGen.Layers.LayerWalkEnd.None, walk.End);
                if (walk.End == HeaderGen.Layers.LayerWalkEnd.Malformed)
                {
                    Assert.InRange(walk.Error.Offset, 0, length);
                    Assert.InRange(walk.Error.Available, 0, length);
                    Assert.True(walk.Error.Required > walk.Error.Available || walk.Error.Reason == HeaderErrorReason.LengthFieldTooSmall, $"{frame.Name}@{length}: {walk.Error}");
                }
                Assert.True(layers <= frame.Layers.Count);
            }
        }
    }

    [Fact]
    public void A_corrupt_ipv4_total_length_ends_the_walk_at_the_ipv4_layer()
    {
        var bytes = ScapyCorpus.Get("udp-1").Bytes.ToArray();
        bytes[14 + 2] = 0xFF;
        var walk = Decoder.Decode(bytes);
        Assert.True(walk.MoveNext());
        Assert.Equal(HeaderGen.Layers.LayerKind.EthernetHeader, walk.Current.Kind);
        Assert.False(walk.MoveNext());
        Assert.Equal(HeaderGen.Layers.LayerWalkEnd.Malformed, walk.End);
        Assert.Equal(HeaderErrorReason.LengthBeyondBuffer, walk.Error.Reason);
        Assert.Equal(("IPv4", "TotalLength", bytes.Length), (walk.Error.Header, walk.Error.Field, walk.Error.Offset));
        Assert.Equal(bytes.Length - 14, walk.Error.Available);
    }

    [Fact]
    public void A_udp_length_below_its_header_is_reported_with_the_offset_in_the_frame()
    {
        var frame = ScapyCorpus.Frames.First(f => f.Name.StartsWith("udp-", StringComparison.Ordinal) && f.Layers[1].Fields["Ihl"].GetInt32() == 5);
        var bytes = frame.Bytes.ToArray();
        bytes[34 + 4] = 0;
        bytes[34 + 5] = 3;
        var walk = Decoder.Decode(bytes);
        while (walk.MoveNext())
        {
        }
        Assert.Equal(new HeaderError(HeaderErrorReason.LengthFieldTooSmall, "UDP", "Length", 34 + 4, 8, 3), walk.Error);
    }

    [Fact]
    public void Ipv6s_payload_length_bounds_its_payload_so_padding_is_not_data_and_a_length_past_the_frame_is_malformed()
    {
        var frame = ScapyCorpus.Frames.First(f => f.Name.StartsWith("ipv6-", StringComparison.Ordinal));
        var padded = frame.Bytes.Concat(new byte[7]).ToArray();   // link-layer padding after the packet
        var walk = Decoder.Decode(padded);
        while (walk.MoveNext())
        {
        }
        Assert.Equal(HeaderGen.Layers.LayerWalkEnd.Payload, walk.End);
        Assert.Equal(Convert.ToHexString(frame.Payload), Convert.ToHexString(walk.Payload));

        var cut = frame.Bytes[..^1];   // one byte fewer than the payload length says
        walk = Decoder.Decode(cut);
        while (walk.MoveNext())
        {
        }
        Assert.Equal(HeaderGen.Layers.LayerWalkEnd.Malformed, walk.End);
        Assert.Equal(HeaderErrorReason.LengthBeyondBuffer, walk.Error.Reason);
    }

    [Fact]
    public void A_later_fragment_is_not_decoded_as_a_transport_header()
    {
        var bytes = ScapyCorpus.Get("tcp-3").Bytes.ToArray();
        Assert.True(Ipv4Header.View.TryCreate(bytes.AsSpan(14), out var ip));
        ip.UpdateFragmentOffset(100);
        var walk = Decoder.Decode(bytes);
        var kinds = new List<HeaderGen.Layers.LayerKind>();
        while (walk.MoveNext())
        {
            kinds.Add(walk.Current.Kind);
        }
        Assert.Equal([HeaderGen.Layers.LayerKind.EthernetHeader, HeaderGen.Layers.LayerKind.Ipv4Header], kinds);
        Assert.Equal(HeaderGen.Layers.LayerWalkEnd.Payload, walk.End);
    }

    // Found by AFL++ (fuzz/run-afl.sh decoder): frames whose MPLS stacks and IPv6 extension chains run to hundreds of
    // layers. The walk has no depth limit, as Wireshark has none for these: each layer consumes its header, so a walk
    // is at most one layer per 4 bytes (the shortest bundled header) and ends at the frame's end. These pin that down.
    [Theory]
    [InlineData(1)]
    [InlineData(65)]
    [InlineData(300)]
    public void An_mpls_stack_of_any_depth_is_walked_label_by_label_to_the_ip_packet_under_it(int labels)
    {
        var buffer = new byte[14 + labels * 4 + 128];
        var builder = new FrameBuilder(buffer, buffer.Length - 64).Payload("deep"u8)
            .Push(new UdpHeader { SourcePort = 1000, DestinationPort = 2000 })
            .Push(new Ipv4Header { TimeToLive = 9, SourceAddress = Ipv4Address.Parse("192.0.2.1"), DestinationAddress = Ipv4Address.Parse("192.0.2.2") });
        for (int i = labels - 1; i >= 0; i--)
        {
            builder = builder.Push(new MplsHeader { Label = (uint)(16 + i), BottomOfStack = i == labels - 1, TimeToLive = 64 });
        }
        var frame = builder.Push(new EthernetHeader { Destination = MacAddress.Parse("02:00:00:00:00:02"), Source = MacAddress.Parse("02:00:00:00:00:01") }).Frame;
        Assert.True(builder.Error.IsNone, builder.Error.ToString());

        var walk = Decoder.Decode(frame);
        var kinds = new List<HeaderGen.Layers.LayerKind>();
        int previous = -1;
        while (walk.MoveNext())
        {
            var layer = walk.Current;
            Assert.True(layer.Offset > previous);
            previous = layer.Offset;
            if (layer.Kind == HeaderGen.Layers.LayerKind.MplsHeader)
            {
                Assert.Equal((uint)(16 + kinds.Count - 1), layer.AsMplsHeader().Label);
            }
            kinds.Add(layer.Kind);
        }
        HeaderGen.Layers.LayerKind[] expected = [HeaderGen.Layers.LayerKind.EthernetHeader, .. Enumerable.Repeat(HeaderGen.Layers.LayerKind.MplsHeader, labels),
            HeaderGen.Layers.LayerKind.Ipv4Header, HeaderGen.Layers.LayerKind.UdpHeader];
        Assert.Equal(expected, kinds);
        Assert.Equal(HeaderGen.Layers.LayerWalkEnd.Payload, walk.End);
        Assert.Equal("deep"u8.ToArray(), walk.Payload.ToArray());
    }

    [Theory]
    [InlineData(65)]
    [InlineData(200)]
    public void A_chain_of_hop_by_hop_headers_is_walked_to_its_end(int headers)
    {
        var buffer = new byte[14 + 40 + headers * 8 + 128];
        var builder = new FrameBuilder(buffer, buffer.Length - 64).Payload("chain"u8).Push(new UdpHeader { SourcePort = 7, DestinationPort = 9 });
        for (int i = 0; i < headers; i++)
        {
            builder = builder.Push(new Ipv6HopByHopHeader(), [1, 4, 0, 0, 0, 0]);   // PadN: the header's 8 bytes
        }
        var frame = builder
            .Push(new Ipv6Header { HopLimit = 1, SourceAddress = Ipv6Address.Parse("2001:db8::1"), DestinationAddress = Ipv6Address.Parse("2001:db8::2") })
            .Push(new EthernetHeader { Destination = MacAddress.Parse("02:00:00:00:00:02"), Source = MacAddress.Parse("02:00:00:00:00:01") }).Frame;
        Assert.True(builder.Error.IsNone, builder.Error.ToString());

        var walk = Decoder.Decode(frame);
        var kinds = new List<HeaderGen.Layers.LayerKind>();
        while (walk.MoveNext())
        {
            kinds.Add(walk.Current.Kind);
        }
        HeaderGen.Layers.LayerKind[] expected = [HeaderGen.Layers.LayerKind.EthernetHeader, HeaderGen.Layers.LayerKind.Ipv6Header,
            .. Enumerable.Repeat(HeaderGen.Layers.LayerKind.Ipv6HopByHopHeader, headers), HeaderGen.Layers.LayerKind.UdpHeader];
        Assert.Equal(expected, kinds);
        Assert.Equal("chain"u8.ToArray(), walk.Payload.ToArray());
    }

    [Fact]
    public void Describe_and_hex_dump_show_each_layer_and_its_bytes()
    {
        var frame = ScapyCorpus.Get("vlan-udp-0").Bytes;
        var description = Decoder.Describe(frame);
        var lines = description.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("[   0..  14) Ethernet Destination=", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("[  14..  18) 802.1Q Priority=", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("[  18..  38) IPv4 Version=4", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("[checksum good]", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("[  38..  46) UDP SourcePort=", lines[3], StringComparison.Ordinal);

        var dump = Decoder.HexDump(frame).Split('\n');
        Assert.StartsWith("0000  " + string.Join(" ", frame.Take(16).Select(b => b.ToString("x2", CultureInfo.InvariantCulture))), dump[0], StringComparison.Ordinal);
        Assert.Equal("      " + string.Concat(Enumerable.Repeat("1  ", 14)) + "2  2  ", dump[1]);
    }

    [Fact]
    public void Decoding_a_frame_allocates_nothing()
    {
        var frame = ScapyCorpus.Get("tcp-1").Bytes;
        long sum = Walk(frame, 100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        sum += Walk(frame, 10_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sum);

        static long Walk(byte[] frame, int iterations)
        {
            long sum = 0;
            for (int i = 0; i < iterations; i++)
            {
                foreach (var layer in Decoder.Decode(frame))
                {
                    sum += layer.Offset + (int)layer.Kind;
                }
            }
            return sum;
        }
    }

    private static bool Same(JsonElement expected, object actual) => expected.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => actual is bool b && b == expected.GetBoolean(),
        JsonValueKind.Null => actual is null,
        // IPv6 addresses by value: Scapy writes ::4d96:a92e as ::77.150.169.46, RFC 5952 in hexadecimal.
        JsonValueKind.String when actual is Ipv6Address address => Ipv6Address.Parse(expected.GetString()!) == address,
        JsonValueKind.String => string.Equals(expected.GetString(), actual.ToString(), StringComparison.OrdinalIgnoreCase),
        JsonValueKind.Number => expected.GetUInt64() == Convert.ToUInt64(actual.GetType().IsEnum ? Convert.ChangeType(actual, Enum.GetUnderlyingType(actual.GetType()), CultureInfo.InvariantCulture) : actual, CultureInfo.InvariantCulture),
        _ => false,
    };
}
