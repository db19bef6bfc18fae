using System;
using CsCheck;
using HeaderGen.Tests.Infrastructure;
using HeaderGen.Protocols;
using Xunit;

namespace HeaderGen.Tests.Protocols;

public class MalformedInputTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(13)]
    public void A_truncated_ethernet_header_reports_where_the_bytes_ran_out(int length)
    {
        Assert.False(EthernetHeader.TryRead(Frames.EthernetIpv4Udp.AsSpan(0, length), out _, out var error));
        Assert.Equal(new HeaderError(HeaderErrorReason.Truncated, "Ethernet", null, length, 14, length), error);
    }

    [Fact]
    public void An_ipv6_packet_is_not_an_ipv4_header()
    {
        var packet = Frames.EthernetIpv4Udp.AsSpan(14).ToArray();
        packet[0] = 0x60;
        Assert.False(Ipv4Header.TryRead(packet, out _, out var error));
        Assert.Equal(new HeaderError(HeaderErrorReason.BadConstant, "IPv4", "Version", 0, 4, 6), error);
        Assert.Equal("IPv4.Version: BadConstant at offset 0: expected 4, found 6", error.ToString());
    }

    [Fact]
    public void An_ihl_below_five_is_refused()
    {
        var packet = Frames.EthernetIpv4Udp.AsSpan(14).ToArray();
        packet[0] = 0x44;
        Assert.False(Ipv4Header.View.TryCreate(packet, out _, out var error));
        Assert.Equal(new HeaderError(HeaderErrorReason.LengthFieldTooSmall, "IPv4", "Ihl", 0, 20, 16), error);
    }

    [Fact]
    public void An_ihl_past_the_buffer_is_refused()
    {
        var packet = Frames.EthernetIpv4Udp.AsSpan(14, 22).ToArray();
        packet[0] = 0x46;
        Assert.False(Ipv4Header.TryRead(packet, out _, out var error));
        Assert.Equal(new HeaderError(HeaderErrorReason.LengthBeyondBuffer, "IPv4", "Ihl", 22, 24, 22), error);
    }

    [Fact]
    public void A_tcp_data_offset_past_the_segment_is_refused()
    {
        var segment = Frames.EthernetIpv4TcpSyn.AsSpan(34, 30).ToArray();
        Assert.False(TcpHeader.TryRead(segment, out _, out var error));
        Assert.Equal(new HeaderError(HeaderErrorReason.LengthBeyondBuffer, "TCP", "DataOffset", 30, 40, 30), error);
    }

    [Fact]
    public void A_destination_too_short_is_refused_and_left_untouched()
    {
        var buffer = new byte[19];
        Assert.False(new Ipv4Header().TryWrite(buffer, out int written, out var error));
        Assert.Equal(0, written);
        Assert.Equal(new HeaderError(HeaderErrorReason.DestinationTooSmall, "IPv4", null, 19, 20, 19), error);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Random_bytes_never_make_a_reader_throw_and_success_means_the_checks_hold()
    {
        Gen.Byte.Array[0, 80].ForAll(bytes =>
        {
            if (Ipv4Header.TryRead(bytes, out var ip, out var error))
            {
                Assert.Equal(4, ip.Version);
                Assert.InRange(ip.HeaderLength, 20, bytes.Length);
            }
            else
            {
                Assert.NotEqual(HeaderErrorReason.None, error.Reason);
            }
            if (TcpHeader.ReadOnlyView.TryCreate(bytes, out var tcp, out _))
            {
                Assert.InRange(tcp.HeaderLength, 20, bytes.Length);
                Assert.Equal(tcp.HeaderLength - 20, tcp.Options.Length);
            }
            Assert.Equal(bytes.Length >= 8, UdpHeader.TryRead(bytes, out _));
            Assert.Equal(bytes.Length >= 14, EthernetHeader.TryRead(bytes, out _));
        }, iter: 20000);
    }
}
