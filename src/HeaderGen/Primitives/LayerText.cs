using System;
using System.Globalization;
using System.Text;

namespace HeaderGen;

/// <summary>
/// The text of a generated decoder's <c>Describe</c> and <c>HexDump</c> that does not depend on its layers, written once
/// here: the generated code walks the frame (it knows the layers, their fields and their checksums) and hands each
/// line's parts to these. Allocates; it is for people.
/// </summary>
public static class LayerText
{
    /// <summary>One layer's line: <c>[  14..  34) IPv4 Version=4 ...  [checksum good]</c>.</summary>
    /// <param name="text">Where the line goes.</param>
    /// <param name="offset">The layer's first byte in the frame.</param>
    /// <param name="payloadOffset">The first byte after its header.</param>
    /// <param name="fields">The header's fields, as its <c>ToString</c> gives them.</param>
    /// <param name="verdict">What its checksum says, with its leading spaces, or empty.</param>
    public static void AppendLayer(StringBuilder text, int offset, int payloadOffset, string fields, string verdict)
    {
        ArgumentNullException.ThrowIfNull(text);
        text.Append(FormattableString.Invariant($"[{offset,4}..{payloadOffset,4}) {fields}")).Append(verdict).Append('\n');
    }

    /// <summary>
    /// What ends the walk: why it stopped when the last layer did not parse, else the payload (and whether the layer's
    /// <c>UnlessNonZero</c> fields held it back), then any bytes after the last length field.
    /// </summary>
    /// <param name="text">Where the lines go.</param>
    /// <param name="length">The length of the data described.</param>
    /// <param name="malformed">Whether the walk ended on a layer that did not parse.</param>
    /// <param name="error">Why it did not.</param>
    /// <param name="payloadOffset">Where the payload (or the bytes that did not parse) begins.</param>
    /// <param name="payloadLength">The payload's length.</param>
    /// <param name="heldBack">Whether the payload is a fragment that the last layer did not pass on.</param>
    public static void AppendEnd(StringBuilder text, int length, bool malformed, HeaderError error, int payloadOffset, int payloadLength, bool heldBack)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (malformed)
        {
            text.Append(FormattableString.Invariant($"[{payloadOffset,4}..    ) malformed: {error}\n"));
            return;
        }
        if (payloadLength > 0)
        {
            text.Append(FormattableString.Invariant($"[{payloadOffset,4}..{payloadOffset + payloadLength,4}) payload: {payloadLength} bytes{(heldBack ? " (held back by the layer's UnlessNonZero fields: a fragment, not a whole next layer)" : "")}\n"));
        }
        int padding = length - (payloadOffset + payloadLength);
        if (padding > 0)
        {
            text.Append(FormattableString.Invariant($"[{length - padding,4}..{length,4}) trailing bytes after the last length field: {padding} (padding)\n"));
        }
    }

    /// <summary>
    /// A hex dump, 16 bytes a line with their printable characters, and under each line a row of
    /// <paramref name="marks"/>, one a byte (which layer it belongs to).
    /// </summary>
    /// <param name="data">The bytes.</param>
    /// <param name="marks">One character a byte; a shorter span leaves the rest unmarked.</param>
    public static string HexDump(ReadOnlySpan<byte> data, ReadOnlySpan<char> marks)
    {
        var text = new StringBuilder();
        for (int line = 0; line < data.Length; line += 16)
        {
            int count = Math.Min(16, data.Length - line);
            text.Append(line.ToString("x4", CultureInfo.InvariantCulture)).Append("  ");
            for (int i = 0; i < 16; i++)
            {
                text.Append(i < count ? data[line + i].ToString("x2", CultureInfo.InvariantCulture) + " " : "   ");
            }
            text.Append(' ');
            for (int i = 0; i < count; i++)
            {
                byte b = data[line + i];
                text.Append(b >= 0x20 && b < 0x7F ? (char)b : '.');
            }
            text.Append("\n      ");
            for (int i = 0; i < count; i++)
            {
                text.Append(line + i < marks.Length ? marks[line + i] : ' ').Append("  ");
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
