using System;
using System.Collections.Generic;
using System.Linq;
using HeaderGen.Protocols;
using Xunit;
using Kind = HeaderGen.Layers.LayerKind;

namespace HeaderGen.Tests.Layers;

// The corpus's shapes as templates (no padding: Scapy's frames carry theirs; no FCS: they have none).
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header))] public static partial class EthIpv4;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader))] public static partial class EthIpv4Udp;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(TcpHeader))] public static partial class EthIpv4Tcp;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(IcmpHeader))] public static partial class EthIpv4Icmp;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv6Header))] public static partial class EthIpv6;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv6Header), typeof(Icmpv6Header))] public static partial class EthIpv6Icmpv6;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv6Header), typeof(UdpHeader))] public static partial class EthIpv6Udp;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv6Header), typeof(TcpHeader))] public static partial class EthIpv6Tcp;
[FrameTemplate(typeof(EthernetHeader), typeof(ArpPacket))] public static partial class EthArp;
[FrameTemplate(typeof(EthernetHeader), typeof(Ieee8021QTag), typeof(Ipv4Header), typeof(UdpHeader))] public static partial class EthVlanIpv4Udp;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader), typeof(VxlanHeader), typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader))]
public static partial class Vxlan;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader), typeof(GeneveHeader), typeof(Ipv4Header), typeof(UdpHeader))]
public static partial class GeneveIpv4;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader), typeof(GeneveHeader), typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader))]
public static partial class GeneveEthernet;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader), typeof(GeneveHeader), typeof(Ipv6Header), typeof(UdpHeader))]
public static partial class GeneveIpv6;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(GreHeader), typeof(Ipv4Header), typeof(UdpHeader))] public static partial class GreIpv4;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(GreHeader), typeof(Ipv6Header), typeof(UdpHeader))] public static partial class GreIpv6;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(GreHeader), typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader))]
public static partial class GreEthernet;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv6Header), typeof(GreHeader), typeof(Ipv4Header), typeof(UdpHeader))] public static partial class Ipv6GreIpv4;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(AuthenticationHeader), typeof(UdpHeader))] public static partial class AhIpv4;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv6Header), typeof(AuthenticationHeader), typeof(UdpHeader))] public static partial class AhIpv6;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv6Header), typeof(Ipv6HopByHopHeader), typeof(Icmpv6Header))] public static partial class HopByHopIcmpv6;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv6Header), typeof(Ipv6HopByHopHeader), typeof(Ipv6DestinationOptionsHeader), typeof(GreHeader), typeof(Ipv6Header), typeof(UdpHeader))]
public static partial class OptionsGreIpv6;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv6Header), typeof(Ipv6HopByHopHeader), typeof(Ipv6FragmentHeader), typeof(UdpHeader))]
public static partial class HopByHopFragmentUdp;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv6Header), typeof(Ipv6HopByHopHeader), typeof(Ipv6RoutingHeader), typeof(Ipv6FragmentHeader), typeof(Ipv6DestinationOptionsHeader), typeof(UdpHeader))]
public static partial class ExtensionChainUdp;
[FrameTemplate(typeof(EthernetHeader), typeof(MplsHeader), typeof(MplsHeader), typeof(Ipv4Header), typeof(UdpHeader))] public static partial class MplsTwoIpv4;
[FrameTemplate(typeof(EthernetHeader), typeof(MplsHeader), typeof(Ipv6Header), typeof(UdpHeader))] public static partial class MplsIpv6;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(GreHeader), typeof(MplsHeader), typeof(MplsHeader), typeof(Ipv6Header), typeof(UdpHeader))]
public static partial class GreMplsIpv6;

// With padding and the FCS, as a NIC sends it; with padding alone.
[FrameTemplate(typeof(EthernetHeader), typeof(ArpPacket), PadTo = 60)] public static partial class PaddedArp;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader), typeof(EthernetTrailer), PadTo = 60)] public static partial class UdpFrame;
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv6Header), typeof(Ipv6HopByHopHeader), typeof(Ipv6FragmentHeader), typeof(TcpHeader), typeof(EthernetTrailer), PadTo = 60)]
public static partial class TcpFragmentFrame;

public class FrameTemplateTests
{
    private delegate bool Build(List<(Kind Kind, object Value, byte[] Options)> v, byte[] payload, byte[] buffer, out int length, out HeaderError error);

    private static T V<T>(List<(Kind Kind, object Value, byte[] Options)> v, int i) => (T)v[i].Value;

    private static byte[] O(List<(Kind Kind, object Value, byte[] Options)> v, int i) => v[i].Options;

    // Each template by the kinds of its layers, as the decoder names them.
    private static readonly Dictionary<string, Build> Templates = new()
    {
        ["EthernetHeader/Ipv4Header"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            EthIpv4.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv4Header>(v, 1), p, out n, out e, O(v, 1)),
        ["EthernetHeader/Ipv4Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            EthIpv4Udp.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv4Header>(v, 1), V<UdpHeader>(v, 2), p, out n, out e, O(v, 1)),
        ["EthernetHeader/Ipv4Header/TcpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            EthIpv4Tcp.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv4Header>(v, 1), V<TcpHeader>(v, 2), p, out n, out e, O(v, 1), O(v, 2)),
        ["EthernetHeader/Ipv4Header/IcmpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            EthIpv4Icmp.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv4Header>(v, 1), V<IcmpHeader>(v, 2), p, out n, out e, O(v, 1)),
        ["EthernetHeader/Ipv6Header"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            EthIpv6.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv6Header>(v, 1), p, out n, out e),
        ["EthernetHeader/Ipv6Header/Icmpv6Header"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            EthIpv6Icmpv6.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv6Header>(v, 1), V<Icmpv6Header>(v, 2), p, out n, out e),
        ["EthernetHeader/Ipv6Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            EthIpv6Udp.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv6Header>(v, 1), V<UdpHeader>(v, 2), p, out n, out e),
        ["EthernetHeader/Ipv6Header/TcpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            EthIpv6Tcp.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv6Header>(v, 1), V<TcpHeader>(v, 2), p, out n, out e, O(v, 2)),
        ["EthernetHeader/ArpPacket"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            EthArp.TryBuild(b, V<EthernetHeader>(v, 0), V<ArpPacket>(v, 1), p, out n, out e),
        ["EthernetHeader/Ieee8021QTag/Ipv4Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            EthVlanIpv4Udp.TryBuild(b, V<EthernetHeader>(v, 0), V<Ieee8021QTag>(v, 1), V<Ipv4Header>(v, 2), V<UdpHeader>(v, 3), p, out n, out e, O(v, 2)),
        ["EthernetHeader/Ipv4Header/UdpHeader/VxlanHeader/EthernetHeader/Ipv4Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            Vxlan.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv4Header>(v, 1), V<UdpHeader>(v, 2), V<VxlanHeader>(v, 3), V<EthernetHeader>(v, 4), V<Ipv4Header>(v, 5), V<UdpHeader>(v, 6),
                p, out n, out e, O(v, 1), O(v, 5)),
        ["EthernetHeader/Ipv4Header/UdpHeader/GeneveHeader/Ipv4Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            GeneveIpv4.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv4Header>(v, 1), V<UdpHeader>(v, 2), V<GeneveHeader>(v, 3), V<Ipv4Header>(v, 4), V<UdpHeader>(v, 5),
                p, out n, out e, O(v, 1), O(v, 3), O(v, 4)),
        ["EthernetHeader/Ipv4Header/UdpHeader/GeneveHeader/EthernetHeader/Ipv4Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            GeneveEthernet.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv4Header>(v, 1), V<UdpHeader>(v, 2), V<GeneveHeader>(v, 3), V<EthernetHeader>(v, 4), V<Ipv4Header>(v, 5), V<UdpHeader>(v, 6),
                p, out n, out e, O(v, 1), O(v, 3), O(v, 5)),
        ["EthernetHeader/Ipv4Header/UdpHeader/GeneveHeader/Ipv6Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            GeneveIpv6.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv4Header>(v, 1), V<UdpHeader>(v, 2), V<GeneveHeader>(v, 3), V<Ipv6Header>(v, 4), V<UdpHeader>(v, 5),
                p, out n, out e, O(v, 1), O(v, 3)),
        ["EthernetHeader/Ipv4Header/GreHeader/Ipv4Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            GreIpv4.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv4Header>(v, 1), V<GreHeader>(v, 2), V<Ipv4Header>(v, 3), V<UdpHeader>(v, 4), p, out n, out e, O(v, 1), O(v, 3)),
        ["EthernetHeader/Ipv4Header/GreHeader/Ipv6Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            GreIpv6.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv4Header>(v, 1), V<GreHeader>(v, 2), V<Ipv6Header>(v, 3), V<UdpHeader>(v, 4), p, out n, out e, O(v, 1)),
        ["EthernetHeader/Ipv4Header/GreHeader/EthernetHeader/Ipv4Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            GreEthernet.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv4Header>(v, 1), V<GreHeader>(v, 2), V<EthernetHeader>(v, 3), V<Ipv4Header>(v, 4), V<UdpHeader>(v, 5),
                p, out n, out e, O(v, 1), O(v, 4)),
        ["EthernetHeader/Ipv6Header/GreHeader/Ipv4Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            Ipv6GreIpv4.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv6Header>(v, 1), V<GreHeader>(v, 2), V<Ipv4Header>(v, 3), V<UdpHeader>(v, 4), p, out n, out e, O(v, 3)),
        ["EthernetHeader/Ipv4Header/AuthenticationHeader/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            AhIpv4.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv4Header>(v, 1), V<AuthenticationHeader>(v, 2), V<UdpHeader>(v, 3), p, out n, out e, O(v, 1), O(v, 2)),
        ["EthernetHeader/Ipv6Header/AuthenticationHeader/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            AhIpv6.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv6Header>(v, 1), V<AuthenticationHeader>(v, 2), V<UdpHeader>(v, 3), p, out n, out e, O(v, 2)),
        ["EthernetHeader/Ipv6Header/Ipv6HopByHopHeader/Icmpv6Header"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            HopByHopIcmpv6.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv6Header>(v, 1), V<Ipv6HopByHopHeader>(v, 2), V<Icmpv6Header>(v, 3), p, out n, out e, O(v, 2)),
        ["EthernetHeader/Ipv6Header/Ipv6HopByHopHeader/Ipv6DestinationOptionsHeader/GreHeader/Ipv6Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            OptionsGreIpv6.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv6Header>(v, 1), V<Ipv6HopByHopHeader>(v, 2), V<Ipv6DestinationOptionsHeader>(v, 3), V<GreHeader>(v, 4),
                V<Ipv6Header>(v, 5), V<UdpHeader>(v, 6), p, out n, out e, O(v, 2), O(v, 3)),
        ["EthernetHeader/Ipv6Header/Ipv6HopByHopHeader/Ipv6FragmentHeader/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            HopByHopFragmentUdp.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv6Header>(v, 1), V<Ipv6HopByHopHeader>(v, 2), V<Ipv6FragmentHeader>(v, 3), V<UdpHeader>(v, 4),
                p, out n, out e, O(v, 2)),
        ["EthernetHeader/Ipv6Header/Ipv6HopByHopHeader/Ipv6RoutingHeader/Ipv6FragmentHeader/Ipv6DestinationOptionsHeader/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            ExtensionChainUdp.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv6Header>(v, 1), V<Ipv6HopByHopHeader>(v, 2), V<Ipv6RoutingHeader>(v, 3), V<Ipv6FragmentHeader>(v, 4),
                V<Ipv6DestinationOptionsHeader>(v, 5), V<UdpHeader>(v, 6), p, out n, out e, O(v, 2), O(v, 3), O(v, 5)),
        ["EthernetHeader/MplsHeader/MplsHeader/Ipv4Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            MplsTwoIpv4.TryBuild(b, V<EthernetHeader>(v, 0), V<MplsHeader>(v, 1), V<MplsHeader>(v, 2), V<Ipv4Header>(v, 3), V<UdpHeader>(v, 4), p, out n, out e, O(v, 3)),
        ["EthernetHeader/MplsHeader/Ipv6Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            MplsIpv6.TryBuild(b, V<EthernetHeader>(v, 0), V<MplsHeader>(v, 1), V<Ipv6Header>(v, 2), V<UdpHeader>(v, 3), p, out n, out e),
        ["EthernetHeader/Ipv4Header/GreHeader/MplsHeader/MplsHeader/Ipv6Header/UdpHeader"] = (List<(Kind, object, byte[])> v, byte[] p, byte[] b, out int n, out HeaderError e) =>
            GreMplsIpv6.TryBuild(b, V<EthernetHeader>(v, 0), V<Ipv4Header>(v, 1), V<GreHeader>(v, 2), V<MplsHeader>(v, 3), V<MplsHeader>(v, 4), V<Ipv6Header>(v, 5), V<UdpHeader>(v, 6),
                p, out n, out e, O(v, 1)),
    };

    [Fact]
    public void Templates_build_the_corpus_frames_of_their_shapes_byte_for_byte()
    {
        var used = new HashSet<string>();
        int built = 0;
        foreach (var frame in ScapyCorpus.Frames)
        {
            var values = CorpusValues.Prepared(frame.Bytes);
            string shape = string.Join("/", values.Select(v => v.Kind));
            if (!Templates.TryGetValue(shape, out var build))
            {
                continue;
            }
            used.Add(shape);
            built++;
            // A buffer that held another frame: every byte the template reports is written.
            var buffer = new byte[512];
            buffer.AsSpan().Fill(0xA5);
            Assert.True(build(values, frame.Payload, buffer, out int length, out var error), $"{frame.Name}: {error}");
            // Scapy pads short frames with zeros; the templates here pad nothing.
            var expected = frame.Bytes;
            Assert.InRange(length, 0, expected.Length);
            Assert.All(expected.Skip(length), b => Assert.Equal(0, b));
            var actual = buffer.AsSpan(0, length).ToArray();
            if (frame.Layers.Any(l => l.BadChecksum))
            {
                // The template writes the right checksum: the frame differs in that field's two bytes and nowhere else.
                var differ = Enumerable.Range(0, length).Where(i => actual[i] != expected[i]).ToList();
                Assert.NotEmpty(differ);
                Assert.InRange(differ[^1] - differ[0], 0, 1);
                continue;
            }
            Assert.Equal(Convert.ToHexString(expected, 0, length), Convert.ToHexString(actual));
        }
        // Every template met frames of its shape, and most of the corpus is built this way.
        Assert.Equal(Templates.Keys.OrderBy(k => k), used.OrderBy(k => k));
        Assert.Equal(541, built);
    }

    [Fact]
    public void A_template_builds_what_the_frame_builder_builds_for_random_headers_and_payloads()
    {
        var random = new Random(20261205);
        int failures = 0, fieldErrors = 0;
        for (int round = 0; round < 4000; round++)
        {
            var ethernet = new EthernetHeader
            {
                Destination = new MacAddress((ulong)random.NextInt64(1L << 48)),
                Source = new MacAddress((ulong)random.NextInt64(1L << 48)),
                EtherType = random.Next(4) == 0 ? (EtherType)random.Next(0x10000) : default,
            };
            var ipv4 = new Ipv4Header
            {
                // Now and then a value too wide for its field or a wrong constant: both must refuse it alike.
                Version = (byte)(random.Next(20) == 0 ? random.Next(16) : 4),
                Ihl = 5,
                Dscp = (byte)random.Next(random.Next(20) == 0 ? 256 : 64),
                Ecn = (byte)random.Next(4),
                Identification = (ushort)random.Next(0x10000),
                DontFragment = random.Next(2) == 0,
                TimeToLive = (byte)random.Next(256),
                Protocol = random.Next(4) == 0 ? (IpProtocol)random.Next(256) : default,
                HeaderChecksum = (ushort)random.Next(0x10000),
                SourceAddress = new Ipv4Address((uint)random.NextInt64(1L << 32)),
                DestinationAddress = new Ipv4Address((uint)random.NextInt64(1L << 32)),
            };
            var udp = new UdpHeader
            {
                SourcePort = (ushort)random.Next(0x10000),
                DestinationPort = (ushort)random.Next(0x10000),
                Checksum = (ushort)random.Next(0x10000),
            };
            var payload = new byte[random.Next(random.Next(10) == 0 ? 1600 : 64)];
            random.NextBytes(payload);
            // Sometimes a buffer too short for the frame.
            int size = random.Next(8) == 0 ? random.Next(120) : 2048;

            var byBuilder = new byte[size];
            byBuilder.AsSpan().Fill(0x5A);
            int headroom = Math.Min(size, EthernetHeader.FixedLength + Ipv4Header.FixedLength + UdpHeader.FixedLength);
            var builder = new HeaderGen.Layers.FrameBuilder(byBuilder, headroom);
            builder.Payload(payload).Push(udp).Push(ipv4).Push(ethernet).PadTo(60).AppendEthernetTrailer();
            bool builderBuilt = builder.TryGetFrame(out var frame, out var builderError);

            var byTemplate = new byte[size];
            byTemplate.AsSpan().Fill(0x5A);
            bool templateBuilt = UdpFrame.TryBuild(byTemplate, ethernet, ipv4, udp, payload, out int length, out var templateError);

            Assert.Equal(builderBuilt, templateBuilt);
            if (!builderBuilt)
            {
                failures++;
                // A field the header refuses is the same error at the same offset. The template tests the whole frame's
                // size before it writes anything, so a short buffer may be its first error where the builder found a
                // field first; the buffer is then short indeed.
                if (templateError.Reason == HeaderErrorReason.DestinationTooSmall)
                {
                    Assert.True(templateError.Required > size && templateError.Available == size, templateError.ToString());
                }
                else
                {
                    Assert.True(builderError == templateError, $"{builderError} | {templateError}");
                    fieldErrors++;
                }
                continue;
            }
            Assert.True(templateError.IsNone);
            Assert.Equal(0, builder.Offset);
            Assert.Equal(Convert.ToHexString(frame), Convert.ToHexString(byTemplate, 0, length));
            Assert.True(EthernetTrailer.Verify(byTemplate.AsSpan(0, length)));
        }
        // Both outcomes were exercised, and refused fields among the failures.
        Assert.InRange(failures, 100, 3000);
        Assert.InRange(fieldErrors, 50, failures);
    }

    [Fact]
    public void A_udp_checksum_that_sums_to_zero_is_sent_as_ffff_as_rfc_768_says()
    {
        // A payload whose last word is chosen so that the checksum computes to 0: RFC 768 sends it as 0xFFFF (0 means
        // "no checksum"). First the checksum c of a payload, then its last word raised by c (ones' complement), which
        // brings the sum to 0xFFFF and the checksum to 0.
        var ethernet = new EthernetHeader { Destination = new MacAddress(0x0200_0000_0001), Source = new MacAddress(0x0200_0000_0002) };
        var ipv4 = new Ipv4Header { TimeToLive = 64, SourceAddress = new Ipv4Address(0xC0000201), DestinationAddress = new Ipv4Address(0xC6336407) };
        var udp = new UdpHeader { SourcePort = 40000, DestinationPort = 53 };
        var payload = "zero-sum payload"u8.ToArray();
        var first = new byte[128];
        Assert.True(UdpFrame.TryBuild(first, ethernet, ipv4, udp, payload, out _, out var error), error.ToString());
        int c = (first[14 + 20 + 6] << 8) | first[14 + 20 + 7];
        int word = (payload[^2] << 8) | payload[^1];
        int raised = word + c;
        raised = (raised & 0xFFFF) + (raised >> 16);
        payload[^2] = (byte)(raised >> 8);
        payload[^1] = (byte)raised;

        var byTemplate = new byte[128];
        Assert.True(UdpFrame.TryBuild(byTemplate, ethernet, ipv4, udp, payload, out int length, out error), error.ToString());
        Assert.Equal(0xFF, byTemplate[14 + 20 + 6]);
        Assert.Equal(0xFF, byTemplate[14 + 20 + 7]);
        var byBuilder = new byte[128];
        var builder = new HeaderGen.Layers.FrameBuilder(byBuilder, 42);
        builder.Payload(payload).Push(udp).Push(ipv4).Push(ethernet).PadTo(60).AppendEthernetTrailer();
        Assert.Equal(Convert.ToHexString(builder.Frame), Convert.ToHexString(byTemplate, 0, length));
        Assert.True(HeaderGen.Layers.LayerDecoder.Decode(byTemplate.AsSpan(0, length - 4)) is var walk && walk.MoveNext() && walk.MoveNext()
            && walk.MoveNext() && walk.Current.AsUdpHeader().VerifyChecksum(Ipv4PseudoHeader.For(Ipv4Header.ReadOnlyView.CreateUnchecked(byTemplate.AsSpan(14, length - 4 - 14)))));
    }

    [Fact]
    public void A_template_over_extension_headers_fills_the_transport_checksum_from_the_ipv6_pseudo_header_as_the_builder_does()
    {
        var random = new Random(7);
        for (int round = 0; round < 500; round++)
        {
            var ethernet = new EthernetHeader { Destination = new MacAddress(0x0200_0000_0001), Source = new MacAddress(0x0200_0000_0002) };
            var ipv6 = new Ipv6Header
            {
                FlowLabel = (uint)random.Next(1 << 20),
                HopLimit = (byte)random.Next(256),
                SourceAddress = new Ipv6Address(new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64())),
                DestinationAddress = new Ipv6Address(new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64())),
            };
            var hopByHop = new Ipv6HopByHopHeader { Length = 0 };
            var hopOptions = new byte[] { 1, 4, 0, 0, 0, 0 }; // PadN over the rest of the 8 bytes
            var fragment = new Ipv6FragmentHeader { Identification = (uint)random.NextInt64(1L << 32) };
            var tcp = new TcpHeader
            {
                SourcePort = (ushort)random.Next(0x10000),
                DestinationPort = (ushort)random.Next(0x10000),
                SequenceNumber = (uint)random.NextInt64(1L << 32),
                DataOffset = 5,
                Ack = true,
                Window = (ushort)random.Next(0x10000),
            };
            var payload = new byte[random.Next(200)];
            random.NextBytes(payload);

            var byBuilder = new byte[1024];
            var builder = new HeaderGen.Layers.FrameBuilder(byBuilder, 14 + 40 + 8 + 8 + 20);
            builder.Payload(payload).Push(tcp).Push(fragment).Push(hopByHop, hopOptions).Push(ipv6).Push(ethernet).PadTo(60).AppendEthernetTrailer();
            Assert.True(builder.TryGetFrame(out var frame, out var error), error.ToString());

            var byTemplate = new byte[1024];
            Assert.True(TcpFragmentFrame.TryBuild(byTemplate, ethernet, ipv6, hopByHop, fragment, tcp, payload, out int length, out error, hopOptions), error.ToString());
            Assert.Equal(Convert.ToHexString(frame), Convert.ToHexString(byTemplate, 0, length));

            // And the TCP checksum checks against the IPv6 pseudo-header, found past the extension headers.
            var walk = HeaderGen.Layers.LayerDecoder.Decode(byTemplate.AsSpan(0, length - 4));
            var kinds = new List<Kind>();
            Ipv6Header.ReadOnlyView ip = default;
            bool verified = false;
            while (walk.MoveNext())
            {
                kinds.Add(walk.Current.Kind);
                if (walk.Current.Kind == Kind.Ipv6Header)
                {
                    ip = walk.Current.AsIpv6Header();
                }
                else if (walk.Current.Kind == Kind.TcpHeader)
                {
                    verified = walk.Current.AsTcpHeader().VerifyChecksum(Ipv6PseudoHeader.For(ip));
                }
            }
            Assert.Equal([Kind.EthernetHeader, Kind.Ipv6Header, Kind.Ipv6HopByHopHeader, Kind.Ipv6FragmentHeader, Kind.TcpHeader], kinds);
            Assert.True(verified);
        }
    }

    private delegate bool Parse(byte[] frame, out (int Offset, int Length)[] layers, out (int Offset, int Length) payload);

    private static (int, int) At(byte[] frame, ReadOnlySpan<byte> part) => System.Runtime.CompilerServices.Unsafe.IsNullRef(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(part))
        ? (-1, 0)
        : ((int)System.Runtime.CompilerServices.Unsafe.ByteOffset(ref frame[0], ref System.Runtime.InteropServices.MemoryMarshal.GetReference(part)), part.Length);

    // Templates whose TryParse is held against the walk: selectors with UnlessNonZero (fragments), two ports in order,
    // lookahead (MPLS's bottom of stack), a carried layer (VXLAN), total lengths with and without the header.
    private static readonly Dictionary<string, Parse> Parsers = new()
    {
        ["EthernetHeader/Ipv4Header"] = (byte[] f, out (int, int)[] l, out (int, int) p) =>
        {
            bool ok = EthIpv4.TryParse(f, out var a, out var b, out var payload);
            (l, p) = ([At(f, a.Buffer), At(f, b.Buffer)], At(f, payload));
            return ok;
        },
        ["EthernetHeader/Ipv4Header/UdpHeader"] = (byte[] f, out (int, int)[] l, out (int, int) p) =>
        {
            bool ok = EthIpv4Udp.TryParse(f, out var a, out var b, out var c, out var payload);
            (l, p) = ([At(f, a.Buffer), At(f, b.Buffer), At(f, c.Buffer)], At(f, payload));
            return ok;
        },
        ["EthernetHeader/Ipv4Header/TcpHeader"] = (byte[] f, out (int, int)[] l, out (int, int) p) =>
        {
            bool ok = EthIpv4Tcp.TryParse(f, out var a, out var b, out var c, out var payload);
            (l, p) = ([At(f, a.Buffer), At(f, b.Buffer), At(f, c.Buffer)], At(f, payload));
            return ok;
        },
        ["EthernetHeader/Ipv6Header/UdpHeader"] = (byte[] f, out (int, int)[] l, out (int, int) p) =>
        {
            bool ok = EthIpv6Udp.TryParse(f, out var a, out var b, out var c, out var payload);
            (l, p) = ([At(f, a.Buffer), At(f, b.Buffer), At(f, c.Buffer)], At(f, payload));
            return ok;
        },
        ["EthernetHeader/ArpPacket"] = (byte[] f, out (int, int)[] l, out (int, int) p) =>
        {
            bool ok = EthArp.TryParse(f, out var a, out var b, out var payload);
            (l, p) = ([At(f, a.Buffer), At(f, b.Buffer)], At(f, payload));
            return ok;
        },
        ["EthernetHeader/Ieee8021QTag/Ipv4Header/UdpHeader"] = (byte[] f, out (int, int)[] l, out (int, int) p) =>
        {
            bool ok = EthVlanIpv4Udp.TryParse(f, out var a, out var b, out var c, out var d, out var payload);
            (l, p) = ([At(f, a.Buffer), At(f, b.Buffer), At(f, c.Buffer), At(f, d.Buffer)], At(f, payload));
            return ok;
        },
        ["EthernetHeader/Ipv4Header/UdpHeader/VxlanHeader/EthernetHeader/Ipv4Header/UdpHeader"] = (byte[] f, out (int, int)[] l, out (int, int) p) =>
        {
            bool ok = Vxlan.TryParse(f, out var a, out var b, out var c, out var d, out var e, out var g, out var h, out var payload);
            (l, p) = ([At(f, a.Buffer), At(f, b.Buffer), At(f, c.Buffer), At(f, d.Buffer), At(f, e.Buffer), At(f, g.Buffer), At(f, h.Buffer)], At(f, payload));
            return ok;
        },
        ["EthernetHeader/Ipv4Header/UdpHeader/GeneveHeader/Ipv4Header/UdpHeader"] = (byte[] f, out (int, int)[] l, out (int, int) p) =>
        {
            bool ok = GeneveIpv4.TryParse(f, out var a, out var b, out var c, out var d, out var e, out var g, out var payload);
            (l, p) = ([At(f, a.Buffer), At(f, b.Buffer), At(f, c.Buffer), At(f, d.Buffer), At(f, e.Buffer), At(f, g.Buffer)], At(f, payload));
            return ok;
        },
        ["EthernetHeader/Ipv4Header/GreHeader/Ipv4Header/UdpHeader"] = (byte[] f, out (int, int)[] l, out (int, int) p) =>
        {
            bool ok = GreIpv4.TryParse(f, out var a, out var b, out var c, out var d, out var e, out var payload);
            (l, p) = ([At(f, a.Buffer), At(f, b.Buffer), At(f, c.Buffer), At(f, d.Buffer), At(f, e.Buffer)], At(f, payload));
            return ok;
        },
        ["EthernetHeader/Ipv4Header/GreHeader/MplsHeader/MplsHeader/Ipv6Header/UdpHeader"] = (byte[] f, out (int, int)[] l, out (int, int) p) =>
        {
            bool ok = GreMplsIpv6.TryParse(f, out var a, out var b, out var c, out var d, out var e, out var g, out var h, out var payload);
            (l, p) = ([At(f, a.Buffer), At(f, b.Buffer), At(f, c.Buffer), At(f, d.Buffer), At(f, e.Buffer), At(f, g.Buffer), At(f, h.Buffer)], At(f, payload));
            return ok;
        },
        ["EthernetHeader/MplsHeader/MplsHeader/Ipv4Header/UdpHeader"] = (byte[] f, out (int, int)[] l, out (int, int) p) =>
        {
            bool ok = MplsTwoIpv4.TryParse(f, out var a, out var b, out var c, out var d, out var e, out var payload);
            (l, p) = ([At(f, a.Buffer), At(f, b.Buffer), At(f, c.Buffer), At(f, d.Buffer), At(f, e.Buffer)], At(f, payload));
            return ok;
        },
        ["EthernetHeader/Ipv6Header/Ipv6HopByHopHeader/Ipv6FragmentHeader/UdpHeader"] = (byte[] f, out (int, int)[] l, out (int, int) p) =>
        {
            bool ok = HopByHopFragmentUdp.TryParse(f, out var a, out var b, out var c, out var d, out var e, out var payload);
            (l, p) = ([At(f, a.Buffer), At(f, b.Buffer), At(f, c.Buffer), At(f, d.Buffer), At(f, e.Buffer)], At(f, payload));
            return ok;
        },
        ["EthernetHeader/Ipv6Header/AuthenticationHeader/UdpHeader"] = (byte[] f, out (int, int)[] l, out (int, int) p) =>
        {
            bool ok = AhIpv6.TryParse(f, out var a, out var b, out var c, out var d, out var payload);
            (l, p) = ([At(f, a.Buffer), At(f, b.Buffer), At(f, c.Buffer), At(f, d.Buffer)], At(f, payload));
            return ok;
        },
        ["EthernetHeader/Ipv6Header/Ipv6HopByHopHeader/Ipv6RoutingHeader/Ipv6FragmentHeader/Ipv6DestinationOptionsHeader/UdpHeader"] = (byte[] f, out (int, int)[] l, out (int, int) p) =>
        {
            bool ok = ExtensionChainUdp.TryParse(f, out var a, out var b, out var c, out var d, out var e, out var g, out var h, out var payload);
            (l, p) = ([At(f, a.Buffer), At(f, b.Buffer), At(f, c.Buffer), At(f, d.Buffer), At(f, e.Buffer), At(f, g.Buffer), At(f, h.Buffer)], At(f, payload));
            return ok;
        },
    };

    /// <summary>Checks every parser on <paramref name="frame"/> against the walk; the number of templates that matched.</summary>
    private static int ParseAsTheWalkDoes(byte[] frame)
    {
        var kinds = new List<Kind>();
        var data = new List<(int, int)>();
        var payloads = new List<(int, int)>();
        foreach (var layer in HeaderGen.Layers.LayerDecoder.Decode(frame))
        {
            kinds.Add(layer.Kind);
            data.Add((layer.Offset, layer.Data.Length));
            payloads.Add((layer.PayloadOffset, layer.Payload.Length));
        }
        int matched = 0;
        foreach (var (shape, parse) in Parsers)
        {
            var expected = shape.Split('/');
            bool walks = kinds.Count >= expected.Length && kinds.Take(expected.Length).Select(k => k.ToString()).SequenceEqual(expected);
            bool parsed = parse(frame, out var layers, out var payload);
            Assert.True(walks == parsed, $"{shape} on {Convert.ToHexString(frame)}: the walk found {string.Join("/", kinds)}");
            if (parsed)
            {
                matched++;
                Assert.Equal(data.Take(expected.Length), layers);
                Assert.Equal(payloads[expected.Length - 1], payload);
            }
        }
        return matched;
    }

    [Fact]
    public void A_template_parses_a_corpus_frame_exactly_when_the_walk_finds_its_layers_there()
    {
        int matched = ScapyCorpus.Frames.Sum(frame => ParseAsTheWalkDoes(frame.Bytes));
        // Frames match their own shape's template and the shorter ones that prefix it (Ethernet/IPv4/UDP under VXLAN).
        Assert.True(matched >= 400, $"{matched} matches");
    }

    [Fact]
    public void A_template_parses_a_mutated_frame_exactly_when_the_walk_finds_its_layers_there()
    {
        // Corpus frames with bytes changed, cut short or grown: each template agrees with the walk on every one, never
        // throws, never reads outside the frame (every view and payload lies in it, which the offsets above check).
        var random = new Random(1205);
        var frames = ScapyCorpus.Frames;
        int matched = 0;
        for (int round = 0; round < 30000; round++)
        {
            var frame = (byte[])frames[random.Next(frames.Count)].Bytes.Clone();
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits; e++)
            {
                frame[random.Next(frame.Length)] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(frame[random.Next(frame.Length)] ^ (1 << random.Next(8)));
            }
            if (random.Next(4) == 0)
            {
                frame = frame.AsSpan(0, random.Next(1, frame.Length + 1)).ToArray();
            }
            matched += ParseAsTheWalkDoes(frame);
        }
        Assert.True(matched > 10000, $"{matched} matches");
    }

    [Fact]
    public void A_template_allocates_nothing()
    {
        var buffer = new byte[128];
        var payload = new byte[18];
        var ethernet = new EthernetHeader();
        var ipv4 = new Ipv4Header { TimeToLive = 64 };
        var udp = new UdpHeader { SourcePort = 1, DestinationPort = 2 };
        UdpFrame.TryBuild(buffer, ethernet, ipv4, udp, payload, out int length, out _);
        Assert.True(UdpFrame.TryParse(buffer.AsSpan(0, length), out _, out _, out _, out _));
        long before = GC.GetAllocatedBytesForCurrentThread();
        int parsed = 0;
        for (int i = 0; i < 1000; i++)
        {
            UdpFrame.TryBuild(buffer, ethernet, ipv4, udp, payload, out length, out _);
            parsed += UdpFrame.TryParse(buffer.AsSpan(0, length), out _, out _, out _, out _) ? 1 : 0;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000, parsed);
    }

    [Fact]
    public void A_template_pads_without_a_trailer_as_the_builder_does()
    {
        // An ARP request is 42 bytes in Ethernet; padded to the 60-byte minimum with zeros, over a buffer of stale bytes.
        var ethernet = new EthernetHeader { Destination = MacAddress.Broadcast, Source = new MacAddress(0x0200_0000_0001) };
        var arp = new ArpPacket
        {
            Operation = ArpOperation.Request,
            SenderHardwareAddress = new MacAddress(0x0200_0000_0001),
            SenderProtocolAddress = new Ipv4Address(0x0A000001),
            TargetProtocolAddress = new Ipv4Address(0x0A000002),
        };
        var byTemplate = new byte[64];
        byTemplate.AsSpan().Fill(0xA5);
        Assert.True(PaddedArp.TryBuild(byTemplate, ethernet, arp, default, out int length, out var error), error.ToString());
        var byBuilder = new byte[64];
        var builder = new HeaderGen.Layers.FrameBuilder(byBuilder, EthernetHeader.FixedLength + ArpPacket.FixedLength);
        builder.Push(arp).Push(ethernet).PadTo(60);
        Assert.Equal(60, length);
        Assert.Equal(Convert.ToHexString(builder.Frame), Convert.ToHexString(byTemplate, 0, length));
        Assert.All(byTemplate.AsSpan(42, 18).ToArray(), b => Assert.Equal(0, b));
    }
}
