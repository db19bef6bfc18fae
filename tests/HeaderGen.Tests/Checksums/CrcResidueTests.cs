using System;
using HeaderGen.Checksums;
using HeaderGen.Protocols;
using Xunit;

namespace HeaderGen.Tests.Checksums;

/// <summary>
/// Checking a CRC by its residue: the CRC over the data and its CRC (in the algorithm's byte order) is a constant. The
/// expected constants are the CRC RevEng catalogue's residues (the register before the final XOR), XORed with XorOut.
/// </summary>
public class CrcResidueTests
{
    private struct IsoHdlc : ICrcAlgorithm
    {
        public static CrcParameters Parameters { get; } = new("CRC-32/ISO-HDLC", 32, 0x04C11DB7, 0xFFFFFFFF, true, true, 0xFFFFFFFF, 0xCBF43926);
    }

    private struct Bzip2 : ICrcAlgorithm
    {
        public static CrcParameters Parameters { get; } = new("CRC-32/BZIP2", 32, 0x04C11DB7, 0xFFFFFFFF, false, false, 0xFFFFFFFF, 0xFC891918);
    }

    private struct IbmSdlc : ICrcAlgorithm
    {
        public static CrcParameters Parameters { get; } = new("CRC-16/IBM-SDLC", 16, 0x1021, 0xFFFF, true, true, 0xFFFF, 0x906E);
    }

    private struct Ibm3740 : ICrcAlgorithm
    {
        public static CrcParameters Parameters { get; } = new("CRC-16/IBM-3740", 16, 0x1021, 0xFFFF, false, false, 0x0000, 0x29B1);
    }

    private struct Iscsi : ICrcAlgorithm
    {
        public static CrcParameters Parameters { get; } = new("CRC-32/ISCSI", 32, 0x1EDC6F41, 0xFFFFFFFF, true, true, 0xFFFFFFFF, 0xE3069283);
    }

    private static void Check<T>(uint catalogueResidue) where T : struct, ICrcAlgorithm
    {
        var parameters = T.Parameters;
        int bytes = parameters.Width / 8;
        uint expected = catalogueResidue ^ (uint)parameters.XorOut;
        var random = new Random(parameters.Width * 31 + (int)parameters.Polynomial);
        for (int length = 0; length < 150; length++)
        {
            var run = new byte[length + bytes];
            random.NextBytes(run.AsSpan(0, length));
            uint crc = CrcEngine<T>.ComputeUInt32(run.AsSpan(0, length));
            for (int i = 0; i < bytes; i++)
            {
                run[length + i] = (byte)(crc >> (8 * (parameters.ReflectOut ? i : bytes - 1 - i)));
            }
            Assert.Equal(expected, CrcEngine<T>.ComputeUInt32(run));
            Assert.True(CrcEngine<T>.MatchesResidue(run));
            run[random.Next(run.Length)] ^= (byte)(1 << random.Next(8));
            Assert.False(CrcEngine<T>.MatchesResidue(run));   // a CRC catches every single-bit error
        }
    }

    [Fact] public void Crc32_iso_hdlc_has_residue_debb20e3() => Check<IsoHdlc>(0xDEBB20E3);

    [Fact] public void Crc32_bzip2_has_residue_c704dd7b() => Check<Bzip2>(0xC704DD7B);

    [Fact] public void Crc32_iscsi_has_residue_b798b438() => Check<Iscsi>(0xB798B438);

    [Fact] public void Crc16_ibm_sdlc_has_residue_f0b8() => Check<IbmSdlc>(0xF0B8);

    [Fact] public void Crc16_ibm_3740_has_residue_0() => Check<Ibm3740>(0x0000);

    [Fact]
    public void The_ethernet_trailer_checks_a_frame_by_its_residue_and_refuses_one_with_a_flipped_bit()
    {
        var random = new Random(60);
        for (int length = 0; length < 200; length++)
        {
            var frame = new byte[length + EthernetTrailer.FixedLength];
            random.NextBytes(frame.AsSpan(0, length));
            Assert.True(EthernetTrailer.TryAppend(frame, length, out _));
            Assert.True(EthernetTrailer.Verify(frame));
            frame[random.Next(frame.Length)] ^= (byte)(1 << random.Next(8));
            Assert.False(EthernetTrailer.Verify(frame));
        }
        Assert.False(EthernetTrailer.Verify(new byte[3]));
    }
}
