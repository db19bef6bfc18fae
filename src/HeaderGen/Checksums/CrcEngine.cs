using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.IO.Hashing;
using System.Runtime.CompilerServices;

namespace HeaderGen.Checksums;

/// <summary>
/// Computes one CRC of any width from 1 to 64 on System.IO.Hashing's vectorized (carry-less multiply) engines: a
/// width below 32 runs on the 32-bit engine with the polynomial shifted up by 32 - width (and, not reflected, the
/// initial value too, the result shifted down; reflected, the initial value reflected and the result in the low
/// bits), widths 33 to 63 likewise on the 64-bit engine; reflect-in unlike reflect-out is a bit reversal of the
/// result; the final XOR is applied last. Create one per algorithm and keep it: it precomputes its tables.
/// <para>
/// System.IO.Hashing folds 16-byte blocks with carry-less multiplication and walks a table a byte at a time for the
/// rest: a 60-byte Ethernet frame costs 2.5 times a 64-byte one. The engine lifts short inputs to whole blocks:
/// leading zero bytes leave a register of zero at zero, so it runs a twin of the engine whose initial register is
/// zero over zeros, then the register-wide preimage of the initial register (the bytes that take that twin from zero
/// to the initial register, solved over GF(2) once per engine), then the data.
/// </para>
/// </summary>
public sealed class CrcEngine
{
    /// <summary>The block System.IO.Hashing's CRCs fold with carry-less multiplication; what is left over goes through a table.</summary>
    internal const int VectorBlock = 16;

    /// <summary>Inputs of this many bytes or more, below <see cref="LiftBelow"/>, are lifted when at least <see cref="LiftTail"/> bytes are left over from whole blocks.</summary>
    internal const int LiftFrom = 16;

    /// <summary>From this length on copying the input costs more than the table walk of its last block saves.</summary>
    internal const int LiftBelow = 128;

    /// <summary>Fewer bytes left over from whole blocks walk the table faster than the input is lifted (measured: 4 bytes 9 ns on the table, 13 lifted; 8 bytes 15 and 13).</summary>
    internal const int LiftTail = 6;

    private readonly Crc32ParameterSet? _set32;
    private readonly Crc64ParameterSet? _set64;

    /// <summary>System.IO.Hashing's 32-bit engine for this CRC (null for widths above 32).</summary>
    internal Crc32ParameterSet? Set32 => _set32;

    /// <summary>System.IO.Hashing's 64-bit engine for this CRC (null for widths up to 32).</summary>
    internal Crc64ParameterSet? Set64 => _set64;

    /// <summary>Whether the engine's register is the CRC (full width, reflections agree, final XOR in the engine).</summary>
    internal bool Direct => _direct;

    /// <summary>What <see cref="Finish(ulong, int, ulong, bool, int, ulong)"/> needs: shift, mask, reversal, final XOR.</summary>
    internal (int DownShift, ulong Mask, bool Reverse, ulong XorOut) Finishing => (_downShift, _mask, _reverseResult, _xorOut);
    private readonly ReflectedFold? _fold;
    private readonly uint _foldInitial;

    /// <summary>The carry-less fold of short inputs (reflected engines of 32 bits on x86), or null.</summary>
    internal ReflectedFold? Fold => _fold;

    /// <summary>The engine's initial register, which <see cref="Fold"/> starts from.</summary>
    internal uint FoldInitial => _foldInitial;
    private readonly Crc32ParameterSet? _zero32;
    private readonly Crc64ParameterSet? _zero64;
    private readonly ulong _engineXor;
    /// <summary>Zeros, the preimage of the initial register in its last register-wide bytes up to offset 32, zeros.</summary>
    private readonly byte[] _prefixBlocks = new byte[3 * VectorBlock];
    private readonly bool _liftable;
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
        _engineXor = engineXor;
        if (engineWidth == 32)
        {
            _set32 = Crc32ParameterSet.Create((uint)(parameters.Polynomial << up), (uint)initial, (uint)engineXor, parameters.ReflectIn);
            _zero32 = Crc32ParameterSet.Create((uint)(parameters.Polynomial << up), 0, 0, parameters.ReflectIn);
            if (parameters.ReflectIn && ReflectedFold.IsSupported)
            {
                _fold = new ReflectedFold((uint)(parameters.Polynomial << up));
                _foldInitial = (uint)initial;
            }
        }
        else
        {
            _set64 = Crc64ParameterSet.Create(parameters.Polynomial << up, initial, engineXor, parameters.ReflectIn);
            _zero64 = Crc64ParameterSet.Create(parameters.Polynomial << up, 0, 0, parameters.ReflectIn);
        }
        _liftable = TrySolvePreimage(initial, out ulong preimage);
        int preimageAt = 2 * VectorBlock - (engineWidth / 8);
        for (int i = 0; i < engineWidth / 8; i++)
        {
            _prefixBlocks[preimageAt + i] = (byte)(preimage >> (8 * i));
        }
    }

    /// <summary>Whether short inputs are lifted to whole blocks (true for every CRC the tests know).</summary>
    internal bool Lifts => _liftable;

    /// <summary>The algorithm this engine computes.</summary>
    public CrcParameters Parameters { get; }

    /// <summary>The CRC of <paramref name="data"/>, in the low <c>Width</c> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Compute(ReadOnlySpan<byte> data)
    {
        // Stryker disable once Conditional : lifted or not, the CRC is the same (tested at every length from 0 to 160).
        ulong register = ReflectedFold.FoldsLength(data.Length) && _fold is not null ? _fold.Register(data, _foldInitial) ^ (uint)_engineXor
            : LiftsLength(data.Length) && _liftable ? Lifted(data)
            : _set32 is not null ? Crc32.HashToUInt32(_set32, data) : Crc64.HashToUInt64(_set64!, data);
        return _direct ? register : Finish(register, _downShift, _mask, _reverseResult, Parameters.Width, _xorOut);
    }

    /// <summary>The CRC of <paramref name="data"/> for a width of at most 32 bits; a full-width CRC-32 costs one call into System.IO.Hashing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ComputeUInt32(ReadOnlySpan<byte> data)
    {
        if (_set32 is null)
        {
            return (uint)ComputeOutOfLine(data);
        }
        // One call site for each engine, so that the JIT inlines System.IO.Hashing's dispatch into the caller.
        // Stryker disable once Conditional : lifted or not, the CRC is the same.
        uint register = ReflectedFold.FoldsLength(data.Length) && _fold is not null ? _fold.Register(data, _foldInitial) ^ (uint)_engineXor
            : LiftsLength(data.Length) && _liftable ? (uint)Lifted(data) : Crc32.HashToUInt32(_set32, data);
        return _direct ? register : (uint)Finish(register, _downShift, _mask, _reverseResult, Parameters.Width, _xorOut);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal ulong ComputeOutOfLine(ReadOnlySpan<byte> data) => Compute(data);

    /// <summary>True for the lengths that run faster lifted to whole blocks.</summary>
    // Stryker disable once Equality,Bitwise,Arithmetic : which lengths are lifted changes the speed, not the CRC.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool LiftsLength(int length) =>
        (length & (VectorBlock - 1)) >= LiftTail && (uint)(length - LiftFrom) < LiftBelow - LiftFrom;

    /// <summary>The CRC from the engine's register: shifted down and masked to the width, reversed, final XOR.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Finish(ulong register, int downShift, ulong mask, bool reverse, int width, ulong xorOut)
    {
        register = (register >> downShift) & mask;
        if (reverse)
        {
            register = Reverse(register, width);
        }
        return register ^ xorOut;
    }

    /// <summary>
    /// The register after <paramref name="data"/>, computed over zeros, the preimage of the initial register and the
    /// data: whole blocks, all folded by carry-less multiplication. The lifted copy is written a block per 16-byte
    /// store, the blocks that hold the prefix assembled in registers: the engine reads it back in 16-byte loads, and a
    /// load that spans two smaller stores still in flight stalls (no store-to-load forwarding), which would cost more
    /// than the table walk saved.
    /// </summary>
    internal ulong Lifted(ReadOnlySpan<byte> data)
    {
        int prefix = _set32 is not null ? sizeof(uint) : sizeof(ulong);
        int total = (data.Length + prefix + VectorBlock - 1) & -VectorBlock;
        int start = total - data.Length;
        Span<byte> lifted = stackalloc byte[LiftBelow + VectorBlock];
        ref byte source = ref MemoryMarshal.GetReference(data);
        ref byte target = ref MemoryMarshal.GetReference(lifted);
        ref byte prefixBlocks = ref MemoryMarshal.GetArrayDataReference(_prefixBlocks);
        for (int block = 0; block < total; block += VectorBlock)
        {
            int dataOffset = block - start;
            Vector128<byte> bytes;
            if (dataOffset >= 0)
            {
                bytes = Vector128.LoadUnsafe(ref source, (nuint)dataOffset);
            }
            else
            {
                // The prefix's bytes (zeros after it), and the data's first bytes moved up to where the prefix ends;
                // a shuffle index below zero selects zero.
                bytes = Vector128.LoadUnsafe(ref prefixBlocks, (nuint)(2 * VectorBlock + dataOffset));
                if (dataOffset > -VectorBlock)
                {
                    bytes |= Vector128.Shuffle(Vector128.LoadUnsafe(ref source), Indices + Vector128.Create((byte)dataOffset));
                }
            }
            bytes.StoreUnsafe(ref target, (nuint)block);
        }
        lifted = lifted[..total];
        ulong register = _zero32 is not null ? Crc32.HashToUInt32(_zero32, lifted) : Crc64.HashToUInt64(_zero64!, lifted);
        return register ^ _engineXor;
    }

    private static Vector128<byte> Indices => Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    /// <summary>
    /// Solves for the register-wide bytes that take the zero-initialized twin from a register of zero to
    /// <paramref name="initial"/>. Over few bytes the register is a linear map of them over GF(2); its columns, the
    /// images of the single bits, are reduced to an echelon basis, and the target expressed in it. False when the
    /// initial register lies outside the map's image (then the engine never lifts).
    /// </summary>
    private bool TrySolvePreimage(ulong initial, out ulong preimage)
    {
        int bytes = _zero32 is not null ? sizeof(uint) : sizeof(ulong);
        Span<ulong> images = stackalloc ulong[64];
        Span<ulong> combinations = stackalloc ulong[64];
        Span<byte> unit = stackalloc byte[sizeof(ulong)];
        ulong pivots = 0;
        for (int bit = 0; bit < bytes * 8; bit++)
        {
            unit.Clear();
            unit[bit / 8] = (byte)(1 << (bit % 8));
            ulong image = _zero32 is not null ? Crc32.HashToUInt32(_zero32, unit[..bytes]) : Crc64.HashToUInt64(_zero64!, unit[..bytes]);
            ulong combination = 1UL << bit;
            while (image != 0)
            {
                int top = 63 - System.Numerics.BitOperations.LeadingZeroCount(image);
                if ((pivots & (1UL << top)) == 0)
                {
                    pivots |= 1UL << top;
                    images[top] = image;
                    combinations[top] = combination;
                    break;
                }
                image ^= images[top];
                combination ^= combinations[top];
            }
        }
        preimage = 0;
        while (initial != 0)
        {
            int top = 63 - System.Numerics.BitOperations.LeadingZeroCount(initial);
            if ((pivots & (1UL << top)) == 0)
            {
                preimage = 0;
                return false;
            }
            initial ^= images[top];
            preimage ^= combinations[top];
        }
        return true;
    }

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

/// <summary>A CRC known when the code is compiled: the generator declares one per <see cref="CrcAttribute"/> field.</summary>
public interface ICrcAlgorithm
{
    /// <summary>The algorithm's parameters.</summary>
    static abstract CrcParameters Parameters { get; }
}

/// <summary>
/// <see cref="CrcEngine"/> specialized for <typeparamref name="TAlgorithm"/> (a struct, so the JIT compiles this class
/// for it alone): the settings are static readonly fields that the JIT reads as constants, and System.IO.Hashing's
/// engine is one load away, as it is for code that calls System.IO.Hashing itself. Generated code calls this.
/// </summary>
public static class CrcEngine<TAlgorithm> where TAlgorithm : struct, ICrcAlgorithm
{
    /// <summary>The engine (its lifting of short inputs, and its settings).</summary>
    public static readonly CrcEngine Engine = new(TAlgorithm.Parameters);

    private static readonly Crc32ParameterSet? Set32 = Engine.Set32;
    private static readonly Crc64ParameterSet? Set64 = Engine.Set64;
    private static readonly bool Direct = Engine.Direct;
    private static readonly bool Liftable = Engine.Lifts;
    private static readonly ReflectedFold? Fold = Engine.Fold;
    private static readonly uint FoldInitial = Engine.FoldInitial;
    private static readonly uint EngineXor = Engine.Direct ? (uint)Engine.Finishing.XorOut : 0;
    private static readonly int Width = TAlgorithm.Parameters.Width;
    private static readonly int DownShift = Engine.Finishing.DownShift;
    private static readonly ulong Mask = Engine.Finishing.Mask;
    private static readonly bool Reverse = Engine.Finishing.Reverse;
    private static readonly ulong XorOut = Engine.Finishing.XorOut;

    /// <summary>The CRC of <paramref name="data"/>, in the low <c>Width</c> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Compute(ReadOnlySpan<byte> data)
    {
        if (Set64 is null)
        {
            return ComputeUInt32(data);
        }
        // Stryker disable once Conditional : lifted or not, the CRC is the same.
        ulong register = CrcEngine.LiftsLength(data.Length) && Liftable ? Engine.Lifted(data) : Crc64.HashToUInt64(Set64, data);
        return Direct ? register : CrcEngine.Finish(register, DownShift, Mask, Reverse, Width, XorOut);
    }

    // After the settings it depends on: static fields are initialized in order.
    private static readonly uint Residue = ComputeResidue();

    /// <summary>
    /// True when <paramref name="dataWithCrc"/> ends with the CRC of the bytes before it, stored in the algorithm's own
    /// byte order (least significant byte first when it reflects, most significant first otherwise): the CRC of the
    /// whole run is then the algorithm's residue, whatever the data. One pass over every byte, the CRC's included, so
    /// that a 60-byte Ethernet frame and its FCS are four whole 16-byte blocks rather than 60 bytes and a lifted tail.
    /// For CRCs of 8, 16, 24 or 32 bits that reflect output as they reflect input; generated code checks that.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MatchesResidue(ReadOnlySpan<byte> dataWithCrc) => ComputeUInt32(dataWithCrc) == Residue;

    private static uint ComputeResidue()
    {
        var parameters = TAlgorithm.Parameters;
        if (parameters.Width > 32 || parameters.Width % 8 != 0)
        {
            return 0;
        }
        int bytes = parameters.Width / 8;
        Span<byte> run = stackalloc byte[1 + 4];
        run[0] = 0x31;
        uint crc = ComputeUInt32(run[..1]);
        for (int i = 0; i < bytes; i++)
        {
            run[1 + i] = (byte)(crc >> (8 * (parameters.ReflectOut ? i : bytes - 1 - i)));
        }
        return ComputeUInt32(run[..(1 + bytes)]);
    }

    /// <summary>The CRC of <paramref name="data"/> for a width of at most 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ComputeUInt32(ReadOnlySpan<byte> data)
    {
        if (Set32 is null)
        {
            return (uint)Engine.ComputeOutOfLine(data);
        }
        // Stryker disable once Conditional : lifted or not, the CRC is the same.
        uint register = ReflectedFold.FoldsLength(data.Length) && Fold is not null ? Fold.Register(data, FoldInitial) ^ EngineXor
            : CrcEngine.LiftsLength(data.Length) && Liftable ? (uint)Engine.Lifted(data) : Crc32.HashToUInt32(Set32, data);
        return Direct ? register : (uint)CrcEngine.Finish(register, DownShift, Mask, Reverse, Width, XorOut);
    }
}
