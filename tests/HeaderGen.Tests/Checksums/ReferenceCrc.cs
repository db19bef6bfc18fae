using System;
using HeaderGen.Checksums;

namespace HeaderGen.Tests.Checksums;

/// <summary>
/// The Rocksoft model executed literally, one bit at a time (Williams, "A Painless Guide to CRC Error Detection
/// Algorithms", section 15): too slow for use, too plain to be wrong, and shares no code with the engine.
/// </summary>
internal static class ReferenceCrc
{
    public static ulong Compute(CrcParameters p, ReadOnlySpan<byte> data)
    {
        ulong top = 1UL << (p.Width - 1);
        ulong register = p.Initial;
        foreach (byte value in data)
        {
            byte b = p.ReflectIn ? (byte)CrcEngine.Reverse(value, 8) : value;
            for (int i = 7; i >= 0; i--)
            {
                bool bit = ((b >> i) & 1) != 0;
                bool high = (register & top) != 0;
                register = (register << 1) & p.Mask;
                if (high ^ bit)
                {
                    register ^= p.Polynomial;
                }
            }
        }
        if (p.ReflectOut)
        {
            register = ReverseSlow(register, p.Width);
        }
        return (register ^ p.XorOut) & p.Mask;
    }

    private static ulong ReverseSlow(ulong value, int width)
    {
        ulong result = 0;
        for (int i = 0; i < width; i++)
        {
            if ((value & (1UL << i)) != 0)
            {
                result |= 1UL << (width - 1 - i);
            }
        }
        return result;
    }
}
