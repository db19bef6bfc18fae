using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HeaderGen.Layers;
using HeaderGen.Protocols;
using HeaderGen.Stack.Capture;
using HeaderGen.Stack.Tests.Infrastructure;
using Xunit;

namespace HeaderGen.Stack.Tests;

/// <summary>
/// UDP, TCP and ICMPv6 over IPv6, built by the generated builder (which fills the checksums over the IPv6 pseudo-header, past
/// extension headers, RFC 8200 8.1) and judged by Wireshark, then read back by the decoder with the same verdict.
/// </summary>
public class Ipv6ChecksumTests
{
    private static readonly byte[] PadN = [1, 4, 0, 0, 0, 0];   // a Pad4 option: an 8-byte options header

    private static readonly Ipv6Address Source = Ipv6Address.Parse("2001:db8::1");
    private static readonly Ipv6Address Destination = Ipv6Address.Parse("2001:db8:0:1::2");
    private static readonly Ipv6Address Final = Ipv6Address.Parse("2001:db8:ffff::99");

    private static IEnumerable<(string Name, byte[] Frame)> Frames()
    {
        var random = new Random(8200);
        for (int i = 0; i < 12; i++)
        {
            var payload = new byte[random.Next(0, 200)];
            random.NextBytes(payload);
            bool tcp = i % 2 == 1;
            int shape = i / 2 % 3;
            var buffer = new byte[512];
            var builder = new FrameBuilder(buffer, 256).Payload(payload);
            builder = tcp
                ? builder.Push(new TcpHeader { SourcePort = (ushort)random.Next(1024, 65536), DestinationPort = 38001, SequenceNumber = (uint)random.Next(), Syn = true, Window = 65535 })
                : builder.Push(new UdpHeader { SourcePort = (ushort)random.Next(1024, 65536), DestinationPort = 38000 });
            var next = tcp ? IpProtocol.Tcp : IpProtocol.Udp;
            var destination = Destination;
            if (shape == 1)
            {
                // Hop-by-Hop, then Destination Options: the pseudo-header names the transport, not the first header.
                builder = builder.Push(new Ipv6DestinationOptionsHeader { NextHeader = next }, PadN).Push(new Ipv6HopByHopHeader { NextHeader = IpProtocol.Ipv6DestinationOptions }, PadN);
                next = 0;
            }
            else if (shape == 2)
            {
                // A Segment Routing header (RFC 8754) one segment from the end: the pseudo-header's destination is the
                // final segment, segment list entry 0, not the IPv6 destination.
                var segments = new byte[4 + 2 * Ipv6Address.Size];
                segments[0] = 1;   // last entry
                Final.Write(segments.AsSpan(4));
                Destination.Write(segments.AsSpan(4 + Ipv6Address.Size));
                builder = builder.Push(new Ipv6RoutingHeader { NextHeader = next, Length = 4, RoutingType = 4, SegmentsLeft = 1 }, segments);
                next = IpProtocol.Ipv6Routing;
            }
            builder = builder
                .Push(new Ipv6Header { NextHeader = next, HopLimit = 64, SourceAddress = Source, DestinationAddress = destination })
                .Push(new EthernetHeader { Source = MacAddress.Parse("02:00:00:00:00:01"), Destination = MacAddress.Parse("02:00:00:00:00:02") });
            Assert.True(builder.TryGetFrame(out var frame, out var error), error.ToString());
            yield return ($"{(tcp ? "tcp" : "udp")}-{shape}-{i}", frame.ToArray());
        }
    }

    // ICMPv6 echo requests (RFC 4443 4.1) behind nothing or a Hop-by-Hop header: the checksum covers the pseudo-header.
    private static IEnumerable<(string Name, byte[] Frame)> Pings()
    {
        var random = new Random(4443);
        for (int i = 0; i < 4; i++)
        {
            var data = new byte[random.Next(0, 64)];
            random.NextBytes(data);
            var buffer = new byte[256];
            var builder = new FrameBuilder(buffer, 128).Payload(data)
                .Push(new Icmpv6Header { Type = Icmpv6Type.EchoRequest, RestOfHeader = (uint)random.Next() });
            if (i % 2 == 1)
            {
                builder = builder.Push(new Ipv6HopByHopHeader { NextHeader = IpProtocol.IcmpV6 }, PadN);
            }
            builder = builder
                .Push(new Ipv6Header { NextHeader = i % 2 == 1 ? 0 : IpProtocol.IcmpV6, HopLimit = 255, SourceAddress = Source, DestinationAddress = Destination })
                .Push(new EthernetHeader { Source = MacAddress.Parse("02:00:00:00:00:01"), Destination = MacAddress.Parse("02:00:00:00:00:02") });
            Assert.True(builder.TryGetFrame(out var frame, out var error), error.ToString());
            yield return ($"icmpv6-{i}", frame.ToArray());
        }
    }

    [Fact]
    public void The_decoder_verifies_every_built_checksum_and_refuses_a_flipped_bit()
    {
        foreach (var (name, frame) in Frames().Concat(Pings()))
        {
            var description = LayerDecoder.Describe(frame);
            Assert.True(description.Contains("[checksum good]", StringComparison.Ordinal) && !description.Contains("BAD", StringComparison.Ordinal), name + "\n" + description);
            frame[^1] ^= 0x10;   // the last payload byte, or the transport header's last
            Assert.Contains("[checksum BAD]", LayerDecoder.Describe(frame), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public void Wireshark_calls_every_udp_tcp_and_icmpv6_checksum_over_ipv6_good()
    {
        Tshark.SkipUnlessAvailable();
        var directory = Directory.CreateTempSubdirectory("headergen-ipv6-");
        try
        {
            string file = Path.Combine(directory.FullName, "ipv6.pcap");
            var frames = Frames().Concat(Pings()).ToList();
            using (var pcap = new PcapWriter(File.Create(file), framesHaveFcs: false))
            {
                foreach (var (_, frame) in frames)
                {
                    pcap.Capture(1_000, frame);
                }
            }
            // Ports no dissector claims, so that the random payloads are data.
            var rows = Tshark.Fields(file, "frame", "frame.protocols", "udp.checksum.status", "tcp.checksum.status", "icmpv6.checksum.status", "_ws.malformed");
            Assert.Equal(frames.Count, rows.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                Assert.True(row[1] == "1" || row[2] == "1" || row[3] == "1", $"{frames[i].Name}: {string.Join(" | ", row)}");
                Assert.Equal("", row[4]);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
