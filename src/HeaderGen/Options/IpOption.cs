using System;

namespace HeaderGen.Options;

/// <summary>
/// One option of an IPv4 or TCP options region, in the type-length-value form both use (RFC 791, 3.1; RFC 9293,
/// 3.1): a kind byte, then, except for the one-byte kinds End of Option List (0) and No-Operation (1), a length
/// byte that counts the kind and length bytes too, then the data.
/// </summary>
public readonly ref struct IpOption
{
    internal IpOption(byte kind, int offset, ReadOnlySpan<byte> bytes)
    {
        Kind = kind;
        Offset = offset;
        Bytes = bytes;
    }

    /// <summary>The option's kind.</summary>
    public byte Kind { get; }

    /// <summary>Offset of the option's first byte in the options region.</summary>
    public int Offset { get; }

    /// <summary>The whole option: kind, length (if any) and data.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>The option's data, after its kind and length bytes.</summary>
    public ReadOnlySpan<byte> Data => Bytes.Length > 2 ? Bytes.Slice(2) : ReadOnlySpan<byte>.Empty;
}
