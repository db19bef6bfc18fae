using System;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HeaderGen;

/// <summary>A 32-bit IPv4 address, four bytes on the wire, held as its host-order value.</summary>
[WireSize(Size)]
public readonly struct Ipv4Address : IWireValue<Ipv4Address>, IEquatable<Ipv4Address>, IComparable<Ipv4Address>, ISpanFormattable
{
    /// <summary>Bytes on the wire (RFC 791, 3.1).</summary>
    public const int Size = 4;

    /// <summary>Creates an address from its 32-bit value (first wire byte most significant).</summary>
    public Ipv4Address(uint value) => Value = value;

    /// <summary>Creates <c>a.b.c.d</c>.</summary>
    public Ipv4Address(byte a, byte b, byte c, byte d) => Value = ((uint)a << 24) | ((uint)b << 16) | ((uint)c << 8) | d;

    /// <summary>0.0.0.0.</summary>
    public static Ipv4Address Any => default;

    /// <summary>255.255.255.255, the limited broadcast address (RFC 919).</summary>
    public static Ipv4Address Broadcast => new(0xFFFF_FFFFu);

    /// <summary>The 32-bit value, first wire byte most significant.</summary>
    public uint Value { get; }

    /// <inheritdoc/>
    public static Ipv4Address Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt32BigEndian(source));

    /// <inheritdoc/>
    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    /// <summary>Parses dotted-quad <c>a.b.c.d</c> with decimal octets.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Ipv4Address address)
    {
        address = default;
        uint value = 0;
        for (int i = 0; i < 4; i++)
        {
            int dot = text.IndexOf('.');
            var part = i < 3 ? (dot < 0 ? ReadOnlySpan<char>.Empty : text[..dot]) : text;
            if (part.Length is 0 or > 3 || (i == 3 && dot >= 0)
                || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out byte octet))
            {
                return false;
            }
            value = (value << 8) | octet;
            text = text[(dot + 1)..];   // after the fourth part dot is -1 and the text is not read again
        }
        address = new Ipv4Address(value);
        return true;
    }

    /// <summary>Parses <c>a.b.c.d</c>; throws <see cref="FormatException"/> on anything else.</summary>
    public static Ipv4Address Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an IPv4 address (a.b.c.d).");

    /// <inheritdoc/>
    public bool Equals(Ipv4Address other) => Value == other.Value;

    /// <inheritdoc/>
    public int CompareTo(Ipv4Address other) => Value.CompareTo(other.Value);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Ipv4Address other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Equality.</summary>
    public static bool operator ==(Ipv4Address left, Ipv4Address right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Ipv4Address left, Ipv4Address right) => !left.Equals(right);

    /// <summary>Dotted quad, e.g. <c>192.0.2.1</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Value >> 24}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}");

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{Value >> 24}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}", out charsWritten);
}
