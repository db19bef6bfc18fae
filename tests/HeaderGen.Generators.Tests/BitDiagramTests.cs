using System;
using System.Linq;
using System.Text.RegularExpressions;
using HeaderGen.Generators.Tests.Infrastructure;
using Xunit;

namespace HeaderGen.Generators.Tests;

/// <summary>The layout drawings in the generated documentation, judged against the RFCs' own drawings.</summary>
public class BitDiagramTests
{
    // RFC 9293, section 3.1, Figure 1, down to the Urgent Pointer row (the options rows are drawn differently).
    private const string Rfc9293 = """
         0                   1                   2                   3
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |          Source Port          |       Destination Port        |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                        Sequence Number                        |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                    Acknowledgment Number                      |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |  Data |       |C|E|U|A|P|R|S|F|                               |
        | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
        |       |       |R|E|G|K|H|T|N|N|                               |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |           Checksum            |         Urgent Pointer        |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        """;

    // RFC 8200, section 3 (IPv6), the first two rows, for a field that runs over rows: the Source Address box.
    private const string Rfc8200Address = """
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                                                               |
        +                                                               +
        |                                                               |
        +                         Source Address                        +
        |                                                               |
        +                                                               +
        |                                                               |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        """;

    /// <summary>The drawing's lines without names: boxes and rules only, one line per row of the drawing.</summary>
    private static string[] Skeleton(string drawing) => drawing.Split('\n')
        .Select(line => line.TrimEnd())
        .Where(line => line.StartsWith('+') || line.StartsWith('|'))
        .Select(line => Regex.Replace(line, "[^+|-]", " ").TrimEnd())
        .Distinct()   // RFC 9293 writes its flag names over three lines of one row
        .ToArray();

    private static string Drawing(string generated) => string.Join('\n', generated.Split('\n')
        .SkipWhile(line => !line.Contains("<code>", StringComparison.Ordinal)).Skip(1)
        .TakeWhile(line => !line.Contains("</code>", StringComparison.Ordinal))
        .Select(line => line.Trim().StartsWith("/// ", StringComparison.Ordinal) ? line.Trim()[4..] : ""));

    [Fact]
    public void The_tcp_header_is_drawn_box_for_box_as_rfc_9293_draws_it()
    {
        var drawing = Drawing(SnapshotTests.GeneratedBundled("TcpHeader"));
        var rows = Skeleton(drawing);
        var expected = Skeleton(Rfc9293);
        Assert.Equal(expected, rows.Take(expected.Length));
        Assert.Contains("|  DO   |   R   |C|E|U|A|P|R|S|F|            Window             |", drawing.Split('\n'));
    }

    [Fact]
    public void A_field_over_several_rows_is_one_box_as_rfc_8200_draws_an_address()
    {
        const string declaration = """
            using HeaderGen;
            namespace Test;

            [System.Runtime.CompilerServices.InlineArray(16)]
            public struct Wide128 { private byte _first; }

            [Header("Addr")]
            public partial struct AddressHeader
            {
                public Wide128 Source;
            }
            """;
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(declaration));
        var drawing = Drawing(result.GeneratedSources.Single(s => s.HintName.Contains("AddressHeader", StringComparison.Ordinal)).SourceText.ToString());
        Assert.Equal(Skeleton(Rfc8200Address), Skeleton(drawing));
    }
}
