using System;

namespace HeaderGen;

/// <summary>
/// Marks the field that gives the header's total length, options included, in units of <see cref="Unit"/> bytes
/// (IPv4's IHL and TCP's data offset count 32-bit words: unit 4). The bytes between the fixed part and that length
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
}
