using System;

namespace HeaderGen.Tests.Declarations;

/// <summary>
/// The obvious bit-by-bit big-endian reader and writer (most significant bit of the first byte is bit 0): slow,
/// but too simple to be wrong, so the generated shift-and-mask code is checked against it.
/// </summary>
internal static class ReferenceBits
{
    public static ulong Read(ReadOnlySpan<byte> buffer, int bitOffset, int bitWidth)
    {
        ulong value = 0;
        for (int i = 0; i < bitWidth; i++)
        {
            int bit = bitOffset + i;
            value = (value << 1) | (uint)((buffer[bit / 8] >> (7 - bit % 8)) & 1);
        }
        return value;
    }

    public static void Write(Span<byte> buffer, int bitOffset, int bitWidth, ulong value)
    {
        for (int i = 0; i < bitWidth; i++)
        {
            int bit = bitOffset + i;
            int mask = 1 << (7 - bit % 8);
            bool set = ((value >> (bitWidth - 1 - i)) & 1) != 0;
            buffer[bit / 8] = (byte)(set ? buffer[bit / 8] | mask : buffer[bit / 8] & ~mask);
        }
    }
}
