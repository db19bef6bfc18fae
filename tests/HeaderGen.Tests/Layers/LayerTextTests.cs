using System.Text;
using Xunit;

namespace HeaderGen.Tests.Layers;

/// <summary>
/// The text every generated decoder's <c>Describe</c> and <c>HexDump</c> hand their parts to, line for line: the known
/// answers are written out here, so a change of format shows as a diff of these strings.
/// </summary>
public class LayerTextTests
{
    [Fact]
    public void A_layer_line_is_its_byte_range_its_fields_and_its_verdict()
    {
        var text = new StringBuilder();
        LayerText.AppendLayer(text, 14, 34, "IPv4 Version=4", "  [checksum good]");
        LayerText.AppendLayer(text, 1234, 12345, "UDP SourcePort=1", "");
        Assert.Equal("[  14..  34) IPv4 Version=4  [checksum good]\n[1234..12345) UDP SourcePort=1\n", text.ToString());
    }

    [Fact]
    public void The_end_says_why_the_walk_stopped_or_what_payload_and_padding_are_left()
    {
        // A payload and, after the last length field, Ethernet's padding to 60 bytes.
        var text = new StringBuilder();
        LayerText.AppendEnd(text, 60, malformed: false, default, 42, 12, heldBack: false);
        Assert.Equal("[  42..  54) payload: 12 bytes\n[  54..  60) trailing bytes after the last length field: 6 (padding)\n", text.ToString());

        // A fragment's data, which the layer's UnlessNonZero fields kept from being read as the next layer.
        text.Clear();
        LayerText.AppendEnd(text, 62, malformed: false, default, 34, 28, heldBack: true);
        Assert.Equal("[  34..  62) payload: 28 bytes (held back by the layer's UnlessNonZero fields: a fragment, not a whole next layer)\n", text.ToString());

        // Nothing after the headers but padding.
        text.Clear();
        LayerText.AppendEnd(text, 60, malformed: false, default, 54, 0, heldBack: false);
        Assert.Equal("[  54..  60) trailing bytes after the last length field: 6 (padding)\n", text.ToString());

        // A layer that did not parse: the reason, and no payload or padding line after it.
        text.Clear();
        HeaderError.Truncated(out var error, "UDP", 5, 8);
        LayerText.AppendEnd(text, 60, malformed: true, error with { Offset = 34 }, 34, 5, heldBack: false);
        Assert.Equal("[  34..    ) malformed: UDP: Truncated at offset 34: 8 bytes required, 5 present\n", text.ToString());

        // Nothing left at all: no line.
        text.Clear();
        LayerText.AppendEnd(text, 54, malformed: false, default, 54, 0, heldBack: false);
        Assert.Equal("", text.ToString());
    }

    [Fact]
    public void A_hex_dump_is_16_bytes_a_line_with_their_characters_and_a_row_of_marks()
    {
        var data = new byte[20];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(0x3E + i);
        }
        data[19] = 0x7F;
        var marks = "11111111111111112222".ToCharArray();
        Assert.Equal(
            "0000  3e 3f 40 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d  >?@ABCDEFGHIJKLM\n" +
            "      1  1  1  1  1  1  1  1  1  1  1  1  1  1  1  1  \n" +
            "0010  4e 4f 50 7f                                      NOP.\n" +
            "      2  2  2  2  \n",
            LayerText.HexDump(data, marks));
        Assert.Equal("", LayerText.HexDump([], []));
        // Marks shorter than the data leave the rest blank.
        Assert.Equal("0000  00 01                                            ..\n      1     \n", LayerText.HexDump([0, 1], ['1']));
    }
}
