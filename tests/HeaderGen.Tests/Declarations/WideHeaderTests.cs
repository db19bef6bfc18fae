using System;
using Xunit;

namespace HeaderGen.Tests.Declarations;

public class WideHeaderTests
{
    // Bytes 0..15 count up from 0x00 (big-endian: 0x000102...0f), bytes 16..31 from 0x10 (little-endian: 0x1f1e...10).
    private static readonly byte[] Bytes = Convert.FromHexString("000102030405060708090a0b0c0d0e0f" + "101112131415161718191a1b1c1d1e1f" + "abcd");

    [Fact]
    public void Reads_128_bit_fields_in_either_byte_order_and_the_field_after_them()
    {
        Assert.True(WideHeader.TryRead(Bytes, out var header));
        Assert.Equal(new UInt128(0x0001020304050607, 0x08090a0b0c0d0e0f), header.Big);
        Assert.Equal(new UInt128(0x1f1e1d1c1b1a1918, 0x1716151413121110), header.Little);
        Assert.Equal(0xabcd, header.Tail);
        Assert.Equal((32, 16), (WideHeader.Fields.Tail.ByteOffset, WideHeader.Fields.Little.ByteOffset));
        Assert.Equal("Wide Big=0x000102030405060708090A0B0C0D0E0F Little=0x1F1E1D1C1B1A19181716151413121110 Tail=43981", header.ToString());
    }

    [Fact]
    public void Writes_them_back_byte_for_byte_and_a_view_changes_one_in_place()
    {
        Assert.True(WideHeader.TryRead(Bytes, out var header));
        var written = new byte[WideHeader.FixedLength];
        Assert.True(header.TryWrite(written, out int length));
        Assert.Equal(Bytes, written[..length]);

        var view = WideHeader.View.CreateUnchecked(written);
        view.Little = UInt128.One;
        Assert.Equal(Convert.FromHexString("01000000000000000000000000000000"), written[16..32]);
        Assert.Equal(Bytes[..16], written[..16]);
    }
}
