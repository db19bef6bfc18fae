using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HeaderGen.Layers;
using HeaderGen.Options;
using HeaderGen.Protocols;
using HeaderGen.Stack.Capture;
using HeaderGen.Stack.Tests.Infrastructure;
using Xunit;

namespace HeaderGen.Stack.Tests;

/// <summary>
/// Frames of every protocol the declaration language added (GRE with each combination of its optional fields, MPLS
/// stacks, Geneve with TLV options, VXLAN, AH), built by the generated builder and judged by Wireshark with checksum
/// validation on: the protocol chain it dissects, no malformed frame, no bad checksum.
/// </summary>
public class TunnelFramesTests
{
    private const ushort InnerPort = 38000;   // no dissector claims it: the inner payload is data

    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:01"), B = MacAddress.Parse("02:00:00:00:00:02");

    /// <summary>Each frame with the protocol chain Wireshark should show (<c>frame.protocols</c> after <c>eth:ethertype:</c>).</summary>
    private static IEnumerable<(string Name, string Protocols, byte[] Frame)> Frames()
    {
        var random = new Random(2784);
        for (int flags = 0; flags < 16; flags++)
        {
            // GRE with C, K and S in every combination, over IPv4 and (the second eight) IPv6, carrying IPv4 or IPv6.
            bool c = (flags & 1) != 0, k = (flags & 2) != 0, s = (flags & 4) != 0, outer6 = flags >= 8, inner6 = flags % 3 == 0;
            var builder = Inner(random, inner6).Push(new GreHeader
            {
                Checksum = c ? 0 : null,
                Key = k ? (uint)random.Next() : null,
                SequenceNumber = s ? (uint)random.Next() : null,
            });
            builder = outer6 ? builder.Push(Ipv6()) : builder.Push(Ipv4(random));
            yield return ($"gre-{flags}", $"{(outer6 ? "ipv6" : "ip")}:gre:{(inner6 ? "ipv6" : "ip")}:udp:data", Finish(builder.Push(Ethernet())));
        }
        for (int depth = 1; depth <= 4; depth++)
        {
            // MPLS label stacks of 1 to 4 entries over IPv4 and IPv6 (the bottom's payload chosen by its version nibble).
            foreach (bool inner6 in new[] { false, true })
            {
                var builder = Inner(random, inner6);
                for (int entry = depth - 1; entry >= 0; entry--)
                {
                    builder = builder.Push(new MplsHeader { Label = (uint)random.Next(16, 1 << 20), BottomOfStack = entry == depth - 1, TimeToLive = 64 });
                }
                // Wireshark names the stack once; the decoder walks an entry a layer.
                yield return ($"mpls-{depth}-{(inner6 ? 6 : 4)}", "mpls:" + (inner6 ? "ipv6:udp:data" : "ip:udp:data"), Finish(builder.Push(Ethernet())));
            }
        }
        for (int i = 0; i < 6; i++)
        {
            // Geneve over UDP 6081 with 0 to 2 TLV options written by OptionWriter, carrying an Ethernet frame.
            var region = new byte[64];
            var writer = new OptionWriter(region);
            for (int o = 0; o < i % 3; o++)
            {
                var data = new byte[4 * (o + 1)];
                random.NextBytes(data);
                Assert.True(writer.TryAppend(new GeneveOption { OptionClass = 0x0100, Type = (byte)(o + 1), Length = (byte)(o + 1) }, data), writer.Error.ToString());
            }
            var options = writer.Written.ToArray();
            var builder = Inner(random, inner6: false).Push(Ethernet())
                .Push(new GeneveHeader { OptionsLength = (byte)(options.Length / 4), Vni = (uint)random.Next(1 << 24) }, options)
                .Push(new UdpHeader { SourcePort = (ushort)random.Next(1024, 65536), DestinationPort = GeneveHeader.Port })
                .Push(Ipv4(random)).Push(Ethernet());
            yield return ($"geneve-{i}", "ip:udp:geneve:eth:ethertype:ip:udp:data", Finish(builder));
        }
        for (int i = 0; i < 3; i++)
        {
            var builder = Inner(random, inner6: false).Push(Ethernet())
                .Push(new VxlanHeader { Vni = (uint)random.Next(1 << 24) })
                .Push(new UdpHeader { SourcePort = (ushort)random.Next(1024, 65536), DestinationPort = VxlanHeader.Port })
                .Push(Ipv4(random)).Push(Ethernet());
            yield return ($"vxlan-{i}", "ip:udp:vxlan:eth:ethertype:ip:udp:data", Finish(builder));
        }
        foreach (bool over6 in new[] { false, true })
        {
            // AH (RFC 4302) in transport mode: UDP's checksum over the pseudo-header of the IP header below the AH.
            var icv = new byte[12];
            random.NextBytes(icv);
            var payload = new byte[random.Next(1, 60)];
            random.NextBytes(payload);
            var builder = new FrameBuilder(new byte[512], 256).Payload(payload)
                .Push(new UdpHeader { SourcePort = (ushort)random.Next(1024, 65536), DestinationPort = InnerPort })
                .Push(new AuthenticationHeader { PayloadLength = 4, SecurityParametersIndex = (uint)random.Next(256, int.MaxValue), SequenceNumber = 1 }, icv);
            builder = over6 ? builder.Push(Ipv6()) : builder.Push(Ipv4(random));
            yield return ($"ah-{(over6 ? 6 : 4)}", $"{(over6 ? "ipv6" : "ip")}:ah:udp:data", Finish(builder.Push(Ethernet())));
        }
    }

    private static FrameBuilder Inner(Random random, bool inner6)
    {
        var payload = new byte[random.Next(1, 80)];
        random.NextBytes(payload);
        var builder = new FrameBuilder(new byte[512], 256).Payload(payload)
            .Push(new UdpHeader { SourcePort = (ushort)random.Next(1024, 65536), DestinationPort = InnerPort });
        return inner6
            ? builder.Push(new Ipv6Header { HopLimit = 64, SourceAddress = Ipv6Address.Parse("2001:db8:1::1"), DestinationAddress = Ipv6Address.Parse("2001:db8:2::2") })
            : builder.Push(new Ipv4Header { TimeToLive = 64, SourceAddress = Ipv4Address.Parse("172.16.0.1"), DestinationAddress = Ipv4Address.Parse("172.16.0.2") });
    }

    private static Ipv4Header Ipv4(Random random) => new()
    {
        TimeToLive = 64, Identification = (ushort)random.Next(65536), SourceAddress = Ipv4Address.Parse("192.0.2.1"), DestinationAddress = Ipv4Address.Parse("198.51.100.2"),
    };

    private static Ipv6Header Ipv6() => new() { HopLimit = 64, SourceAddress = Ipv6Address.Parse("2001:db8::1"), DestinationAddress = Ipv6Address.Parse("2001:db8::2") };

    private static EthernetHeader Ethernet() => new() { Source = A, Destination = B };

    private static byte[] Finish(FrameBuilder builder)
    {
        Assert.True(builder.TryGetFrame(out var frame, out var error), error.ToString());
        return frame.ToArray();
    }

    [Fact]
    public void The_decoder_reads_every_built_frame_to_its_payload_with_every_checksum_good()
    {
        foreach (var (name, protocols, frame) in Frames())
        {
            var walk = LayerDecoder.Decode(frame);
            int layers = 0;
            while (walk.MoveNext())
            {
                layers++;
            }
            Assert.True(walk.End == LayerWalkEnd.Payload, $"{name}: {walk.End} {walk.Error}");
            // Wireshark's chain names the EtherType field of each Ethernet as a protocol of its own ("ethertype").
            int mpls = name.StartsWith("mpls-", StringComparison.Ordinal) ? name[5] - '1' : 0;
            Assert.Equal(protocols.Split(':').Count(p => p != "data" && p != "ethertype") + 1 + mpls, layers);
            string description = LayerDecoder.Describe(frame);
            Assert.DoesNotContain("BAD", description, StringComparison.Ordinal);
            Assert.DoesNotContain("not checked", description, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public void Wireshark_dissects_every_built_tunnel_frame_without_a_malformed_frame_or_a_bad_checksum()
    {
        Tshark.SkipUnlessAvailable();
        var directory = Directory.CreateTempSubdirectory("headergen-tunnels-");
        try
        {
            string file = Path.Combine(directory.FullName, "tunnels.pcap");
            var frames = Frames().ToList();
            using (var pcap = new PcapWriter(File.Create(file), framesHaveFcs: false))
            {
                foreach (var (_, _, frame) in frames)
                {
                    pcap.Capture(1_000, frame);
                }
            }
            var rows = Tshark.Fields(file, "frame", "frame.protocols", "ip.checksum.status", "udp.checksum.status", "gre.checksum.status", "_ws.malformed");
            Assert.Equal(frames.Count, rows.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                var (name, protocols, _) = frames[i];
                var row = rows[i];
                Assert.True(row[0] == "eth:ethertype:" + protocols, $"{name}: {row[0]}, expected eth:ethertype:{protocols}");
                // Every checksum Wireshark verified is good (1); none is bad (0).
                foreach (var statuses in row.Skip(1).Take(3))
                {
                    Assert.True(statuses.Split(',', StringSplitOptions.RemoveEmptyEntries).All(status => status == "1"), $"{name}: {string.Join(" | ", row)}");
                }
                Assert.True(row.Length < 5 || row[4] == "", $"{name}: malformed");
                if (name.StartsWith("gre-", StringComparison.Ordinal) && (int.Parse(name[4..], System.Globalization.CultureInfo.InvariantCulture) & 1) != 0)
                {
                    Assert.Equal("1", row[3]);
                }
            }
            Assert.Empty(Tshark.Fields(file, "_ws.malformed || _ws.expert.severity == \"Error\"", "frame.number"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
