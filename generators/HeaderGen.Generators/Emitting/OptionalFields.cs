using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HeaderGen.Generators.Model;

namespace HeaderGen.Generators.Emitting;

/// <summary>
/// The expressions for a header's optional fields (<c>[PresentWhen]</c>): their conditions, their offsets (the fixed
/// part plus the present groups before them) and the header length they give, read from the bytes (views) or from
/// which nullable fields hold values (the value type). Groups are runs of optional fields under one condition (GRE's
/// checksum and Reserved1 under C).
/// </summary>
internal static class OptionalFields
{
    private const string Wire = "global::HeaderGen.Wire";

    /// <summary>A run of consecutive optional fields under one condition.</summary>
    public sealed record Group(List<FieldSpec> Fields)
    {
        public FieldSpec First => Fields[0];

        public int Bytes => Fields.Sum(f => f.BitWidth / 8);

        /// <summary>True in the value type when any of its fields holds a value.</summary>
        public string InValue => string.Join(" || ", Fields.Select(f => f.Name + ".HasValue"));
    }

    public static List<Group> Groups(HeaderSpec spec)
    {
        var groups = new List<Group>();
        foreach (var field in spec.Fields.Where(f => f.IsOptional))
        {
            if (groups.Count > 0 && SameCondition(groups[groups.Count - 1].First, field))
            {
                groups[groups.Count - 1].Fields.Add(field);
            }
            else
            {
                groups.Add(new Group([field]));
            }
        }
        return groups;
    }

    private static bool SameCondition(FieldSpec a, FieldSpec b) =>
        a.PresentWhen == b.PresentWhen && a.PresentEquals == b.PresentEquals && a.PresentValue == b.PresentValue;

    public static FieldSpec ConditionField(HeaderSpec spec, FieldSpec optional) => spec.Fields.First(f => f.Name == optional.PresentWhen);

    /// <summary>Whether writing sets the condition from the values (a bool flag) rather than checking it.</summary>
    public static bool IsFlag(HeaderSpec spec, FieldSpec optional) => !optional.PresentEquals && ConditionField(spec, optional).Kind == FieldKind.Bool;

    /// <summary>The condition over fields read through <paramref name="source"/> (<c>""</c> in a view, <c>view.</c>, or a value's own fields).</summary>
    public static string Condition(HeaderSpec spec, FieldSpec optional, string source)
    {
        var flag = ConditionField(spec, optional);
        string read = source + flag.Name;
        if (!optional.PresentEquals)
        {
            return flag.Kind == FieldKind.Bool ? read : $"{read} != 0";
        }
        return $"{read} == {BitCodec.Constant(flag with { Constant = optional.PresentValue })}";
    }

    /// <summary>The sum of the group sizes before <paramref name="before"/> (all of them when null), each when its condition holds.</summary>
    private static string Sum(HeaderSpec spec, List<Group> groups, Group? before, bool inValue)
    {
        var text = "FixedLength";
        foreach (var group in groups)
        {
            if (group == before)
            {
                break;
            }
            string present = inValue ? group.InValue : Condition(spec, group.First, "");
            text += $" + ({present} ? {group.Bytes.ToString(CultureInfo.InvariantCulture)} : 0)";
        }
        return text;
    }

    /// <summary>The header length from the view's flags, or from the values a value holds.</summary>
    public static string Length(HeaderSpec spec, bool inValue) => Sum(spec, Groups(spec), null, inValue);

    /// <summary>The byte offset of an optional field in a view: the fixed part, the present groups before its own, the fields before it in its group.</summary>
    public static string Offset(HeaderSpec spec, FieldSpec field)
    {
        var groups = Groups(spec);
        var group = groups.First(g => g.Fields.Contains(field));
        int within = group.Fields.TakeWhile(f => f != field).Sum(f => f.BitWidth / 8);
        string sum = Sum(spec, groups, group, inValue: false);
        return within == 0 ? sum : $"{sum} + {within.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>An expression of the field's (non-nullable) type reading it at a computed offset.</summary>
    public static string ReadAt(FieldSpec field, string buffer, string offset)
    {
        int bytes = field.BitWidth / 8;
        string le = BitCodec.Le(field);
        switch (field.Kind)
        {
            case FieldKind.WireValue:
                return $"{field.TypeName}.Read({buffer}.Slice({offset}, {bytes}))";
            case FieldKind.UInt128:
                return $"{Wire}.U128{le}({buffer}, {offset})";
        }
        string raw = bytes == 1 ? $"{buffer}[{offset}]" : $"{Wire}.U{bytes * 8}{le}({buffer}, {offset})";
        return field.Kind == FieldKind.Enum ? $"unchecked(({field.TypeName})({field.UnderlyingType}){raw})" : raw;
    }

    /// <summary>A statement writing <paramref name="value"/> (of the field's non-nullable type) at a computed offset.</summary>
    public static string WriteAt(FieldSpec field, string buffer, string offset, string value)
    {
        int bytes = field.BitWidth / 8;
        string le = BitCodec.Le(field);
        switch (field.Kind)
        {
            case FieldKind.WireValue:
                return $"{value}.Write({buffer}.Slice({offset}, {bytes}));";
            case FieldKind.UInt128:
                return $"{Wire}.Put128{le}({buffer}, {offset}, {value});";
        }
        string type = bytes switch { 1 => "byte", 2 => "ushort", 4 => "uint", _ => "ulong" };
        string raw = field.Kind == FieldKind.Enum ? $"unchecked(({type})({field.UnderlyingType}){value})" : value;
        return bytes == 1 ? $"{buffer}[{offset}] = {raw};" : $"{Wire}.Put{bytes * 8}{le}({buffer}, {offset}, {raw});";
    }

    /// <summary>How the documentation places an optional field.</summary>
    public static string Position(HeaderSpec spec, FieldSpec field) =>
        $"present when {HeaderEmitter.Xml(Condition(spec, field, ""))}; {field.BitWidth / 8} bytes after the fixed part and the present optional fields before it";
}
