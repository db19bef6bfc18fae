using System;
using HeaderGen;
using Xunit;

namespace HeaderGen.Tests.Addressing;

/// <summary>IPv6 text forms: RFC 4291 2.2 for what parses, RFC 5952 for the one canonical text.</summary>
public class Ipv6AddressTests
{
    [Theory]
    // RFC 5952 4.1 (no leading zeros), 4.2.1 (the longest run), 4.2.2 (not one 16-bit 0), 4.2.3 (the first of equal
    // runs), 4.3 (lower case); RFC 4291 2.2's examples.
    [InlineData("2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1")]
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")]
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")]
    [InlineData("2001:DB8::AAAA", "2001:db8::aaaa")]
    [InlineData("2001:db8:0:0:0:0:2:1", "2001:db8::2:1")]
    [InlineData("FF01:0:0:0:0:0:0:101", "ff01::101")]
    [InlineData("0:0:0:0:0:0:0:1", "::1")]
    [InlineData("0:0:0:0:0:0:0:0", "::")]
    [InlineData("1:0:0:0:0:0:0:0", "1::")]
    [InlineData("::ffff:192.0.2.128", "::ffff:c000:280")]
    [InlineData("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0")]
    public void Parses_every_rfc_4291_form_and_formats_rfc_5952_canonical_text(string text, string canonical)
    {
        Assert.True(Ipv6Address.TryParse(text, out var address));
        Assert.Equal(canonical, address.ToString());
        Assert.Equal(address, Ipv6Address.Parse(canonical));
    }

    [Theory]
    [InlineData("")]
    [InlineData(":")]
    [InlineData(":::")]
    [InlineData("1::2::3")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("1::2:3:4:5:6:7:8")]
    [InlineData("12345::")]
    [InlineData("1:")]
    [InlineData(":1::")]
    [InlineData("g::")]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4")]
    [InlineData("::1.2.3")]
    public void Refuses_what_is_not_an_ipv6_address(string text)
    {
        Assert.False(Ipv6Address.TryParse(text, out var address));
        Assert.Equal(Ipv6Address.Any, address);
        Assert.Throws<FormatException>(() => Ipv6Address.Parse(text));
    }

    [Fact]
    public void Reads_and_writes_sixteen_bytes_most_significant_first()
    {
        var bytes = Convert.FromHexString("20010db8000000000000000000020001");
        var address = Ipv6Address.Read(bytes);
        Assert.Equal("2001:db8::2:1", address.ToString());
        Assert.Equal((ushort)0x2001, address.Group(0));
        var written = new byte[16];
        address.Write(written);
        Assert.Equal(bytes, written);
        Assert.Equal(Ipv6Address.Loopback, Ipv6Address.Parse("::1"));
        Assert.False(address.TryFormat(new char[12], out _, default, null));   // "2001:db8::2:1" is 13 characters
        Assert.True(address.TryFormat(new char[13], out int length, default, null));
        Assert.Equal(13, length);
    }
}
