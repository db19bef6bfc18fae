using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics;
using CsCheck;
using HeaderGen.Tests.Infrastructure;
using HeaderGen.Checksums;
using HeaderGen.Protocols;
using Xunit;

namespace HeaderGen.Tests.Checksums;

public class CrcEngineTests
{
    /// <summary>
    /// Entries of the CRC RevEng catalogue (reveng.sourceforge.io/crc-catalogue), copied with their check values:
    /// widths 3 to 64, reflected and not, reflect-in unlike reflect-out (CRC-12/3GPP), non-zero initial values
    /// that are not palindromes (CRC-16/RIELLO, CRC-24/BLE), and final XORs.
    /// </summary>
    public static IEnumerable<object[]> Catalogue() => new CrcParameters[]
    {
        new("CRC-3/GSM", 3, 0x3, 0x0, false, false, 0x7, 0x4),
        new("CRC-3/ROHC", 3, 0x3, 0x7, true, true, 0x0, 0x6),
        new("CRC-5/USB", 5, 0x05, 0x1F, true, true, 0x1F, 0x19),
        new("CRC-5/EPC-C1G2", 5, 0x09, 0x09, false, false, 0x00, 0x00),
        new("CRC-6/CDMA2000-A", 6, 0x27, 0x3F, false, false, 0x00, 0x0D),
        new("CRC-7/MMC", 7, 0x09, 0x00, false, false, 0x00, 0x75),
        new("CRC-8/SMBUS", 8, 0x07, 0x00, false, false, 0x00, 0xF4),
        new("CRC-8/MAXIM-DOW", 8, 0x31, 0x00, true, true, 0x00, 0xA1),
        new("CRC-8/AUTOSAR", 8, 0x2F, 0xFF, false, false, 0xFF, 0xDF),
        new("CRC-8/BLUETOOTH", 8, 0xA7, 0x00, true, true, 0x00, 0x26),
        new("CRC-8/ROHC", 8, 0x07, 0xFF, true, true, 0x00, 0xD0),
        new("CRC-8/I-432-1", 8, 0x07, 0x00, false, false, 0x55, 0xA1),
        new("CRC-10/ATM", 10, 0x233, 0x000, false, false, 0x000, 0x199),
        new("CRC-12/3GPP", 12, 0x80F, 0x000, false, true, 0x000, 0xDAF),
        new("CRC-15/CAN", 15, 0x4599, 0x0000, false, false, 0x0000, 0x059E),
        new("CRC-16/IBM-3740", 16, 0x1021, 0xFFFF, false, false, 0x0000, 0x29B1),
        new("CRC-16/KERMIT", 16, 0x1021, 0x0000, true, true, 0x0000, 0x2189),
        new("CRC-16/XMODEM", 16, 0x1021, 0x0000, false, false, 0x0000, 0x31C3),
        new("CRC-16/MODBUS", 16, 0x8005, 0xFFFF, true, true, 0x0000, 0x4B37),
        new("CRC-16/ARC", 16, 0x8005, 0x0000, true, true, 0x0000, 0xBB3D),
        new("CRC-16/USB", 16, 0x8005, 0xFFFF, true, true, 0xFFFF, 0xB4C8),
        new("CRC-16/IBM-SDLC", 16, 0x1021, 0xFFFF, true, true, 0xFFFF, 0x906E),
        new("CRC-16/UMTS", 16, 0x8005, 0x0000, false, false, 0x0000, 0xFEE8),
        new("CRC-16/GENIBUS", 16, 0x1021, 0xFFFF, false, false, 0xFFFF, 0xD64E),
        new("CRC-16/RIELLO", 16, 0x1021, 0xB2AA, true, true, 0x0000, 0x63D0),
        new("CRC-16/DNP", 16, 0x3D65, 0x0000, true, true, 0xFFFF, 0xEA82),
        new("CRC-17/CAN-FD", 17, 0x1685B, 0x00000, false, false, 0x00000, 0x04F03),
        new("CRC-21/CAN-FD", 21, 0x102899, 0x000000, false, false, 0x000000, 0x0ED841),
        new("CRC-24/OPENPGP", 24, 0x864CFB, 0xB704CE, false, false, 0x000000, 0x21CF02),
        new("CRC-24/BLE", 24, 0x00065B, 0x555555, true, true, 0x000000, 0xC25A56),
        new("CRC-30/CDMA", 30, 0x2030B9C7, 0x3FFFFFFF, false, false, 0x3FFFFFFF, 0x04C34ABF),
        new("CRC-31/PHILIPS", 31, 0x04C11DB7, 0x7FFFFFFF, false, false, 0x7FFFFFFF, 0x0CE9E46C),
        new("CRC-32/ISO-HDLC", 32, 0x04C11DB7, 0xFFFFFFFF, true, true, 0xFFFFFFFF, 0xCBF43926),
        new("CRC-32/ISCSI", 32, 0x1EDC6F41, 0xFFFFFFFF, true, true, 0xFFFFFFFF, 0xE3069283),
        new("CRC-32/BZIP2", 32, 0x04C11DB7, 0xFFFFFFFF, false, false, 0xFFFFFFFF, 0xFC891918),
        new("CRC-32/MPEG-2", 32, 0x04C11DB7, 0xFFFFFFFF, false, false, 0x00000000, 0x0376E6E7),
        new("CRC-32/CKSUM", 32, 0x04C11DB7, 0x00000000, false, false, 0xFFFFFFFF, 0x765E7680),
        new("CRC-32/JAMCRC", 32, 0x04C11DB7, 0xFFFFFFFF, true, true, 0x00000000, 0x340BC6D9),
        new("CRC-32/XFER", 32, 0x000000AF, 0x00000000, false, false, 0x00000000, 0xBD0BE338),
        new("CRC-32/AUTOSAR", 32, 0xF4ACFB13, 0xFFFFFFFF, true, true, 0xFFFFFFFF, 0x1697D06A),
        new("CRC-32/AIXM", 32, 0x814141AB, 0x00000000, false, false, 0x00000000, 0x3010BF7F),
        new("CRC-40/GSM", 40, 0x0004820009, 0x0000000000, false, false, 0xFFFFFFFFFF, 0xD4164FC646),
        new("CRC-64/ECMA-182", 64, 0x42F0E1EBA9EA3693, 0x0, false, false, 0x0, 0x6C40DF5F0B497347),
        new("CRC-64/XZ", 64, 0x42F0E1EBA9EA3693, ulong.MaxValue, true, true, ulong.MaxValue, 0x995DC9BBDF1939FA),
        new("CRC-64/GO-ISO", 64, 0x000000000000001B, ulong.MaxValue, true, true, ulong.MaxValue, 0xB90956C775A41001),
        new("CRC-64/WE", 64, 0x42F0E1EBA9EA3693, ulong.MaxValue, false, false, ulong.MaxValue, 0x62EC59E3F1A4F00A),
        new("CRC-64/REDIS", 64, 0xAD93D23594C935A9, 0x0, true, true, 0x0, 0xE9C6D914C4B8D9CA),
        new("CRC-64/NVME", 64, 0xAD93D23594C93659, ulong.MaxValue, true, true, ulong.MaxValue, 0xAE8B14860A799888),
    }.Select(p => new object[] { p.Name, p });

    [Theory]
    [MemberData(nameof(Catalogue))]
    public void Engine_gives_the_catalogue_check_value(string name, CrcParameters parameters)
    {
        _ = name;
        Assert.Equal(parameters.Check, new CrcEngine(parameters).Compute("123456789"u8));
        Assert.Equal(parameters.Check, ReferenceCrc.Compute(parameters, "123456789"u8));
    }

    [Theory]
    [MemberData(nameof(Catalogue))]
    public void Engine_agrees_with_the_bit_by_bit_model_on_random_data(string name, CrcParameters parameters)
    {
        _ = name;
        var engine = new CrcEngine(parameters);
        Gen.Byte.Array[0, 300].ForAll(data => Assert.Equal(ReferenceCrc.Compute(parameters, data), engine.Compute(data)), iter: 100);
    }

    [Theory]
    [MemberData(nameof(Catalogue))]
    public void Engine_agrees_with_the_bit_by_bit_model_at_every_length_around_the_lift(string name, CrcParameters parameters)
    {
        // Lengths below, inside and above the range the engine lifts to System.IO.Hashing's vector threshold, in data
        // of all ones (which the preimage's prefix must not disturb) and random data.
        var engine = new CrcEngine(parameters);
        Assert.True(engine.Lifts);
        // Reflected CRCs of up to 32 bits fold 16 to 127 bytes in registers on x86; the lengths below run through it.
        Assert.Equal(ReflectedFold.IsSupported && parameters.ReflectIn && parameters.Width <= 32, engine.Fold is not null);
        var random = new Random(1);
        _ = name;
        for (int length = 0; length <= CrcEngine.LiftBelow + 2 * CrcEngine.VectorBlock; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            ulong expected = ReferenceCrc.Compute(parameters, data);
            Assert.Equal(expected, engine.Compute(data));
            Assert.Equal((uint)expected, engine.ComputeUInt32(data));   // wider CRCs: the low 32 bits
            data.AsSpan().Fill(0xFF);
            expected = ReferenceCrc.Compute(parameters, data);
            Assert.Equal(expected, engine.Compute(data));
            Assert.Equal((uint)expected, engine.ComputeUInt32(data));
        }
    }

    [SkippableFact]
    public void The_fold_constants_of_crc32_are_the_ones_linux_publishes()
    {
        // arch/x86/crypto/crc32-pclmul_asm.S: R1/R2 fold 512 bits, R3/R4 fold 128, R5 takes 64 bits to 32, then
        // Barrett's u and P'. Computed here from the polynomial alone.
        Skip.IfNot(ReflectedFold.IsSupported, "no PCLMULQDQ on this machine");
        Assert.True(CrcCatalogue.TryGet(CrcAlgorithm.Crc32, out var crc32));
        var fold = new CrcEngine(crc32).Fold!;
        Assert.Equal(0x1751997D0UL, fold.Distance(1).GetElement(0));   // R3: x^(128 + 32)
        Assert.Equal(0x0CCAA009EUL, fold.Distance(1).GetElement(1));   // R4: x^(128 - 32)
        Assert.Equal(0x154442BD4UL, fold.Distance(4).GetElement(0));   // R1: x^(512 + 32)
        Assert.Equal(0x1C6E41596UL, fold.Distance(4).GetElement(1));   // R2: x^(512 - 32)
        Assert.Equal((0x163CD6124UL, 0x1DB710641UL, 0x1F7011641UL), fold.Reduction);
    }

    [Fact]
    public void The_fold_handles_every_alignment_of_an_ethernet_frame_and_a_flipped_bit()
    {
        // Every length the fold takes, each against System.IO.Hashing's CRC-32 over the same bytes, and one flipped
        // bit in every position of a 60-byte frame changing the FCS.
        var random = new Random(7);
        for (int length = ReflectedFold.MinimumLength; length < ReflectedFold.LengthBelow; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(data), EthernetTrailer.ComputeFrameCheckSequence(data));
        }
        var frame = new byte[60];
        random.NextBytes(frame);
        uint fcs = EthernetTrailer.ComputeFrameCheckSequence(frame);
        for (int bit = 0; bit < frame.Length * 8; bit++)
        {
            frame[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(frame), EthernetTrailer.ComputeFrameCheckSequence(frame));
            Assert.NotEqual(fcs, EthernetTrailer.ComputeFrameCheckSequence(frame));
            frame[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }

    [Theory]
    [InlineData(0, 0x07UL, "the width must be 1 to 64 bits")]
    [InlineData(8, 0x107UL, "the polynomial is wider than 8 bits")]
    [InlineData(8, 0x06UL, "the polynomial must have its x^0 term (an odd value)")]
    public void Parameters_that_describe_no_crc_are_refused_with_the_reason(int width, ulong polynomial, string problem)
    {
        var error = Assert.Throws<ArgumentException>(() => new CrcEngine(new CrcParameters("CRC-X", width, polynomial, 0, false, false, 0, 0)));
        Assert.StartsWith($"CRC-X: {problem}.", error.Message, StringComparison.Ordinal);
    }

    // Algorithms known at compile time, as the generator declares them, one of each kind of finishing.
    private struct Crc5Usb : ICrcAlgorithm { public static CrcParameters Parameters { get; } = new("CRC-5/USB", 5, 0x05, 0x1F, true, true, 0x1F, 0x19); }
    private struct Crc12Gpp : ICrcAlgorithm { public static CrcParameters Parameters { get; } = new("CRC-12/3GPP", 12, 0x80F, 0x000, false, true, 0x000, 0xDAF); }
    private struct Crc16Genibus : ICrcAlgorithm { public static CrcParameters Parameters { get; } = new("CRC-16/GENIBUS", 16, 0x1021, 0xFFFF, false, false, 0xFFFF, 0xD64E); }
    private struct Crc32IsoHdlc : ICrcAlgorithm { public static CrcParameters Parameters { get; } = new("CRC-32/ISO-HDLC", 32, 0x04C11DB7, 0xFFFFFFFF, true, true, 0xFFFFFFFF, 0xCBF43926); }
    private struct Crc40Gsm : ICrcAlgorithm { public static CrcParameters Parameters { get; } = new("CRC-40/GSM", 40, 0x0004820009, 0x0000000000, false, false, 0xFFFFFFFFFF, 0xD4164FC646); }
    private struct Crc64Xz : ICrcAlgorithm { public static CrcParameters Parameters { get; } = new("CRC-64/XZ", 64, 0x42F0E1EBA9EA3693, ulong.MaxValue, true, true, ulong.MaxValue, 0x995DC9BBDF1939FA); }

    [Fact]
    public void The_specialized_engine_agrees_with_the_bit_by_bit_model()
    {
        Check<Crc5Usb>();
        Check<Crc12Gpp>();
        Check<Crc16Genibus>();
        Check<Crc32IsoHdlc>();
        Check<Crc40Gsm>();
        Check<Crc64Xz>();

        static void Check<T>() where T : struct, ICrcAlgorithm
        {
            var random = new Random(2);
            Assert.Equal(T.Parameters.Check, CrcEngine<T>.Compute("123456789"u8));
            for (int length = 0; length <= CrcEngine.LiftBelow + 2 * CrcEngine.VectorBlock; length++)
            {
                var data = new byte[length];
                random.NextBytes(data);
                ulong expected = ReferenceCrc.Compute(T.Parameters, data);
                Assert.Equal(expected, CrcEngine<T>.Compute(data));
                Assert.Equal((uint)expected, CrcEngine<T>.ComputeUInt32(data));
            }
        }
    }

    [Fact]
    public void Every_named_algorithm_matches_its_check_value()
    {
        foreach (var algorithm in Enum.GetValues<CrcAlgorithm>())
        {
            Assert.True(CrcCatalogue.TryGet(algorithm, out var parameters));
            Assert.Equal(parameters.Check, new CrcEngine(parameters).Compute("123456789"u8));
        }
        Assert.False(CrcCatalogue.TryGet((CrcAlgorithm)999, out _));
    }

    [Fact]
    public void Invalid_parameters_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new CrcEngine(new CrcParameters("wide", 65, 0x3, 0, false, false, 0, 0)));
        Assert.Throws<ArgumentException>(() => new CrcEngine(new CrcParameters("poly", 8, 0x107, 0, false, false, 0, 0)));
        Assert.Throws<ArgumentException>(() => new CrcEngine(new CrcParameters("init", 8, 0x07, 0x100, false, false, 0, 0)));
    }
}
