using HeaderGen.Protocols;
using Xunit;

namespace HeaderGen.Tests.Addressing;

public class AddressTests
{
    [Theory]
    [InlineData("0.0.0.0", 0u)]
    [InlineData("192.0.2.1", 0xC0000201u)]
    [InlineData("255.255.255.255", 0xFFFFFFFFu)]
    public void Ipv4_addresses_parse_and_format_as_dotted_quads(string text, uint value)
    {
        Assert.Equal(value, Ipv4Address.Parse(text).Value);
        Assert.Equal(text, new Ipv4Address(value).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.0.0.1")]
    [InlineData("1..2.3")]
    [InlineData("1.2.3.4 ")]
    [InlineData("-1.2.3.4")]
    public void Malformed_ipv4_addresses_do_not_parse(string text) => Assert.False(Ipv4Address.TryParse(text, out _));

    [Fact]
    public void Mac_addresses_parse_format_and_classify()
    {
        var mac = MacAddress.Parse("01-00-5E-00-00-FB");
        Assert.Equal("01:00:5e:00:00:fb", mac.ToString());
        Assert.True(mac.IsGroup);
        Assert.False(mac.IsBroadcast);
        Assert.True(MacAddress.Broadcast.IsBroadcast);
        Assert.False(MacAddress.Parse("52:54:00:12:34:56").IsGroup);
        Assert.False(MacAddress.TryParse("52:54:00:12:34", out _));
        Assert.False(MacAddress.TryParse("52:54:00:12:34:zz", out _));
    }

    [Fact]
    public void Addresses_write_and_read_their_wire_bytes()
    {
        var buffer = new byte[6];
        MacAddress.Parse("00:1b:21:3a:4f:5c").Write(buffer);
        Assert.Equal(new byte[] { 0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x5c }, buffer);
        Assert.Equal(MacAddress.Parse("00:1b:21:3a:4f:5c"), MacAddress.Read(buffer));
        Ipv4Address.Parse("198.51.100.7").Write(buffer);
        Assert.Equal(new byte[] { 198, 51, 100, 7 }, buffer[..4]);
        Assert.Equal(EtherType.Ipv4, (EtherType)0x0800);
    }
}
