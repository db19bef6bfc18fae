using System;

namespace HeaderGen;

/// <summary>
/// Gives a field a width in bits (1 to 64, at most the width of its type). Without it a field takes the whole width
/// of its type (a <c>bool</c> takes 1 bit). Bit fields need not be byte-aligned and may straddle byte boundaries;
/// bits are numbered from the most significant bit of the first byte, as RFC diagrams draw them.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class BitsAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="width">The field's width in bits.</param>
    public BitsAttribute(int width) => Width = width;

    /// <summary>The field's width in bits.</summary>
    public int Width { get; }
}
