using System;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using CsCheck;
using HeaderGen.Protocols;
using HeaderGen.Tests.Infrastructure;
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
    [InlineData("1.2.3.0001")]
    [InlineData("0001.2.3.4")]
    [InlineData("1.2.3.")]
    [InlineData(".1.2.3")]
    [InlineData("1.2.3.4.")]
    [InlineData("1.2.3.+4")]
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

    [Fact]
    public void Ipv4_addresses_format_and_parse_as_dotnets_ip_address_does()
    {
        // System.Net.IPAddress is the outside reference: same text both ways for any 32-bit value.
        Gen.UInt.ForAll(value =>
        {
            var bytes = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
            string expected = new IPAddress(bytes).ToString();
            var address = new Ipv4Address(value);
            Assert.Equal(expected, address.ToString());
            Assert.Equal(expected, $"{address}");
            var chars = new char[expected.Length];
            Assert.True(address.TryFormat(chars, out int written, default, null));
            Assert.Equal(expected, new string(chars, 0, written));
            Assert.False(address.TryFormat(new char[expected.Length - 1], out _, default, null));
            Assert.Equal(value, Ipv4Address.Parse(expected).Value);
            Assert.Equal(address, new Ipv4Address(bytes[0], bytes[1], bytes[2], bytes[3]));
            Assert.Equal(address, Ipv4Address.Read(bytes));
            Assert.False(address != Ipv4Address.Read(bytes));
            Assert.True(address != new Ipv4Address(value ^ 1));
            Assert.Equal(Math.Sign(value.CompareTo(value ^ 0x80000000u)), Math.Sign(address.CompareTo(new Ipv4Address(value ^ 0x80000000u))));
        }, iter: 2000);
    }

    [Fact]
    public void Parse_says_what_it_could_not_read()
    {
        var error = Assert.Throws<FormatException>(() => Ipv4Address.Parse("10.0.0"));
        Assert.Equal("'10.0.0' is not an IPv4 address (a.b.c.d).", error.Message);
        error = Assert.Throws<FormatException>(() => MacAddress.Parse("00:11:22"));
        Assert.Equal("'00:11:22' is not a MAC address (aa:bb:cc:dd:ee:ff).", error.Message);
    }

    [Fact]
    public void Mac_addresses_format_and_parse_as_dotnets_physical_address_does()
    {
        // System.Net.NetworkInformation.PhysicalAddress is the outside reference (it prints "001B213A4F5C").
        Gen.Byte.Array[6].ForAll(bytes =>
        {
            string bare = new PhysicalAddress(bytes).ToString().ToLowerInvariant();
            string expected = string.Join(':', Enumerable.Range(0, 6).Select(i => bare.Substring(i * 2, 2)));
            var mac = MacAddress.Read(bytes);
            Assert.Equal(expected, mac.ToString());
            var chars = new char[17];
            Assert.True(mac.TryFormat(chars, out int written, default, null));
            Assert.Equal((expected, 17), (new string(chars), written));
            Assert.False(mac.TryFormat(new char[16], out written, default, null));
            Assert.Equal(0, written);
            Assert.Equal(mac, MacAddress.Parse(expected.ToUpperInvariant().Replace(':', '-')));
            var back = new byte[6];
            mac.Write(back);
            Assert.Equal(bytes, back);
            Assert.Equal((bytes[0] & 1) != 0, mac.IsGroup);
            Assert.True(mac != MacAddress.Read(bytes.Select((b, i) => i == 5 ? (byte)(b ^ 1) : b).ToArray()));
        }, iter: 2000);
    }

    [Theory]
    [InlineData("52.54.00.12.34.56")]
    [InlineData("52:54:00:12:34:5")]
    [InlineData("5254:00:12:34:56:")]
    [InlineData("52:54:00:12:34:56:")]
    public void Mac_addresses_need_six_hex_pairs_split_by_colons_or_dashes(string text) => Assert.False(MacAddress.TryParse(text, out _));

    [Fact]
    public void A_mac_address_has_48_bits()
    {
        Assert.Equal("ff:ff:ff:ff:ff:ff", new MacAddress(0xFFFF_FFFF_FFFFUL).ToString());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MacAddress(1UL << 48));
        Assert.StartsWith("A MAC address has 48 bits.", error.Message, StringComparison.Ordinal);
    }
}
