using System;
using CsCheck;
using HeaderGen.Tests.Infrastructure;
using HeaderGen.Checksums;
using HeaderGen.Tests.Checksums;
using Xunit;

namespace HeaderGen.Tests.Declarations;

public class BeaconHeaderTests
{
    [Fact]
    public void Declared_crcs_give_the_catalogue_check_values()
    {
        Assert.Equal(0x29B1, BeaconHeader.ComputeHeaderCrc("123456789"u8));
        Assert.Equal(0x19, TokenTrailer.ComputeCrc5("123456789"u8));
    }

    [Fact]
    public void A_header_crc_is_filled_and_verified_over_the_bytes_before_it()
    {
        Gen.Select(Gen.Byte[0, 15], Gen.UShort[0, 0xFFF], Gen.UInt).ForAll((kind, station, timestamp) =>
        {
            var buffer = new byte[BeaconHeader.FixedLength];
            Assert.True(new BeaconHeader { Kind = kind, Station = station, Timestamp = timestamp }.TryWrite(buffer, out _));
            Assert.True(BeaconHeader.View.TryCreate(buffer, out var view));
            view.FillHeaderCrc();
            Assert.Equal(ReferenceCrc.Compute(Crc16Ibm3740, buffer.AsSpan(0, 6)), view.HeaderCrc);
            Assert.True(view.VerifyHeaderCrc());
            view.Timestamp ^= 1;
            Assert.False(view.VerifyHeaderCrc());
        }, iter: 500);
    }

    [Fact]
    public void A_five_bit_crc_trailer_is_appended_and_verified()
    {
        var packet = new byte[3];
        packet[0] = 0xA5;
        packet[1] = 0x5A;
        Assert.True(TokenTrailer.TryAppend(packet, 2, out int length));
        Assert.Equal(3, length);
        Assert.Equal(ReferenceCrc.Compute(Crc5Usb, packet.AsSpan(0, 2)), packet[2]);
        Assert.True(TokenTrailer.Verify(packet));
        packet[0] ^= 0x80;
        Assert.False(TokenTrailer.Verify(packet));
    }

    // The parameters as the CRC catalogue (reveng.sourceforge.io) lists them, run by the bit-by-bit model.
    private static readonly CrcParameters Crc16Ibm3740 = new("CRC-16/IBM-3740", 16, 0x1021, 0xFFFF, false, false, 0, 0x29B1);
    private static readonly CrcParameters Crc5Usb = new("CRC-5/USB", 5, 0x05, 0x1F, true, true, 0x1F, 0x19);
}
