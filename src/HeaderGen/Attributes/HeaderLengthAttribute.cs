using System;

namespace HeaderGen;

/// <summary>
/// Marks the field that gives the header's total length, options included, in units of <see cref="Unit"/> bytes
/// (IPv4's IHL and TCP's data offset count 32-bit words: unit 4), less <see cref="Bias"/> units. The bytes between the fixed part and that length
/// are the options region, exposed as a span; reading checks that the length covers the fixed part and fits in
/// the buffer.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class HeaderLengthAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="unit">Bytes per unit of the field's value.</param>
    public HeaderLengthAttribute(int unit = 1) => Unit = unit;

    /// <summary>Bytes per unit of the field's value.</summary>
    public int Unit { get; }

    /// <summary>
    /// Units the field does not count, added to its value before the multiplication: the length is
    /// (value + <see cref="Bias"/>) x <see cref="Unit"/>. IPv6 extension headers count 8-byte units after the first
    /// (RFC 8200 4.3): <c>[HeaderLength(8, Bias = 1)]</c>. 0 to 255.
    /// </summary>
    public int Bias { get; set; }
}
