using System.Collections.Generic;
using System.Globalization;
using System.Text;
using HeaderGen.Generators.Model;

namespace HeaderGen.Generators.Emitting;

/// <summary>
/// Writes the expressions that read and write one integer, bool or enum field in a big-endian buffer, specialised
/// for its offset and width: aligned fields become one <c>BinaryPrimitives</c> call, bit fields a shift and a
/// mask over exactly the bytes they touch (never a byte more, so no read passes the header's end).
/// </summary>
internal static class BitCodec
{
    private const string Primitives = "global::System.Buffers.Binary.BinaryPrimitives";

    /// <summary>An expression of the field's type that reads it from <paramref name="buffer"/>.</summary>
    public static string Read(FieldSpec field, string buffer)
    {
        if (field.Kind == FieldKind.Bool)
        {
            return $"({buffer}[{field.ByteOffset}] & {Hex(BitMask(field), "")}) != 0";
        }
        string raw = RawRead(field, buffer, out string rawType);
        return field.Kind switch
        {
            FieldKind.Enum when rawType == field.UnderlyingType => $"({field.TypeName}){raw}",
            FieldKind.Enum => $"unchecked(({field.TypeName})({field.UnderlyingType}){Parenthesize(raw)})",
            _ when rawType == field.TypeName => raw,
            _ => $"({field.TypeName}){Parenthesize(raw)}",
        };
    }

    /// <summary>Statements that write <paramref name="value"/> (of the field's type, already range-checked) into <paramref name="buffer"/>.</summary>
    public static List<string> Write(FieldSpec field, string buffer, string value)
    {
        var lines = new List<string>();
        int b = field.ByteOffset;
        int n = field.ByteSpan;
        int lead = field.BitOffset % 8;
        int shift = n * 8 - lead - field.BitWidth;
        bool whole = lead == 0 && shift == 0;

        if (field.Kind == FieldKind.Bool)
        {
            string mask = Hex(BitMask(field), "");
            string clear = Hex(~BitMask(field) & 0xFF, "");
            lines.Add($"{buffer}[{b}] = {value} ? (byte)({buffer}[{b}] | {mask}) : (byte)({buffer}[{b}] & {clear});");
            return lines;
        }

        string rawType = n <= 4 ? "uint" : "ulong";
        string rawValue = field.Kind switch
        {
            FieldKind.Enum => $"unchecked(({rawType})({field.UnderlyingType}){value})",
            _ when field.TypeName == rawType => value,
            _ => $"({rawType}){value}",
        };
        string suffix = rawType == "uint" ? "u" : "UL";
        ulong spanMask = n >= 8 ? ulong.MaxValue : (1UL << (n * 8)) - 1;
        string keep = Hex(~(field.Mask << shift) & spanMask, suffix);
        string shifted = shift == 0 ? rawValue : $"({rawValue} << {shift})";

        if (n is 1 or 2 or 4 or 8)
        {
            string type = UnsignedOfBytes(n);
            string current = n == 1 ? $"{buffer}[{b}]" : $"{Primitives}.Read{Name(type)}{Order(field)}({From(buffer, b)})";
            string newValue = !whole ? $"({type})(({current} & {keep}) | {shifted})"
                : field.TypeName == type ? value
                : field.Kind == FieldKind.Enum && field.UnderlyingType == type ? $"({type}){value}"
                : field.Kind == FieldKind.Enum ? $"unchecked(({type})({field.UnderlyingType}){value})"
                : $"({type}){value}";
            lines.Add(n == 1
                ? $"{buffer}[{b}] = {newValue};"
                : $"{Primitives}.Write{Name(type)}{Order(field)}({From(buffer, b)}, {newValue});");
            return lines;
        }

        if (n == 9)
        {
            // The field spans nine bytes: the low (64 - lead) bits of the first eight and the high bits of the ninth.
            int tailBits = lead + field.BitWidth - 64;
            ulong headKeep = ~((1UL << (64 - lead)) - 1);
            lines.Add($"ulong head = {Primitives}.ReadUInt64BigEndian({From(buffer, b)});");
            lines.Add($"{Primitives}.WriteUInt64BigEndian({From(buffer, b)}, (head & {Hex(headKeep, "UL")}) | ({rawValue} >> {tailBits}));");
            lines.Add($"{buffer}[{b + 8}] = (byte)(({buffer}[{b + 8}] & {Hex((1UL << (8 - tailBits)) - 1, "")}) | (int)(({rawValue} << {8 - tailBits}) & 0xFF));");
            return lines;
        }

        // Three, five, six or seven bytes: compose them, replace the field's bits, and store them back one by one.
        lines.Add($"{rawType} raw = ({Compose(buffer, b, n, rawType)} & {keep}) | {shifted};");
        for (int i = 0; i < n; i++)
        {
            int byteShift = (n - 1 - i) * 8;
            lines.Add(byteShift == 0 ? $"{buffer}[{b + i}] = (byte)raw;" : $"{buffer}[{b + i}] = (byte)(raw >> {byteShift});");
        }
        return lines;
    }

    /// <summary>An expression that is true when <paramref name="value"/> does not fit the field's width.</summary>
    public static string OutOfRange(FieldSpec field, string value) => field.Kind == FieldKind.Enum
        ? $"unchecked((ulong)({field.UnderlyingType}){value}) > {Hex(field.Mask, "UL")}"
        : $"{value} > {Hex(field.Mask, field.TypeBits > 32 ? "UL" : "u")}";

    /// <summary>The field's value as a <c>long</c>, for error reports.</summary>
    public static string AsLong(FieldSpec field, string value) => field.Kind switch
    {
        FieldKind.Bool => $"({value} ? 1L : 0L)",
        FieldKind.Enum => $"unchecked((long)({field.UnderlyingType}){value})",
        _ => $"unchecked((long){value})",
    };

    /// <summary>The constant as a literal of the field's type.</summary>
    public static string Constant(FieldSpec field) => field.Kind switch
    {
        FieldKind.Bool => field.Constant != 0 ? "true" : "false",
        FieldKind.Enum => $"unchecked(({field.TypeName})({field.UnderlyingType}){field.Constant.ToString(CultureInfo.InvariantCulture)}UL)",
        _ => $"({field.TypeName}){field.Constant.ToString(CultureInfo.InvariantCulture)}",
    };

    public static string Hex(ulong value, string suffix) => "0x" + value.ToString(value > 0xFFFF ? "X8" : value > 0xFF ? "X4" : "X2", CultureInfo.InvariantCulture) + suffix;

    private static string RawRead(FieldSpec field, string buffer, out string rawType)
    {
        int b = field.ByteOffset;
        int n = field.ByteSpan;
        int lead = field.BitOffset % 8;
        int shift = n * 8 - lead - field.BitWidth;
        string container;
        if (n == 9)
        {
            int tailBits = lead + field.BitWidth - 64;
            rawType = "ulong";
            // The 64 bits that end where the field ends: the first eight bytes shifted up, the ninth's high bits below.
            container = $"({Primitives}.ReadUInt64BigEndian({From(buffer, b)}) << {tailBits}) | ((ulong){buffer}[{b + 8}] >> {8 - tailBits})";
            return field.BitWidth == 64 ? $"({container})" : $"(({container}) & {Hex(field.Mask, "UL")})";
        }
        if (n is 1 or 2 or 4 or 8)
        {
            rawType = UnsignedOfBytes(n);
            container = n == 1 ? $"{buffer}[{b}]" : $"{Primitives}.Read{Name(rawType)}{Order(field)}({From(buffer, b)})";
        }
        else
        {
            rawType = n <= 4 ? "uint" : "ulong";
            container = Compose(buffer, b, n, rawType);
        }
        if (shift == 0 && lead == 0)
        {
            return container;
        }
        // After a shift the operands are int/uint/ulong, no longer the container type.
        rawType = n <= 4 ? "int" : "ulong";
        string shifted = shift == 0 ? container : $"({container} >> {shift})";
        return lead == 0 ? shifted : $"({shifted} & {Hex(field.Mask, n <= 4 ? "" : "UL")})";
    }

    private static string Compose(string buffer, int start, int count, string type)
    {
        var text = new StringBuilder("(");
        for (int i = 0; i < count; i++)
        {
            int shift = (count - 1 - i) * 8;
            if (i > 0)
            {
                text.Append(" | ");
            }
            text.Append(shift == 0 ? $"{buffer}[{start + i}]" : $"({type}){buffer}[{start + i}] << {shift}");
        }
        return text.Append(')').ToString();
    }

    /// <summary>The byte order of a whole-word field: big-endian unless declared <c>[LittleEndian]</c>.</summary>
    private static string Order(FieldSpec field) => field.LittleEndian ? "LittleEndian" : "BigEndian";

    /// <summary>The buffer from byte <paramref name="offset"/> on.</summary>
    private static string From(string buffer, int offset) => offset == 0 ? buffer : $"{buffer}.Slice({offset})";

    private static ulong BitMask(FieldSpec field) => 1UL << (7 - field.BitOffset % 8);

    private static string UnsignedOfBytes(int bytes) => bytes switch { 1 => "byte", 2 => "ushort", 4 => "uint", _ => "ulong" };

    private static string Name(string keyword) => keyword switch { "ushort" => "UInt16", "uint" => "UInt32", _ => "UInt64" };

    private static string Parenthesize(string expression) => expression.StartsWith("(", System.StringComparison.Ordinal) && expression.EndsWith(")", System.StringComparison.Ordinal) ? expression : $"({expression})";
}
