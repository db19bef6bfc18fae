using System.Collections.Generic;
using System.Linq;
using System.Text;
using HeaderGen.Generators.Model;

namespace HeaderGen.Generators.Emitting;

/// <summary>
/// The header's layout as the ASCII box drawing RFCs use (RFC 791's, RFC 793's): 32 bits a row, most significant bit
/// first, a cell of two characters per bit, each field's name centred in its box. A field that runs on into the next
/// row is one box with no line across it; a name too long for its box is shortened to its capitals (MF for
/// MoreFragments) and spelled out under the drawing.
/// </summary>
internal static class BitDiagram
{
    private const int RowBits = 32;

    public static IReadOnlyList<string> Render(HeaderSpec spec)
    {
        // Optional fields are drawn where they lie when all are present, as RFCs draw them, and listed below.
        int totalBits = System.Math.Max(spec.FixedBits, spec.Fields.Max(f => f.BitOffset + f.BitWidth));
        int rows = (totalBits + RowBits - 1) / RowBits;
        // owner[bit] = the index of the field holding that bit, or -1 for a gap (none: declarations are contiguous).
        var owner = new int[rows * RowBits];
        for (int i = 0; i < owner.Length; i++)
        {
            owner[i] = i < totalBits ? -1 : -2;
        }
        for (int f = 0; f < spec.Fields.Count; f++)
        {
            var field = spec.Fields[f];
            for (int b = field.BitOffset; b < field.BitOffset + field.BitWidth && b < owner.Length; b++)
            {
                owner[b] = f;
            }
        }

        var lines = new List<string>
        {
            " 0                   1                   2                   3",
            " 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1",
        };
        var legend = new List<string>();
        // One builder for every line: the diagram is drawn for every header on every full run.
        var line = new StringBuilder(2 * RowBits + 2);
        lines.Add(Border(owner, -1, 0, line));
        for (int row = 0; row < rows; row++)
        {
            lines.Add(Content(spec, owner, row, legend, line));
            lines.Add(Border(owner, row, row + 1, line));
        }
        if (spec.IsVariableLength)
        {
            string length = spec.LengthBias == 0 ? spec.Fields[spec.LengthFieldIndex].Name : $"({spec.Fields[spec.LengthFieldIndex].Name} + {spec.LengthBias})";
            lines.Add(Centre(line.Clear().Append('|'), $"Options (to {length} x {spec.LengthUnit} bytes)", 2 * RowBits - 1).Append('|').ToString());
            lines.Add("+" + string.Concat(Enumerable.Repeat("-+", RowBits)));
        }
        foreach (var group in OptionalFields.Groups(spec))
        {
            legend.Add($"{string.Join(", ", group.Fields.Select(f => f.Name))}: present when {OptionalFields.Condition(spec, group.First, "")}");
        }
        if (legend.Count > 0)
        {
            lines.Add("");
            lines.AddRange(legend);
        }
        return lines;
    }

    /// <summary>The line between <paramref name="above"/> and <paramref name="below"/> (either may be outside the header).</summary>
    private static string Border(int[] owner, int above, int below, StringBuilder line)
    {
        int rows = owner.Length / RowBits;
        int Owner(int row, int bit) => row < 0 || row >= rows ? -2 : owner[row * RowBits + bit];
        bool Divides(int bit) => bit is >= 0 and < RowBits && (Owner(above, bit) >= -1 || Owner(below, bit) >= -1)
            && (Owner(above, bit) != Owner(below, bit) || Owner(above, bit) == -1);
        line.Clear();
        int last = -1;
        for (int bit = 0; bit < RowBits; bit++)
        {
            if (Owner(above, bit) >= -1 || Owner(below, bit) >= -1)
            {
                last = bit;
            }
        }
        for (int bit = 0; bit <= last + 1; bit++)
        {
            bool edge = bit == 0 || bit == last + 1
                || (bit <= last && Owner(above, bit) != Owner(above, bit - 1)) || (bit <= last && Owner(below, bit) != Owner(below, bit - 1));
            line.Append(edge || Divides(bit - 1) || Divides(bit) ? '+' : ' ');
            if (bit <= last)
            {
                line.Append(Divides(bit) ? '-' : ' ');
            }
        }
        return line.ToString();
    }

    private static string Content(HeaderSpec spec, int[] owner, int row, List<string> legend, StringBuilder line)
    {
        line.Clear().Append('|');
        int bit = 0;
        while (bit < RowBits && owner[row * RowBits + bit] != -2)
        {
            int field = owner[row * RowBits + bit];
            int end = bit;
            while (end < RowBits && owner[row * RowBits + end] == field)
            {
                end++;
            }
            int width = 2 * (end - bit) - 1;
            // A field that runs over several rows is named once, in its first row.
            bool first = field < 0 || spec.Fields[field].BitOffset >= row * RowBits;
            Centre(line, first ? Fit(field >= 0 ? spec.Fields[field] : null, width, legend) : "", width).Append('|');
            bit = end;
        }
        return line.ToString();
    }

    private static string Fit(FieldSpec? field, int width, List<string> legend)
    {
        if (field is null)
        {
            return "";
        }
        string name = field.Name;
        if (name.Length <= width)
        {
            return name;
        }
        string capitals = new(name.Where(char.IsUpper).ToArray());
        string shortName = capitals.Length is > 0 && capitals.Length <= width ? capitals : name.Substring(0, width);
        int last = field.BitOffset + field.BitWidth - 1;
        string bits = field.BitWidth == 1 ? $"bit {field.BitOffset}" : $"bits {field.BitOffset}..{last}";
        legend.Add($"{shortName} ({bits}): {name}");
        return shortName;
    }

    private static StringBuilder Centre(StringBuilder line, string text, int width)
    {
        int left = (width - text.Length) / 2;
        return line.Append(' ', left).Append(text).Append(' ', width - left - text.Length);
    }
}
