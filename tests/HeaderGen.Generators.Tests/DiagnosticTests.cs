using System.Linq;
using HeaderGen.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace HeaderGen.Generators.Tests;

/// <summary>
/// One test per diagnostic: the declaration marks the expected location with <c>[|...|]</c>; the generator must
/// report exactly that id there, and generate nothing for the broken header.
/// </summary>
public class DiagnosticTests
{
    private const string Usings = "using HeaderGen;\nusing HeaderGen.Checksums;\nusing System.Runtime.CompilerServices;\n";

    [Theory]
    [InlineData("HG0001", "[Header] public struct [|NotPartial|] { public byte A; }")]
    [InlineData("HG0001", "[Header] public partial struct Split { public byte A; }\npublic struct [|Split|] { }")]
    [InlineData("HG0002", "[Header] public partial struct H { public int [|Signed|]; }")]
    [InlineData("HG0002", "[Header] public partial struct H { public string [|Name|]; }")]
    [InlineData("HG0002", "[Header] public partial struct H { public float [|Real|]; }")]
    [InlineData("HG0003", "[Header] public partial struct H { [[|Bits(9)|]] public byte A; [Bits(7)] public byte B; }")]
    [InlineData("HG0003", "[Header] public partial struct H { [[|Bits(0)|]] public ushort A; }")]
    [InlineData("HG0003", "[Header] public partial struct H { [[|Bits(2)|]] public bool A; [Bits(6)] public byte B; }")]
    [InlineData("HG0004", "[Header] public partial struct [|H|] { [Bits(4)] public byte A; public byte B; }")]
    [InlineData("HG0005", "public enum E : byte { A }\n[Header] public partial struct H { [[|HeaderLength(4)|]] public E Length; }")]
    [InlineData("HG0005", "[Header] public partial struct H { [Bits(7)] public byte A; [[|HeaderLength|]] public bool Length; }")]
    [InlineData("HG0006", "[Header] public partial struct H { public byte A; }\npublic partial struct H { public byte [|B|]; }")]
    [InlineData("HG0007", "[Header] public partial struct H { [Bits(4), [|Constant(16)|]] public byte Version; [Bits(4)] public byte B; }")]
    [InlineData("HG0008", "[Header] public partial struct H { [Bits(4)] public byte A; public MacAddress [|Station|]; [Bits(4)] public byte B; }")]
    [InlineData("HG0008", "[InlineArray(2)] public struct Two { private byte _e; }\n[Header] public partial struct H { [Bits(1)] public bool A; public Two [|Run|]; [Bits(7)] public byte B; }")]
    [InlineData("HG0009", "[Header] public partial struct [|Empty|] { public static int Count; public const int Size = 0; }")]
    [InlineData("HG0010", "[Header] public partial struct H { public byte [|View|]; }")]
    [InlineData("HG0010", "[Header] public partial struct H { public ushort [|HeaderLength|]; }")]
    [InlineData("HG0010", "[Header] public partial struct H { public ushort [|ByteOffset|]; }")]
    [InlineData("HG0010", "[Header] public partial struct H { public ushort [|TryCreate|]; }")]
    [InlineData("HG0010", "[Header] public partial struct H { public ushort [|CreateUnchecked|]; }")]
    [InlineData("HG0010", "[Header] public partial struct H { public ushort [|WordSum|]; [InternetChecksum(ChecksumCoverage.Header)] public ushort Checksum; }")]
    [InlineData("HG0010", "[Header] public partial struct H { public ushort [|length|]; }")]
    [InlineData("HG0010", "[Header] public partial struct H { public byte [|error|]; }")]
    [InlineData("HG0010", "[Header] public partial struct H { public uint [|destination|]; }")]
    [InlineData("HG0035", "[Header] public partial struct [|None|] { public byte A; }")]
    [InlineData("HG0035", "[Header] public partial struct [|FrameBuilder|] { public byte A; }")]
    [InlineData("HG0036", "[Header] public partial struct H { public byte Ttl; public byte [|UpdateTtl|]; }")]
    [InlineData("HG0036", "[Header] public partial struct H { public byte [|FillSum|]; public ushort Sum; }")]
    [InlineData("HG0011", "[Header] public partial struct H { [HeaderLength] public byte A; [[|HeaderLength|]] public byte B; }")]
    [InlineData("HG0012", "[Header] public partial struct H { [[|HeaderLength(0)|]] public byte A; public byte B; }")]
    [InlineData("HG0012", "[Header] public partial struct H { [[|HeaderLength(8, Bias = 256)|]] public byte A; public byte B; }")]
    [InlineData("HG0013", "[Header] public readonly partial struct [|H|] { public readonly byte A; }")]
    [InlineData("HG0013", "[Header] public partial struct H { public readonly byte [|A|]; }")]
    [InlineData("HG0014", "[Header] public partial struct H { [Bits(2), HeaderLength(4)] public byte [|Words|]; [Bits(6)] public byte B; public ulong C; public ulong D; }")]
    [InlineData("HG0015", "[Header] public partial struct [|H|]<T> { public byte A; }")]
    [InlineData("HG0015", "public class Outer { [Header] public partial struct [|H|] { public byte A; } }")]
    [InlineData("HG0015", "[Header] public ref partial struct [|H|] { public byte A; }")]
    [InlineData("HG0016", "[WireSize(2)] public struct Port { public ushort Value; }\n[Header] public partial struct H { public Port [|Source|]; }")]
    [InlineData("HG0018", "[Header] public partial struct H { [[|Bits(8)|]] public Ipv4Address Address; }")]
    [InlineData("HG0019", "[Header] public partial struct H { [[|Constant(1)|]] public MacAddress Station; }")]
    [InlineData("HG0019", "[InlineArray(2)] public struct Two { private byte _e; }\n[Header] public partial struct H { [[|HeaderLength|]] public Two Run; }")]
    [InlineData("HG0021", "[Header] public partial struct H { public byte A; [[|InternetChecksum(ChecksumCoverage.Header)|]] public ushort Sum; public byte B; }")]
    [InlineData("HG0021", "[Header] public partial struct H { [[|InternetChecksum(ChecksumCoverage.Header)|]] public uint Sum; }")]
    [InlineData("HG0022", "[Header] public partial struct H { [InternetChecksum(ChecksumCoverage.Header)] public ushort A; [[|InternetChecksum(ChecksumCoverage.Header)|]] public ushort B; }")]
    [InlineData("HG0022", "[Header] public partial struct H { [Crc(CrcAlgorithm.Crc8Smbus, CrcCoverage.HeaderBeforeField)] public byte A; [[|Crc(CrcAlgorithm.Crc8Smbus, CrcCoverage.HeaderBeforeField)|]] public byte B; }")]
    [InlineData("HG0023", "[Header] public partial struct H { [[|Crc(65, 0x3, CrcCoverage.HeaderBeforeField)|]] public ulong A; }")]
    [InlineData("HG0023", "[Header] public partial struct H { [[|Crc(0, 0x3, CrcCoverage.HeaderBeforeField)|]] public ulong A; }")]
    [InlineData("HG0024", "[Header] public partial struct H { [[|Crc(8, 0x107, CrcCoverage.HeaderBeforeField)|]] public byte A; }")]
    [InlineData("HG0024", "[Header] public partial struct H { [[|Crc(8, 0x07, CrcCoverage.HeaderBeforeField, Initial = 0x100)|]] public ushort A; }")]
    [InlineData("HG0024", "[Header] public partial struct H { [[|Crc(16, 0x1021, CrcCoverage.HeaderBeforeField, XorOut = 0x10000)|]] public ushort A; }")]
    [InlineData("HG0025", "[Header] public partial struct H { [[|Crc(CrcAlgorithm.Crc32, CrcCoverage.HeaderBeforeField)|]] public ushort A; }")]
    [InlineData("HG0026", "public struct NotAHeader { public uint A; }\n[Header] public partial struct H { [[|InternetChecksum(ChecksumCoverage.HeaderAndPayload, PseudoHeader = typeof(NotAHeader))|]] public ushort Sum; }")]
    [InlineData("HG0026", "[Header] public partial struct P { public uint A; }\n[Header] public partial struct H { [[|InternetChecksum(ChecksumCoverage.Header, PseudoHeader = typeof(P))|]] public ushort Sum; }")]
    [InlineData("HG0026", "[Header, PseudoHeaderOf(typeof(HeaderGen.Protocols.Ipv4Header))] public partial struct P { public uint A; public static P For(HeaderGen.Protocols.Ipv4Header.ReadOnlyView ip) => default; }\n[Header] public partial struct H { [[|InternetChecksum(ChecksumCoverage.HeaderAndPayload, PseudoHeader = typeof(P), PseudoHeaders = new[] { typeof(P) })|]] public ushort Sum; }")]
    [InlineData("HG0026", "public struct NotAHeader { public uint A; }\n[Header] public partial struct H { [[|InternetChecksum(ChecksumCoverage.HeaderAndPayload, PseudoHeaders = new[] { typeof(HeaderGen.Protocols.Ipv4PseudoHeader), typeof(NotAHeader) })|]] public ushort Sum; }")]
    [InlineData("HG0039", "[Header] public partial struct P { public uint A; }\n[Header] public partial struct H { [[|InternetChecksum(ChecksumCoverage.HeaderAndPayload, PseudoHeader = typeof(P))|]] public ushort Sum; }")]
    [InlineData("HG0039", "[Header] public partial struct P { public uint A; }\n[Header] public partial struct H { [[|InternetChecksum(ChecksumCoverage.HeaderAndPayload, PseudoHeaders = new[] { typeof(HeaderGen.Protocols.Ipv6PseudoHeader), typeof(P) })|]] public ushort Sum; }")]
    [InlineData("HG0039", "[Header, PseudoHeaderOf(typeof(HeaderGen.Protocols.Ipv4Header))] public partial struct P { public uint A; }\n[Header] public partial struct H { [[|InternetChecksum(ChecksumCoverage.HeaderAndPayload, PseudoHeader = typeof(P))|]] public ushort Sum; }")]
    [InlineData("HG0027", "[Header] public partial struct H { [[|Crc(CrcAlgorithm.Crc16Kermit, CrcCoverage.HeaderBeforeField, XorOut = 1)|]] public ushort A; }")]
    [InlineData("HG0028", "[Header] public partial struct H { public byte A; [[|Crc(CrcAlgorithm.Crc8Smbus, CrcCoverage.Preceding)|]] public byte B; }")]
    [InlineData("HG0028", "[Header] public partial struct H { [Bits(4)] public byte A; [[|Crc(CrcAlgorithm.Crc8Smbus, CrcCoverage.HeaderBeforeField)|]] public ushort B; [Bits(4)] public byte C; }")]
    [InlineData("HG0008", "[Header] public partial struct H { [Bits(4)] public byte A; public System.UInt128 [|Wide|]; [Bits(4)] public byte B; }")]
    [InlineData("HG0018", "[Header] public partial struct H { [[|Bits(64)|]] public System.UInt128 A; }")]
    [InlineData("HG0029", "[Header] public partial struct H { [[|LittleEndian|]] public byte A; }")]
    [InlineData("HG0029", "[Header] public partial struct H { [[|LittleEndian|], Bits(12)] public ushort A; [Bits(4)] public byte B; }")]
    [InlineData("HG0041", "[Header] public partial struct H { public byte F; public uint? [|Key|]; }")]
    [InlineData("HG0041", "[Header] public partial struct H { public byte F; [[|PresentWhen(nameof(F))|]] public uint Key; }")]
    [InlineData("HG0042", "[Header] public partial struct H { public byte F; [[|PresentWhen(\"Missing\")|]] public uint? Key; }")]
    [InlineData("HG0042", "[Header] public partial struct H { public byte F; [PresentWhen(nameof(F))] public byte? G; [[|PresentWhen(nameof(G))|]] public uint? Key; }")]
    [InlineData("HG0042", "[Header] public partial struct H { public Ipv4Address F; [[|PresentWhen(nameof(F))|]] public uint? Key; }")]
    [InlineData("HG0042", "[Header] public partial struct H { [Bits(2)] public byte F; [Bits(6)] public byte G; [[|PresentWhen(nameof(F), 4)|]] public uint? Key; }")]
    [InlineData("HG0043", "[Header] public partial struct H { public byte F; [[|PresentWhen(nameof(F))|], Bits(4)] public byte? Key; }")]
    [InlineData("HG0043", "[Header] public partial struct H { public byte F; [[|PresentWhen(nameof(F))|], Constant(1)] public byte? Key; }")]
    [InlineData("HG0043", "[Header] public partial struct H { public byte F; [[|PresentWhen(nameof(F))|]] public bool? Key; }")]
    [InlineData("HG0044", "[Header] public partial struct H { public byte F; [PresentWhen(nameof(F))] public uint? Key; public byte [|After|]; }")]
    [InlineData("HG0045", "[Header] public partial struct H { [HeaderLength(4)] public byte [|Words|]; public byte F; public ushort G; [PresentWhen(nameof(F))] public uint? Key; }")]
    [InlineData("HG0046", "[Header] public partial struct H { public byte F; public byte G; [PresentWhen(nameof(F))] public ushort? Key; [PresentWhen(nameof(F)), [|InternetChecksum(ChecksumCoverage.Header)|]] public ushort? Sum; }")]
    public void Declaration_error_is_reported_at_its_location(string id, string markup)
    {
        var (source, span) = Parse(Usings + markup);
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(source));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        // The broken header is not generated; a valid helper header in the same source may be.
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName is "H.g.cs" or "NotPartial.g.cs" or "Split.g.cs" or "Empty.g.cs" or "None.g.cs" or "FrameBuilder.g.cs");
        Assert.True(result.GeneratedSources.Length <= 1);
    }

    [Theory]
    [InlineData("HG0030", "[Header, [|BindsTo(\"ip.proto\", 17)|]] public partial struct H { public byte A; }")]
    [InlineData("HG0031", "[Header, [|BindsTo(\"no.such.table\", 1)|]] public partial struct H { public byte A; }")]
    [InlineData("HG0033", "public struct NotAHeader { public byte B; }\n[Header, [|Carries(typeof(NotAHeader))|], BindsTo(\"udp.port\", 7777)] public partial struct H { public byte A; }")]
    [InlineData("HG0034", "[Header, [|BindsTo(\"udp.port\", 70000)|]] public partial struct H { public byte A; }")]
    [InlineData("HG0034", "[Header, [|BindsTo(\"ip.proto\", 256)|]] public partial struct H { public byte A; }")]
    [InlineData("HG0040", "[Header, BindsTo(\"udp.port\", 7001), [|PayloadSelector(\"x.payload\", 9)|]] public partial struct H { public byte A; }")]
    [InlineData("HG0047", "public struct E { public byte A; }\n[Header, [|Options(typeof(E))|]] public partial struct H { [HeaderLength(4)] public byte A; public byte B; public ushort C; }")]
    [InlineData("HG0047", "[Header] public partial struct E { [HeaderLength] public byte L; }\n[Header, [|Options(typeof(E))|]] public partial struct H { public byte A; }")]
    [InlineData("HG0047", "[Header] public partial struct E { public byte L; }\n[Header, [|Options(typeof(E))|]] public partial struct H { [HeaderLength(4)] public byte A; public byte B; public ushort C; }")]
    [InlineData("HG0047", "[Header, [|Options(typeof(H))|]] public partial struct H { [HeaderLength(4)] public byte A; public byte B; public ushort C; }")]
    [InlineData("HG0038", "[assembly: [|BindsTo(typeof(System.Guid), \"udp.port\", 7777)|]]\n[Header] public partial struct H { public byte A; }")]
    [InlineData("HG0030", "[assembly: [|BindsTo(typeof(HeaderGen.Protocols.Ipv4Header), \"ip.proto\", 17)|]]\n[Header] public partial struct H { public byte A; }")]
    [InlineData("HG0031", "[assembly: [|BindsTo(typeof(HeaderGen.Protocols.Ipv4Header), \"no.such.table\", 1)|]]\n[Header] public partial struct H { public byte A; }")]
    [InlineData("HG0037", "[Header, BindsTo(\"udp.port\", 7777)] public partial struct [|UdpHeader|] { public byte A; }")]
    [InlineData("HG0037", "namespace A { [Header, BindsTo(\"udp.port\", 7001)] public partial struct Probe { public byte A; } }\n"
        + "namespace B { [Header, BindsTo(\"udp.port\", 7002)] public partial struct [|Probe|] { public byte A; } }")]
    public void Binding_error_is_reported_at_the_binding(string id, string markup)
    {
        var (source, span) = Parse(Usings + markup);
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(source));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        // The error is the generator's, at the declaration: the generated code itself compiles.
        Assert.Empty(GeneratorHarness.CompilerProblems(output));
    }

    [Theory]
    [InlineData("HG0048", "[[|FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header))|]] public partial class T;")]
    [InlineData("HG0048", "[[|FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header))|]] public static class T { }")]
    [InlineData("HG0048", "public class Outer { [[|FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header))|]] public static partial class T; }")]
    [InlineData("HG0049", "[[|FrameTemplate(typeof(EthernetHeader), typeof(System.Guid))|]] public static partial class T;")]
    [InlineData("HG0049", "[Header] public partial struct Loose { public byte A; }\n[[|FrameTemplate(typeof(EthernetHeader), typeof(Loose))|]] public static partial class T;")]
    [InlineData("HG0050", "[[|FrameTemplate(typeof(EthernetHeader), typeof(UdpHeader))|]] public static partial class T;")]
    [InlineData("HG0050", "[[|FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(Ipv6FragmentHeader))|]] public static partial class T;")]
    [InlineData("HG0051", "[[|FrameTemplate(typeof(EthernetHeader), typeof(EthernetTrailer), typeof(Ipv4Header))|]] public static partial class T;")]
    [InlineData("HG0051", "[[|FrameTemplate|]] public static partial class T;")]
    [InlineData("HG0051", "[[|FrameTemplate(typeof(EthernetHeader), typeof(ArpPacket), PadTo = -1)|]] public static partial class T;")]
    public void Frame_template_error_is_reported_at_its_attribute(string id, string markup)
    {
        var (source, span) = Parse(Usings + "using HeaderGen.Protocols;\n" + markup);
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(source));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        // Nothing is generated for the template, and what is generated compiles.
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.EndsWith(".FrameTemplate.g.cs", System.StringComparison.Ordinal));
        Assert.Empty(GeneratorHarness.CompilerProblems(output));
    }

    [Theory]
    [InlineData("[Header] public partial struct H { [[|NextLayer(\"t\")|]] public MacAddress A; }")]
    [InlineData("[Header] public partial struct H { [[|NextLayer(\"t\", UnlessNonZero = \"Missing\")|]] public byte A; }")]
    [InlineData("[Header] public partial struct H { [[|TotalLength|]] public bool A; [Bits(7)] public byte B; }")]
    [InlineData("[Header] public partial struct H { [TotalLength] public byte A; [[|TotalLength|]] public byte B; }")]
    public void Layer_attribute_on_a_wrong_field_is_reported(string markup)
    {
        var (source, span) = Parse(Usings + markup);
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(source));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("HG0032", diagnostic.Id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void An_auto_property_is_reported_as_a_warning_and_the_header_is_still_generated()
    {
        var (source, span) = Parse(Usings + "[Header] public partial struct H { public byte A; public int [|Extra|] { get; set; } }");
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(source));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("HG0017", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Single(result.GeneratedSources);
        Assert.Empty(GeneratorHarness.CompilerProblems(output));
    }

    [Fact]
    public void Every_message_says_how_to_fix_the_declaration()
    {
        var descriptors = typeof(HeaderGenerator).Assembly.GetType("HeaderGen.Generators.Diagnostics.DiagnosticDescriptors")!
            .GetFields().Select(f => (DiagnosticDescriptor)f.GetValue(null)!).ToList();
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, descriptors.Count).Select(i => $"HG{i:D4}"), descriptors.Select(d => d.Id).Order());
        // The last clause, after "; ", is the fix, and it starts with a verb of its own: "declares" or "used" earlier
        // in the message do not count.
        Assert.All(descriptors, d => Assert.Matches(
            "; (add|use|declare|move|remove|rename|correct|choose|widen|implement|make|report|change) [^;]+$",
            d.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("[Header] public partial struct H { [HeaderLength(0)] public byte A; public byte B; }",
        "Field 'A' declares [HeaderLength(0, Bias = 0)], but the unit is the number of bytes per count and the bias the units it does not count; use a unit of 1 or more and a bias from 0 to 255")]
    [InlineData("[Header] public partial struct H { [Constant(1)] public MacAddress Station; }",
        "[Constant] cannot apply to field 'Station' of type 'HeaderGen.MacAddress', only to integer, bool and enum fields; remove the attribute or change the field's type")]
    [InlineData("[Header] public partial struct H { [Bits(4)] public byte A; public MacAddress Station; [Bits(4)] public byte B; }",
        "Field 'Station' of type 'HeaderGen.MacAddress' starts at bit 4, inside a byte, where only integer, bool and enum fields may start; make the preceding bit fields add up to whole bytes")]
    [InlineData("[Header] public partial struct H { [Bits(9)] public byte A; [Bits(7)] public byte B; }",
        "Field 'A' declares [Bits(9)] but its type 'byte' holds 1 to 8 bits; choose a width in that range or a wider type")]
    [InlineData("[Header] public partial struct H { [HeaderLength] public byte A; [HeaderLength] public byte B; }",
        "Field 'B' is a second [HeaderLength] field in header 'H', which can have only one; remove the attribute from one of them")]
    public void The_message_names_the_field_and_the_fix(string declaration, string message)
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(Usings + declaration));
        Assert.Equal(message, Assert.Single(result.Diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static (string Source, TextSpan Span) Parse(string markup)
    {
        int start = markup.IndexOf("[|", System.StringComparison.Ordinal);
        int end = markup.IndexOf("|]", System.StringComparison.Ordinal) - 2;
        var source = markup.Replace("[|", "", System.StringComparison.Ordinal).Replace("|]", "", System.StringComparison.Ordinal);
        return (source, TextSpan.FromBounds(start, end));
    }
}
