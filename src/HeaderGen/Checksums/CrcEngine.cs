using System;
using System.IO.Hashing;
using System.Runtime.CompilerServices;

namespace HeaderGen.Checksums;

/// <summary>
/// Computes one CRC of any width from 1 to 64 on System.IO.Hashing's vectorized (carry-less multiply) engines: a
/// width below 32 runs on the 32-bit engine with the polynomial shifted up by 32 - width (and, not reflected, the
/// initial value too, the result shifted down; reflected, the initial value reflected and the result in the low
/// bits), widths 33 to 63 likewise on the 64-bit engine; reflect-in unlike reflect-out is a bit reversal of the
/// result; the final XOR is applied last. Create one per algorithm and keep it: it precomputes its tables.
/// </summary>
public sealed class CrcEngine
{
    private readonly Crc32ParameterSet? _set32;
    private readonly Crc64ParameterSet? _set64;
    private readonly int _downShift;
    private readonly ulong _mask;
    private readonly bool _reverseResult;
    private readonly ulong _xorOut;

    /// <summary>A full-width CRC whose reflections agree runs on System.IO.Hashing as it is, final XOR included.</summary>
    private readonly bool _direct;

    /// <summary>Creates an engine; throws <see cref="ArgumentException"/> when the parameters describe no CRC.</summary>
    public CrcEngine(CrcParameters parameters)
    {
        if (parameters.Problem is { } problem)
        {
            throw new ArgumentException($"{parameters.Name}: {problem}.", nameof(parameters));
        }
        Parameters = parameters;
        int width = parameters.Width;
        int engineWidth = width <= 32 ? 32 : 64;
        int up = engineWidth - width;
        _mask = parameters.Mask;
        ulong initial = parameters.ReflectIn ? Reverse(parameters.Initial, width) : parameters.Initial << up;
        _downShift = parameters.ReflectIn ? 0 : up;
        _reverseResult = parameters.ReflectIn != parameters.ReflectOut;
        _xorOut = parameters.XorOut;
        _direct = up == 0 && !_reverseResult;
        ulong engineXor = _direct ? _xorOut : 0;
        if (engineWidth == 32)
        {
            _set32 = Crc32ParameterSet.Create((uint)(parameters.Polynomial << up), (uint)initial, (uint)engineXor, parameters.ReflectIn);
        }
        else
        {
            _set64 = Crc64ParameterSet.Create(parameters.Polynomial << up, initial, engineXor, parameters.ReflectIn);
        }
    }

    /// <summary>The algorithm this engine computes.</summary>
    public CrcParameters Parameters { get; }

    /// <summary>The CRC of <paramref name="data"/>, in the low <c>Width</c> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Compute(ReadOnlySpan<byte> data)
    {
        if (_direct)
        {
            return _set32 is not null ? Crc32.HashToUInt32(_set32, data) : Crc64.HashToUInt64(_set64!, data);
        }
        ulong register = _set32 is not null ? Crc32.HashToUInt32(_set32, data) : Crc64.HashToUInt64(_set64!, data);
        register = (register >> _downShift) & _mask;
        if (_reverseResult)
        {
            register = Reverse(register, Parameters.Width);
        }
        return register ^ _xorOut;
    }

    /// <summary>The CRC of <paramref name="data"/> for a width of at most 32 bits; a full-width CRC-32 costs one call into System.IO.Hashing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ComputeUInt32(ReadOnlySpan<byte> data) => _direct ? Crc32.HashToUInt32(_set32!, data) : (uint)Compute(data);

    /// <summary>The low <paramref name="width"/> bits of <paramref name="value"/> in reverse order.</summary>
    public static ulong Reverse(ulong value, int width)
    {
        ulong reversed = 0;
        for (int i = 0; i < width; i++)
        {
            reversed = (reversed << 1) | ((value >> i) & 1);
        }
        return reversed;
    }
}
