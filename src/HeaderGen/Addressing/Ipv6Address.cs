using System;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HeaderGen;

/// <summary>
/// An IPv6 address (RFC 4291) as a 128-bit value, most significant bit first on the wire; 16 bytes in a header.
/// Parses every text form of RFC 4291 2.2 (full, with <c>::</c>, with an embedded dotted IPv4 tail) and formats
/// the canonical text of RFC 5952 (lower case, no leading zeros, the longest run of two or more zero groups as
/// <c>::</c>, the first of equal runs), without allocating when formatted into a span.
/// </summary>
[WireSize(Size)]
public readonly struct Ipv6Address : IWireValue<Ipv6Address>, IEquatable<Ipv6Address>, IComparable<Ipv6Address>, ISpanFormattable
{
    /// <summary>Bytes on the wire.</summary>
    public const int Size = 16;

    /// <summary>The longest canonical text: eight groups of four digits and seven colons.</summary>
    public const int MaxTextLength = 39;

    /// <summary>Creates the address with the 128-bit value <paramref name="value"/>.</summary>
    public Ipv6Address(UInt128 value) => Value = value;

    /// <summary>The unspecified address, <c>::</c>.</summary>
    public static Ipv6Address Any => default;

    /// <summary>The loopback address, <c>::1</c>.</summary>
    public static Ipv6Address Loopback => new(UInt128.One);

    /// <summary>The address as a 128-bit number.</summary>
    public UInt128 Value { get; }

    /// <inheritdoc/>
    public static Ipv6Address Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt128BigEndian(source));

    /// <inheritdoc/>
    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt128BigEndian(destination, Value);

    /// <summary>The 16-bit group <paramref name="index"/> (0 to 7, from the left).</summary>
    public ushort Group(int index) => (ushort)(Value >> (16 * (7 - index)));

    /// <summary>Parses <paramref name="text"/> in any form of RFC 4291 2.2; false for anything else. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Ipv6Address address)
    {
        address = default;
        Span<ushort> groups = stackalloc ushort[9];
        int count = 0;
        int compressAt = -1;   // how many groups came before the ::, if there is one
        if (text.StartsWith("::"))
        {
            compressAt = 0;
            text = text[2..];
        }
        else if (text.StartsWith(":"))
        {
            return false;
        }
        while (text.Length > 0)
        {
            int colon = text.IndexOf(':');
            var part = colon < 0 ? text : text[..colon];
            if (colon < 0 && part.Contains('.'))
            {
                // An embedded IPv4 address ends the text and fills two groups.
                if (count > 6 || !Ipv4Address.TryParse(part, out var v4))
                {
                    return false;
                }
                groups[count++] = (ushort)(v4.Value >> 16);
                groups[count++] = (ushort)v4.Value;
                break;
            }
            if (part.Length is 0 or > 4 || count == 8
                || !ushort.TryParse(part, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort group))
            {
                return false;
            }
            groups[count++] = group;
            if (colon < 0)
            {
                break;
            }
            text = text[(colon + 1)..];
            if (text.StartsWith(":"))
            {
                if (compressAt >= 0)
                {
                    return false;   // a second ::
                }
                compressAt = count;
                text = text[1..];
            }
            else if (text.Length == 0)
            {
                return false;   // a trailing single colon
            }
        }
        if (compressAt >= 0 ? count > 7 : count != 8)
        {
            return false;
        }
        UInt128 value = 0;
        int heads = compressAt >= 0 ? compressAt : count;
        for (int i = 0; i < heads; i++)
        {
            value |= (UInt128)groups[i] << (16 * (7 - i));
        }
        for (int i = heads; i < count; i++)
        {
            value |= (UInt128)groups[i] << (16 * (count - 1 - i));
        }
        address = new Ipv6Address(value);
        return true;
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> when it is not an IPv6 address.</summary>
    public static Ipv6Address Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an IPv6 address.");

    /// <inheritdoc/>
    public bool Equals(Ipv6Address other) => Value == other.Value;

    /// <inheritdoc/>
    public int CompareTo(Ipv6Address other) => Value.CompareTo(other.Value);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Ipv6Address other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Whether the two are the same address.</summary>
    public static bool operator ==(Ipv6Address left, Ipv6Address right) => left.Equals(right);

    /// <summary>Whether the two are different addresses.</summary>
    public static bool operator !=(Ipv6Address left, Ipv6Address right) => !left.Equals(right);

    /// <summary>The canonical text of RFC 5952, e.g. <c>2001:db8::1</c>.</summary>
    public override string ToString()
    {
        Span<char> text = stackalloc char[MaxTextLength];
        TryFormat(text, out int length, default, null);
        return new string(text[..length]);
    }

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Writes the canonical text of RFC 5952; false when <paramref name="destination"/> is too short.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        // RFC 5952 4.2: the longest run of two or more zero groups becomes ::, the first when two runs are equal.
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < 8;)
        {
            if (Group(i) != 0)
            {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && Group(i) == 0)
            {
                i++;
            }
            if (i - start > bestLength)
            {
                (bestStart, bestLength) = (start, i - start);
            }
        }
        charsWritten = 0;
        int written = 0;
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                if (!Append("::", destination, ref written))
                {
                    return false;
                }
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength && !Append(":", destination, ref written))
            {
                return false;
            }
            if (!Group(i).TryFormat(destination[written..], out int digits, "x", CultureInfo.InvariantCulture))
            {
                return false;
            }
            written += digits;
        }
        charsWritten = written;
        return true;
    }

    private static bool Append(string text, Span<char> destination, ref int written)
    {
        if (!text.AsSpan().TryCopyTo(destination[written..]))
        {
            return false;
        }
        written += text.Length;
        return true;
    }
}
