// This file is compiled into the runtime library and, linked, into the generator (HEADERGEN_GENERATOR), so that the
// generator checks a preset's width against its field with the same numbers the runtime computes with.
namespace HeaderGen.Checksums;

/// <summary>Named CRC algorithms from the CRC RevEng catalogue, for <c>[Crc(CrcAlgorithm.X, ...)]</c>.</summary>
#if HEADERGEN_GENERATOR
internal
#else
public
#endif
enum CrcAlgorithm
{
    /// <summary>CRC-32/ISO-HDLC: Ethernet's FCS, zlib, PNG.</summary>
    Crc32 = 1,

    /// <summary>CRC-32/ISCSI (Castagnoli): iSCSI, SCTP, ext4.</summary>
    Crc32C,

    /// <summary>CRC-32/BZIP2.</summary>
    Crc32Bzip2,

    /// <summary>CRC-32/MPEG-2.</summary>
    Crc32Mpeg2,

    /// <summary>CRC-16/IBM-3740, better known as CRC-16/CCITT-FALSE.</summary>
    Crc16CcittFalse,

    /// <summary>CRC-16/MODBUS.</summary>
    Crc16Modbus,

    /// <summary>CRC-16/KERMIT (CCITT, reflected).</summary>
    Crc16Kermit,

    /// <summary>CRC-16/XMODEM.</summary>
    Crc16Xmodem,

    /// <summary>CRC-16/ARC.</summary>
    Crc16Arc,

    /// <summary>CRC-16/IBM-SDLC, better known as CRC-16/X-25.</summary>
    Crc16X25,

    /// <summary>CRC-16/USB.</summary>
    Crc16Usb,

    /// <summary>CRC-8/SMBUS.</summary>
    Crc8Smbus,

    /// <summary>CRC-8/AUTOSAR.</summary>
    Crc8Autosar,

    /// <summary>CRC-8/MAXIM-DOW (1-Wire).</summary>
    Crc8MaximDow,

    /// <summary>CRC-64/XZ.</summary>
    Crc64Xz,

    /// <summary>CRC-64/ECMA-182.</summary>
    Crc64Ecma182,

    /// <summary>CRC-64/NVME.</summary>
    Crc64Nvme,

    /// <summary>CRC-24/OPENPGP.</summary>
    Crc24OpenPgp,

    /// <summary>CRC-15/CAN.</summary>
    Crc15Can,

    /// <summary>CRC-5/USB.</summary>
    Crc5Usb,
}

/// <summary>
/// A CRC in the Rocksoft model that the CRC RevEng catalogue uses: width, polynomial (normal form, top bit
/// implied), initial register value, input and output reflection, final XOR, and the check value (the CRC of the
/// ASCII bytes "123456789").
/// </summary>
#if HEADERGEN_GENERATOR
internal
#else
public
#endif
readonly struct CrcParameters
{
    /// <summary>Creates the parameters.</summary>
    public CrcParameters(string name, int width, ulong polynomial, ulong initial, bool reflectIn, bool reflectOut, ulong xorOut, ulong check)
    {
        Name = name;
        Width = width;
        Polynomial = polynomial;
        Initial = initial;
        ReflectIn = reflectIn;
        ReflectOut = reflectOut;
        XorOut = xorOut;
        Check = check;
    }

    /// <summary>The catalogue name, e.g. <c>CRC-32/ISO-HDLC</c>.</summary>
    public string Name { get; }

    /// <summary>Width in bits, 1 to 64.</summary>
    public int Width { get; }

    /// <summary>The generator polynomial in normal (MSB-first) form without its top bit.</summary>
    public ulong Polynomial { get; }

    /// <summary>The register's initial value, in normal form.</summary>
    public ulong Initial { get; }

    /// <summary>Whether each input byte is processed least significant bit first.</summary>
    public bool ReflectIn { get; }

    /// <summary>Whether the final register is bit-reversed before the final XOR.</summary>
    public bool ReflectOut { get; }

    /// <summary>The value XORed into the result.</summary>
    public ulong XorOut { get; }

    /// <summary>The CRC of "123456789", from the catalogue.</summary>
    public ulong Check { get; }

    /// <summary>All ones in the low <see cref="Width"/> bits.</summary>
    public ulong Mask => Width >= 64 ? ulong.MaxValue : (1UL << Width) - 1;

    /// <summary>Why these parameters describe no CRC, or null when they are valid.</summary>
    public string? Problem =>
        Width is < 1 or > 64 ? "the width must be 1 to 64 bits"
        : (Polynomial & ~Mask) != 0 ? $"the polynomial is wider than {Width} bits"
        : (Polynomial & 1) == 0 ? "the polynomial must have its x^0 term (an odd value)"
        : (Initial & ~Mask) != 0 ? $"the initial value is wider than {Width} bits"
        : (XorOut & ~Mask) != 0 ? $"the final XOR value is wider than {Width} bits"
        : null;
}

/// <summary>The parameters of each <see cref="CrcAlgorithm"/>, as the CRC RevEng catalogue gives them.</summary>
#if HEADERGEN_GENERATOR
internal
#else
public
#endif
static class CrcCatalogue
{
    /// <summary>The parameters of <paramref name="algorithm"/>; false for a value that names none.</summary>
    public static bool TryGet(CrcAlgorithm algorithm, out CrcParameters parameters)
    {
        parameters = algorithm switch
        {
            CrcAlgorithm.Crc32 => new("CRC-32/ISO-HDLC", 32, 0x04C11DB7, 0xFFFFFFFF, true, true, 0xFFFFFFFF, 0xCBF43926),
            CrcAlgorithm.Crc32C => new("CRC-32/ISCSI", 32, 0x1EDC6F41, 0xFFFFFFFF, true, true, 0xFFFFFFFF, 0xE3069283),
            CrcAlgorithm.Crc32Bzip2 => new("CRC-32/BZIP2", 32, 0x04C11DB7, 0xFFFFFFFF, false, false, 0xFFFFFFFF, 0xFC891918),
            CrcAlgorithm.Crc32Mpeg2 => new("CRC-32/MPEG-2", 32, 0x04C11DB7, 0xFFFFFFFF, false, false, 0, 0x0376E6E7),
            CrcAlgorithm.Crc16CcittFalse => new("CRC-16/IBM-3740", 16, 0x1021, 0xFFFF, false, false, 0, 0x29B1),
            CrcAlgorithm.Crc16Modbus => new("CRC-16/MODBUS", 16, 0x8005, 0xFFFF, true, true, 0, 0x4B37),
            CrcAlgorithm.Crc16Kermit => new("CRC-16/KERMIT", 16, 0x1021, 0, true, true, 0, 0x2189),
            CrcAlgorithm.Crc16Xmodem => new("CRC-16/XMODEM", 16, 0x1021, 0, false, false, 0, 0x31C3),
            CrcAlgorithm.Crc16Arc => new("CRC-16/ARC", 16, 0x8005, 0, true, true, 0, 0xBB3D),
            CrcAlgorithm.Crc16X25 => new("CRC-16/IBM-SDLC", 16, 0x1021, 0xFFFF, true, true, 0xFFFF, 0x906E),
            CrcAlgorithm.Crc16Usb => new("CRC-16/USB", 16, 0x8005, 0xFFFF, true, true, 0xFFFF, 0xB4C8),
            CrcAlgorithm.Crc8Smbus => new("CRC-8/SMBUS", 8, 0x07, 0, false, false, 0, 0xF4),
            CrcAlgorithm.Crc8Autosar => new("CRC-8/AUTOSAR", 8, 0x2F, 0xFF, false, false, 0xFF, 0xDF),
            CrcAlgorithm.Crc8MaximDow => new("CRC-8/MAXIM-DOW", 8, 0x31, 0, true, true, 0, 0xA1),
            CrcAlgorithm.Crc64Xz => new("CRC-64/XZ", 64, 0x42F0E1EBA9EA3693, 0xFFFFFFFFFFFFFFFF, true, true, 0xFFFFFFFFFFFFFFFF, 0x995DC9BBDF1939FA),
            CrcAlgorithm.Crc64Ecma182 => new("CRC-64/ECMA-182", 64, 0x42F0E1EBA9EA3693, 0, false, false, 0, 0x6C40DF5F0B497347),
            CrcAlgorithm.Crc64Nvme => new("CRC-64/NVME", 64, 0xAD93D23594C93659, 0xFFFFFFFFFFFFFFFF, true, true, 0xFFFFFFFFFFFFFFFF, 0xAE8B14860A799888),
            CrcAlgorithm.Crc24OpenPgp => new("CRC-24/OPENPGP", 24, 0x864CFB, 0xB704CE, false, false, 0, 0x21CF02),
            CrcAlgorithm.Crc15Can => new("CRC-15/CAN", 15, 0x4599, 0, false, false, 0, 0x059E),
            CrcAlgorithm.Crc5Usb => new("CRC-5/USB", 5, 0x05, 0x1F, true, true, 0x1F, 0x19),
            _ => default,
        };
        return parameters.Width != 0;
    }
}
