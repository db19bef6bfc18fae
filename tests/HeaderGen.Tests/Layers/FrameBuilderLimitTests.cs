using System;
using HeaderGen.Layers;
using HeaderGen.Protocols;
using Xunit;

namespace HeaderGen.Tests.Layers;

/// <summary>
/// A length field the builder fills cannot hold every length: a datagram one byte past what the field holds is
/// refused with the field and the numbers, and one that fits exactly is built. Nothing is truncated silently (a UDP
/// length of 65,536 written as 0, an IPv4 total length wrapped).
/// </summary>
public class FrameBuilderLimitTests
{
    private static readonly Ipv4Address Source = Ipv4Address.Parse("192.0.2.1");
    private static readonly Ipv4Address Destination = Ipv4Address.Parse("198.51.100.7");

    [Theory]
    [InlineData(65_535 - 8, true)]
    [InlineData(65_535 - 8 + 1, false)]
    public void A_udp_datagram_longer_than_its_length_field_holds_is_refused(int payload, bool fits)
    {
        var buffer = new byte[70_000];
        var builder = new FrameBuilder(buffer, 64).Payload(new byte[payload]).Push(new UdpHeader { SourcePort = 1, DestinationPort = 2 });
        Assert.Equal(fits, builder.TryGetFrame(out var frame, out var error));
        if (fits)
        {
            Assert.Equal(65_535, UdpHeader.ReadOnlyView.CreateUnchecked(frame).Length);
            return;
        }
        Assert.Equal((HeaderErrorReason.ValueOutOfRange, "UDP", "Length", 64 - 8 + 4, 65_535L, 65_536L),
            (error.Reason, error.Header, error.Field, error.Offset, error.Required, error.Available));
    }

    [Theory]
    [InlineData(65_535 - 20 - 8, true)]
    [InlineData(65_535 - 20 - 8 + 1, false)]
    public void An_ipv4_packet_longer_than_its_total_length_holds_is_refused(int payload, bool fits)
    {
        var buffer = new byte[70_000];
        var builder = new FrameBuilder(buffer, 64).Payload(new byte[payload]).Push(new UdpHeader { SourcePort = 1, DestinationPort = 2 })
            .Push(new Ipv4Header { TimeToLive = 64, SourceAddress = Source, DestinationAddress = Destination });
        Assert.Equal(fits, builder.TryGetFrame(out var frame, out var error));
        if (fits)
        {
            Assert.Equal(65_535, Ipv4Header.ReadOnlyView.CreateUnchecked(frame).TotalLength);
            return;
        }
        Assert.Equal((HeaderErrorReason.ValueOutOfRange, "IPv4", "TotalLength", 64 - 28 + 2, 65_535L, 65_536L),
            (error.Reason, error.Header, error.Field, error.Offset, error.Required, error.Available));
    }

    [Theory]
    [InlineData(65_535 - 8 - 8, true)]
    [InlineData(65_535 - 8 - 8 + 1, false)]
    public void An_ipv6_payload_longer_than_its_payload_length_holds_is_refused(int payload, bool fits)
    {
        // A Fragment header under the UDP header: the IPv6 payload outgrows its field while the UDP length still fits.
        var buffer = new byte[70_000];
        var builder = new FrameBuilder(buffer, 128).Payload(new byte[payload]).Push(new UdpHeader { SourcePort = 1, DestinationPort = 2 })
            .Push(new Ipv6FragmentHeader { Identification = 7 })
            .Push(new Ipv6Header { HopLimit = 64, SourceAddress = Ipv6Address.Parse("2001:db8::1"), DestinationAddress = Ipv6Address.Parse("2001:db8::2") });
        Assert.Equal(fits, builder.TryGetFrame(out var frame, out var error));
        if (fits)
        {
            Assert.Equal(65_535, Ipv6Header.ReadOnlyView.CreateUnchecked(frame).PayloadLength);
            return;
        }
        Assert.Equal((HeaderErrorReason.ValueOutOfRange, "IPv6", "PayloadLength", 128 - 56 + 4, 65_535L, 65_536L),
            (error.Reason, error.Header, error.Field, error.Offset, error.Required, error.Available));
    }
}
