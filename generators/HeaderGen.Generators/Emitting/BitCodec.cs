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
    private const string Wire = "global::HeaderGen.Wire";

    /// <summary>An expression of the field's type that reads it from <paramref name="buffer"/>.</summary>
    public static string Read(FieldSpec field, string buffer)
    {
        if (field.Kind == FieldKind.Bool)
        {
            return $"({Wire}.U8({buffer}, {field.ByteOffset}) & {Hex(BitMask(field), "")}) != 0";
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
            FieldKind.Enum => EnumBits(field, value, rawType),
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
            string current = n == 1 ? $"{buffer}[{b}]" : $"{Wire}.U{n * 8}{Le(field)}({buffer}, {b})";
            string newValue = !whole ? $"({type})(({current} & {keep}) | {shifted})"
                : field.TypeName == type ? value
                : field.Kind == FieldKind.Enum && field.UnderlyingType == type ? $"({type}){value}"
                : field.Kind == FieldKind.Enum ? $"unchecked(({type})({field.UnderlyingType}){value})"
                : $"({type}){value}";
            lines.Add(n == 1
                ? $"{buffer}[{b}] = {newValue};"
                : $"{Wire}.Put{n * 8}{Le(field)}({buffer}, {b}, {newValue});");
            return lines;
        }

        if (n == 9)
        {
            // The field spans nine bytes: the low (64 - lead) bits of the first eight and the high bits of the ninth.
            int tailBits = lead + field.BitWidth - 64;
            ulong headKeep = ~((1UL << (64 - lead)) - 1);
            lines.Add($"ulong head = {Wire}.U64({buffer}, {b});");
            lines.Add($"{Wire}.Put64({buffer}, {b}, (head & {Hex(headKeep, "UL")}) | ({rawValue} >> {tailBits}));");
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

    /// <summary>
    /// The view's setter as one statement: a whole word put in place, or the field's bits set in the 1, 2, 4 or 8 bytes
    /// they touch by <c>Wire.Set*</c>, which checks the range; null when the field needs <see cref="Write"/>'s statements.
    /// </summary>
    public static string? Setter(FieldSpec field, string buffer, string value)
    {
        int b = field.ByteOffset;
        int n = field.ByteSpan;
        int lead = field.BitOffset % 8;
        int shift = n * 8 - lead - field.BitWidth;
        if (field.Kind == FieldKind.Bool)
        {
            return $"{Wire}.SetBit({buffer}, {b}, {Hex(BitMask(field), "")}, {value})";
        }
        if (n is not (1 or 2 or 4 or 8))
        {
            return null;
        }
        if (lead == 0 && shift == 0 && !field.NeedsRangeCheck)
        {
            var lines = Write(field, buffer, value);
            return lines.Count == 1 ? lines[0].TrimEnd(';') : null;
        }
        if (field.LittleEndian)
        {
            return null;
        }
        return $"{Wire}.Set{n * 8}({buffer}, {b}, {shift}, {Hex(field.Mask, "UL")}, {AsULong(field, value)}, ProtocolName, \"{field.Name}\")";
    }

    /// <summary>
    /// A run of fields written as one word (<paramref name="Word"/>, of <paramref name="Bits"/> bits at byte
    /// <paramref name="At"/>), or, with <paramref name="Word"/> null, the one field <paramref name="First"/> alone.
    /// </summary>
    internal readonly record struct Run(int First, int Last, string? Word, int Bits, int At);

    /// <summary>
    /// The runs of integer, enum and bool fields that start and end on a byte boundary and fill 1, 2, 4 or 8 bytes,
    /// each assembled into one word as a hand-written writer does, and the fields left over, one run each.
    /// </summary>
    public static List<Run> Runs(IReadOnlyList<FieldSpec> fields, System.Func<FieldSpec, string> valueOf)
    {
        var runs = new List<Run>();
        int i = 0;
        while (i < fields.Count)
        {
            int last = -1;
            if (IsPackable(fields[i]) && fields[i].BitOffset % 8 == 0)
            {
                int start = fields[i].BitOffset, bits = 0;
                for (int j = i; j < fields.Count && IsPackable(fields[j]) && fields[j].BitOffset == start + bits && bits + fields[j].BitWidth <= 64; j++)
                {
                    bits += fields[j].BitWidth;
                    if (bits is 8 or 16 or 32 or 64)
                    {
                        last = j;
                    }
                }
            }
            if (last < 0)
            {
                runs.Add(new Run(i, i, null, fields[i].BitWidth, fields[i].ByteOffset));
                i++;
                continue;
            }
            int first = fields[i].BitOffset;
            int total = fields[last].BitOffset + fields[last].BitWidth - first;
            string type = total <= 32 ? "uint" : "ulong";
            var terms = new List<string>();
            for (int j = i; j <= last; j++)
            {
                int shift = total - (fields[j].BitOffset - first) - fields[j].BitWidth;
                string term = Widened(fields[j], valueOf(fields[j]), type);
                terms.Add(shift == 0 ? term : $"({term} << {shift})");
            }
            runs.Add(new Run(i, last, terms.Count == 1 && fields[i].TypeName == type ? valueOf(fields[i]) : string.Join(" | ", terms), total, first / 8));
            i = last + 1;
        }
        return runs;
    }

    /// <summary>
    /// Statements that write the value's fields (named as the struct's fields, already range-checked) into
    /// <paramref name="buffer"/>: each <see cref="Runs"/> word stored once.
    /// </summary>
    public static List<string> WriteFields(IReadOnlyList<FieldSpec> fields, string buffer, System.Func<FieldSpec, string>? valueOf = null)
    {
        valueOf ??= f => f.Name;
        var lines = new List<string>();
        foreach (var run in Runs(fields, valueOf))
        {
            if (run.Word is null)
            {
                var own = WriteOne(fields[run.First], buffer, valueOf(fields[run.First]));
                // A block of its own: the statements of a field that spans 3, 5, 6, 7 or 9 bytes declare locals.
                lines.Add(own.Count == 1 ? own[0] : "{ " + string.Join(" ", own) + " }");
                continue;
            }
            lines.Add(run.Bits == 8 ? $"{buffer}[{run.At}] = (byte)({run.Word});"
                : run.Bits == 16 ? $"{Wire}.Put16({buffer}, {run.At}, (ushort)({run.Word}));"
                : $"{Wire}.Put{run.Bits}({buffer}, {run.At}, {run.Word});");
        }
        return lines;
    }

    private static bool IsPackable(FieldSpec field) => field.Kind is FieldKind.Unsigned or FieldKind.Enum or FieldKind.Bool && !field.LittleEndian;

    /// <summary>The field's value as <paramref name="type"/> (uint or ulong), to shift into a word.</summary>
    private static string Widened(FieldSpec field, string value, string type) => field.Kind switch
    {
        FieldKind.Bool => $"({value} ? 1{(type == "uint" ? "u" : "UL")} : 0{(type == "uint" ? "u" : "UL")})",
        FieldKind.Enum => EnumBits(field, value, type),
        _ when field.TypeName == type => value,
        _ => $"({type}){value}",
    };

    /// <summary>
    /// An enum's bits widened to <paramref name="type"/> without sign extension: a signed underlying type goes through
    /// its unsigned counterpart first (a negative sbyte member OR'd into a word as (uint)(sbyte) set every other field's bits).
    /// </summary>
    private static string EnumBits(FieldSpec field, string value, string type) => field.UnderlyingType switch
    {
        "sbyte" => $"unchecked(({type})(byte)(sbyte){value})",
        "short" => $"unchecked(({type})(ushort)(short){value})",
        "int" => $"unchecked(({type})(uint)(int){value})",
        "long" => $"unchecked(({type})(ulong)(long){value})",
        _ => $"unchecked(({type})({field.UnderlyingType}){value})",
    };

    /// <summary>One field of a value written on its own: a wire value, bytes, a 128-bit integer, or bits no word run covers.</summary>
    private static List<string> WriteOne(FieldSpec field, string buffer, string value)
    {
        string slice = $"{buffer}.Slice({field.ByteOffset}, {field.ByteSpan})";
        return field.Kind switch
        {
            FieldKind.ByteRun => [$"((global::System.ReadOnlySpan<byte>){value}).CopyTo({slice});"],
            FieldKind.WireValue => [$"{value}.Write({slice});"],
            FieldKind.UInt128 => [$"{Wire}.Put128{Le(field)}({buffer}, {field.ByteOffset}, {value});"],
            _ => Write(field, buffer, value),
        };
    }

    /// <summary>The field's value as a <c>ulong</c>, for range checks and error reports (as a <c>long</c>, unchecked).</summary>
    public static string AsULong(FieldSpec field, string value) => field.Kind switch
    {
        FieldKind.Bool => $"({value} ? 1UL : 0UL)",
        FieldKind.Enum => $"unchecked((ulong)({field.UnderlyingType}){value})",
        _ when field.TypeName == "ulong" => value,
        _ => $"(ulong){value}",
    };

    /// <summary>An expression that is true when <paramref name="value"/> does not fit the field's width.</summary>
    public static string OutOfRange(FieldSpec field, string value) => field.Kind == FieldKind.Enum
        ? $"unchecked((ulong)({field.UnderlyingType}){value}) > {Hex(field.Mask, "UL")}"
        : $"{value} > {Hex(field.Mask, field.TypeBits > 32 ? "UL" : "u")}";

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
            container = $"({Wire}.U64({buffer}, {b}) << {tailBits}) | ((ulong){buffer}[{b + 8}] >> {8 - tailBits})";
            return field.BitWidth == 64 ? $"({container})" : $"(({container}) & {Hex(field.Mask, "UL")})";
        }
        if (n is 1 or 2 or 4 or 8)
        {
            rawType = UnsignedOfBytes(n);
            container = n == 1 ? $"{Wire}.U8({buffer}, {b})" : $"{Wire}.U{n * 8}{Le(field)}({buffer}, {b})";
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

    /// <summary>The suffix of the <c>Wire</c> accessor for the field's byte order: big-endian unless declared <c>[LittleEndian]</c>.</summary>
    internal static string Le(FieldSpec field) => field.LittleEndian ? "Le" : "";

    private static ulong BitMask(FieldSpec field) => 1UL << (7 - field.BitOffset % 8);

    private static string UnsignedOfBytes(int bytes) => bytes switch { 1 => "byte", 2 => "ushort", 4 => "uint", _ => "ulong" };

    private static string Parenthesize(string expression) => expression.StartsWith("(", System.StringComparison.Ordinal) && expression.EndsWith(")", System.StringComparison.Ordinal) ? expression : $"({expression})";
}
