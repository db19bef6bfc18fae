using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace HeaderGen;

/// <summary>
/// Writes a header's one-line text, <c>Name Field=value Field=value</c>, for the generated <c>ToString</c>: one call a
/// field, each a plain method with one signature. The calls replace an interpolated string per header, whose lowering
/// (a handler, and the choice of an <c>AppendFormatted</c> overload for every hole) cost the compiler a sixth of a
/// 300-header project's build. Values are formatted as interpolation formats them, in the invariant culture.
/// </summary>
public ref struct FieldText
{
    private DefaultInterpolatedStringHandler _text;

    /// <summary>Starts the line with the protocol's name.</summary>
    public FieldText(string protocol)
    {
        _text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture);
        _text.AppendLiteral(protocol);
    }

    /// <summary><c> name=</c>: every field starts so.</summary>
    private void Name(string name)
    {
        _text.AppendLiteral(" ");
        _text.AppendLiteral(name);
        _text.AppendLiteral("=");
    }

    /// <summary>An unsigned number in decimal.</summary>
    public void Number(string name, ulong value)
    {
        Name(name);
        _text.AppendFormatted(value);
    }

    /// <summary>An unsigned number in hexadecimal with at least <paramref name="digits"/> digits, after <c>0x</c>.</summary>
    public void Hex(string name, ulong value, int digits)
    {
        Name(name);
        _text.AppendLiteral("0x");
        _text.AppendFormatted(value, "X" + digits.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A 128-bit number in 32 hexadecimal digits, after <c>0x</c>.</summary>
    public void Hex(string name, UInt128 value)
    {
        Name(name);
        _text.AppendLiteral("0x");
        _text.AppendFormatted(value, "X32");
    }

    /// <summary>A bit as 1 or 0.</summary>
    public void Flag(string name, bool value)
    {
        Name(name);
        _text.AppendLiteral(value ? "1" : "0");
    }

    /// <summary>An enum by name and number, <c>Name (1)</c>; a number that names no member shows twice.</summary>
    public void Enum<T>(string name, T value)
        where T : struct, Enum
    {
        Name(name);
        _text.AppendFormatted(value);
        _text.AppendLiteral(" (");
        _text.AppendFormatted(value, "D");
        _text.AppendLiteral(")");
    }

    /// <summary>A value of its own type (an address): as the type formats itself.</summary>
    public void Value<T>(string name, T value)
    {
        Name(name);
        _text.AppendFormatted(value);
    }

    /// <summary>A run of bytes in hexadecimal, two digits a byte.</summary>
    public void Bytes(string name, scoped ReadOnlySpan<byte> value)
    {
        Name(name);
        _text.AppendLiteral(Convert.ToHexString(value));
    }

    /// <summary>The line; the builder is spent.</summary>
    public override string ToString() => _text.ToStringAndClear();
}
