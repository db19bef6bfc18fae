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
/// Fragments through the generated decoder, judged by Wireshark: a fragment is IPv4 and data (no transport header is
/// whole in it), the first fragment included, whose UDP header announces more bytes than the fragment holds.
/// </summary>
public sealed class FragmentDecodingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("headergen-fragments-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The fragments, framed, of a UDP datagram with 100 bytes of payload (108 of UDP), cut after 48 bytes.</summary>
    private static List<byte[]> Fragments()
    {
        var buffer = new byte[512];
        var whole = new FrameBuilder(buffer, 128)
            .Payload(Enumerable.Range(0, 100).Select(i => (byte)i).ToArray())
            .Push(new UdpHeader { SourcePort = 5000, DestinationPort = 6000 })
            .Push(new Ipv4Header { Identification = 77, TimeToLive = 64, SourceAddress = Ipv4Address.Parse("10.0.0.1"), DestinationAddress = Ipv4Address.Parse("10.0.0.2") })
            .Push(new EthernetHeader { Source = MacAddress.Parse("02:00:00:00:00:0a"), Destination = MacAddress.Parse("02:00:00:00:00:0b") })
            .Frame.ToArray();
        var fragments = new List<byte[]>();
        foreach (var (start, end) in new[] { (0, 48), (48, 108) })
        {
            var frame = new byte[14 + 20 + end - start];
            whole.AsSpan(0, 34).CopyTo(frame);
            whole.AsSpan(34 + start, end - start).CopyTo(frame.AsSpan(34));
            var ip = Ipv4Header.View.CreateUnchecked(frame.AsSpan(14));
            ip.TotalLength = (ushort)(20 + end - start);
            ip.MoreFragments = end < 108;
            ip.FragmentOffset = (ushort)(start / 8);
            ip.FillChecksum();
            fragments.Add(frame);
        }
        return fragments;
    }

    [Fact]
    public void Each_fragment_decodes_as_ipv4_and_data_the_first_one_included()
    {
        foreach (var frame in Fragments())
        {
            var walk = LayerDecoder.Decode(frame);
            var kinds = new List<LayerKind>();
            while (walk.MoveNext())
            {
                kinds.Add(walk.Current.Kind);
            }
            Assert.Equal([LayerKind.EthernetHeader, LayerKind.Ipv4Header], kinds);
            Assert.Equal(LayerWalkEnd.Payload, walk.End);
            Assert.Equal(frame.Length - 34, walk.Payload.Length);
            Assert.True(walk.HeldBack);
            string description = LayerDecoder.Describe(frame);
            Assert.Contains($"payload: {frame.Length - 34} bytes (held back by the layer's UnlessNonZero fields: a fragment", description, StringComparison.Ordinal);
            Assert.Contains(Ipv4Header.ReadOnlyView.CreateUnchecked(frame.AsSpan(14)).MoreFragments ? "MoreFragments=1" : "MoreFragments=0", description, StringComparison.Ordinal);
        }
        // A whole datagram is not held back.
        var whole = new byte[256];
        var built = new FrameBuilder(whole, 128).Payload("x"u8).Push(new UdpHeader { SourcePort = 1, DestinationPort = 2 })
            .Push(new Ipv4Header { TimeToLive = 1, SourceAddress = Ipv4Address.Parse("10.0.0.1"), DestinationAddress = Ipv4Address.Parse("10.0.0.2") })
            .Push(new EthernetHeader { Source = MacAddress.Parse("02:00:00:00:00:0a"), Destination = MacAddress.Parse("02:00:00:00:00:0b") }).Frame;
        var complete = LayerDecoder.Decode(built);
        while (complete.MoveNext())
        {
        }
        Assert.False(complete.HeldBack);
    }

    [SkippableFact]
    public void Wireshark_shows_each_fragment_as_ipv4_and_data_as_the_decoder_does()
    {
        Tshark.SkipUnlessAvailable();
        string file = Path.Combine(_directory, "fragments.pcap");
        var fragments = Fragments();
        using (var pcap = new PcapWriter(File.Create(file), framesHaveFcs: false))
        {
            // Each fragment alone in its capture would do; together, Wireshark reassembles the datagram in the last.
            pcap.Capture(1_000, fragments[0]);
        }
        var rows = Tshark.Fields(file, "frame", "frame.protocols", "_ws.malformed");
        Assert.Equal("eth:ethertype:ip:data", Assert.Single(rows)[0]);
        Assert.Equal("", rows[0][1]);
    }
}
