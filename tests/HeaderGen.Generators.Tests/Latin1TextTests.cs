using System.Linq;
using System.Text;
using HeaderGen.Generators.Emitting;
using HeaderGen.Generators.Tests.Infrastructure;
using Xunit;

namespace HeaderGen.Generators.Tests;

/// <summary>Generated text kept one byte a character: read back exactly, and kept as a string when it cannot be.</summary>
public class Latin1TextTests
{
    [Fact]
    public void Text_of_one_byte_characters_reads_back_exactly_by_index_copy_and_string()
    {
        // Every character from 0 to 255 but the line break, a long run past the writer's first capacity.
        var builder = new StringBuilder();
        for (int i = 0; i < 100_000; i++)
        {
            char c = (char)(i * 7 % 256);
            builder.Append(c == '\n' ? ' ' : c);
        }
        var writer = new SourceWriter(documented: true);
        writer.Line(builder.ToString());
        string expected = builder.Append('\n').ToString();
        var text = writer.ToSourceText();
        Assert.IsType<Latin1Text>(text);
        Assert.Equal(expected.Length, text.Length);
        Assert.Equal(expected, text.ToString());
        Assert.Equal(expected[4095], text[4095]);
        Assert.Equal(expected.Substring(4090, 20), text.ToString(new Microsoft.CodeAnalysis.Text.TextSpan(4090, 20)));
        Assert.Equal("utf-8", text.Encoding!.WebName);
        Assert.Equal(System.Convert.ToHexString(Microsoft.CodeAnalysis.Text.SourceText.From(expected, Encoding.UTF8).GetChecksum().ToArray()), System.Convert.ToHexString(text.GetChecksum().ToArray()));
    }

    [Theory]
    [InlineData(0), InlineData(1), InlineData(2), InlineData(3), InlineData(4095), InlineData(4096), InlineData(9997), InlineData(9999)]
    public void One_wide_character_anywhere_keeps_the_text_a_string(int position)
    {
        // Lines narrowed as they are written: a wide character anywhere, in a line or alone, keeps what came before it.
        var line = new StringBuilder(new string('a', 10_000));
        line[position] = '\u0100';
        var writer = new SourceWriter(documented: true);
        writer.Line("before");
        writer.Line(line.ToString());
        writer.Line($"after {position} \u0101");
        var text = writer.ToSourceText();
        Assert.IsNotType<Latin1Text>(text);
        Assert.Equal($"before\n{line}\nafter {position} \u0101\n", text.ToString());
        var next = new SourceWriter(documented: true);
        next.Line("plain again");
        Assert.IsType<Latin1Text>(next.ToSourceText());
    }

    [Theory]
    [InlineData(false), InlineData(true)]
    public void A_writer_for_a_build_that_reads_no_doc_comments_drops_their_lines_and_keeps_the_rest(bool wide)
    {
        // Doc lines in every shape the emitters write them (summaries plain and interpolated, lines, inside blocks),
        // around code; before and after the text turns into a string (a wide character in a doc line).
        string arrow = wide ? "\u2192" : "->";
        var writer = new SourceWriter(documented: false);
        writer.Summary("A type.");
        writer.OpenBlock($"partial struct S{1}");
        writer.Line($"/// <summary>From {arrow} to.</summary>");
        writer.Line("public int A;");
        writer.Summary($"B {2}.");
        writer.Line("// a comment, kept");
        writer.Line();
        writer.Line("public string B = \"/// not a doc comment\";");
        writer.CloseBlock();
        string expected = "partial struct S1\n{\n    public int A;\n    // a comment, kept\n\n    public string B = \"/// not a doc comment\";\n}\n";
        Assert.Equal(expected, writer.ToSourceText().ToString());
    }

    [Fact]
    public void A_users_doc_text_beyond_one_byte_keeps_the_generated_file_a_string_and_intact()
    {
        // A field summary with an arrow (U+2192) and a CJK character: the header's file keeps them.
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.UserCompilation("""
            using HeaderGen;
            namespace Docs;
            [Header("Docs")]
            public partial struct DocHeader
            {
                /// <summary>Version → always 1 (版本).</summary>
                public byte Version;
            }
            [Header("Plain")]
            public partial struct PlainHeader
            {
                /// <summary>Version, always 1.</summary>
                public byte Version;
            }
            """));
        var file = result.GeneratedSources.Single(s => s.HintName.EndsWith("DocHeader.g.cs", System.StringComparison.Ordinal));
        Assert.IsNotType<Latin1Text>(file.SourceText);
        Assert.Contains("Version → always 1 (版本).", file.SourceText.ToString(), System.StringComparison.Ordinal);
        var plain = result.GeneratedSources.Single(s => s.HintName.EndsWith("PlainHeader.g.cs", System.StringComparison.Ordinal));
        Assert.IsType<Latin1Text>(plain.SourceText);
        Assert.Contains("Version, always 1.", plain.SourceText.ToString(), System.StringComparison.Ordinal);
    }
}
