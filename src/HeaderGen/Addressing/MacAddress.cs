using System;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HeaderGen;

/// <summary>A 48-bit IEEE 802 MAC address, six bytes on the wire, held in one <see cref="ulong"/>.</summary>
[WireSize(Size)]
public readonly struct MacAddress : IWireValue<MacAddress>, IEquatable<MacAddress>, ISpanFormattable
{
    /// <summary>Bytes on the wire (IEEE 802-2014, 8.1).</summary>
    public const int Size = 6;

    private readonly ulong _value;

    /// <summary>Creates an address from its 48-bit value (first wire byte most significant).</summary>
    public MacAddress(ulong value)
    {
        if (value > 0xFFFF_FFFF_FFFFUL)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A MAC address has 48 bits.");
        }
        _value = value;
    }

    /// <summary>The broadcast address ff:ff:ff:ff:ff:ff.</summary>
    public static MacAddress Broadcast => new(0xFFFF_FFFF_FFFFUL);

    /// <summary>The 48-bit value, first wire byte most significant.</summary>
    public ulong Value => _value;

    /// <summary>True for group (multicast and broadcast) addresses: the I/G bit of the first byte is set.</summary>
    public bool IsGroup => (_value & 0x0100_0000_0000UL) != 0;

    /// <summary>True for ff:ff:ff:ff:ff:ff.</summary>
    public bool IsBroadcast => _value == 0xFFFF_FFFF_FFFFUL;

    /// <inheritdoc/>
    public static MacAddress Read(ReadOnlySpan<byte> source) =>
        new MacAddress(((ulong)BinaryPrimitives.ReadUInt16BigEndian(source) << 32) | BinaryPrimitives.ReadUInt32BigEndian(source[2..]));

    /// <inheritdoc/>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(_value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)_value);
    }

    /// <summary>Parses <c>aa:bb:cc:dd:ee:ff</c> or <c>aa-bb-cc-dd-ee-ff</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out MacAddress address)
    {
        address = default;
        if (text.Length != 17)
        {
            return false;
        }
        ulong value = 0;
        for (int i = 0; i < 6; i++)
        {
            if (i > 0 && text[i * 3 - 1] is not (':' or '-'))
            {
                return false;
            }
            if (!byte.TryParse(text.Slice(i * 3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
            {
                return false;
            }
            value = (value << 8) | b;
        }
        address = new MacAddress(value);
        return true;
    }

    /// <summary>Parses <c>aa:bb:cc:dd:ee:ff</c>; throws <see cref="FormatException"/> on anything else.</summary>
    public static MacAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not a MAC address (aa:bb:cc:dd:ee:ff).");

    /// <inheritdoc/>
    public bool Equals(MacAddress other) => _value == other._value;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is MacAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <summary>Equality.</summary>
    public static bool operator ==(MacAddress left, MacAddress right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(MacAddress left, MacAddress right) => !left.Equals(right);

    /// <summary>Lower-case, colon-separated: <c>00:1b:21:3a:4f:5c</c>, as Wireshark and <c>ip link</c> show it.</summary>
    public override string ToString() => string.Create(17, _value, static (span, value) => Format(value, span));

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (destination.Length < 17)
        {
            charsWritten = 0;
            return false;
        }
        Format(_value, destination);
        charsWritten = 17;
        return true;
    }

    private static void Format(ulong value, Span<char> destination)
    {
        const string Hex = "0123456789abcdef";
        for (int i = 0; i < 6; i++)
        {
            byte b = (byte)(value >> (40 - 8 * i));
            if (i > 0)
            {
                destination[i * 3 - 1] = ':';
            }
            destination[i * 3] = Hex[b >> 4];
            destination[i * 3 + 1] = Hex[b & 0xF];
        }
    }
}
