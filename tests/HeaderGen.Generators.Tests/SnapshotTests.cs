using System;
using System.IO;
using System.Linq;
using HeaderGen.Generators.Tests.Infrastructure;
using Xunit;

namespace HeaderGen.Generators.Tests;

/// <summary>The generated source of every bundled header and of edge-case declarations, reviewed as code.</summary>
public class SnapshotTests
{
    private static readonly Lazy<(Microsoft.CodeAnalysis.GeneratorRunResult Result, Microsoft.CodeAnalysis.Compilation Output)> RuntimeLibrary =
        new(() => GeneratorHarness.Run(GeneratorHarness.RuntimeLibraryCompilation()));

    [Theory]
    [InlineData("EthernetHeader")]
    [InlineData("Ipv4Header")]
    [InlineData("TcpHeader")]
    [InlineData("UdpHeader")]
    [InlineData("Ipv4PseudoHeader")]
    [InlineData("Ipv6PseudoHeader")]
    [InlineData("EthernetTrailer")]
    [InlineData("Ieee8021QTag")]
    [InlineData("ArpPacket")]
    [InlineData("Ipv6Header")]
    [InlineData("Ipv6HopByHopHeader")]
    [InlineData("Ipv6DestinationOptionsHeader")]
    [InlineData("Ipv6RoutingHeader")]
    [InlineData("Ipv6FragmentHeader")]
    [InlineData("IcmpHeader")]
    [InlineData("IcmpEchoMessage")]
    [InlineData("Icmpv6Header")]
    [InlineData("GreHeader")]   // optional fields: checksum, key and sequence number behind their flag bits
    [InlineData("MplsHeader")]
    [InlineData("GeneveHeader")]   // an options region listed as GeneveOption elements
    [InlineData("GeneveOption")]
    [InlineData("VxlanHeader")]
    [InlineData("AuthenticationHeader")]
    public void Bundled_header(string name) => Snapshot.Verify(GeneratedBundled(name), $"Bundled.{name}");

    /// <summary>The generated source of a bundled header.</summary>
    internal static string GeneratedBundled(string name) =>
        RuntimeLibrary.Value.Result.GeneratedSources.Single(s => s.HintName == $"HeaderGen.Protocols.{name}.g.cs").SourceText.ToString();

    [Fact]
    public void Bundled_headers_compile_without_diagnostics_and_nothing_else_is_generated()
    {
        var (result, output) = RuntimeLibrary.Value;
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompilerProblems(output));
        Assert.Equal(
            ["ArpPacket", "AuthenticationHeader", "EthernetHeader", "EthernetTrailer", "GeneveHeader", "GeneveOption", "GreHeader", "IcmpEchoMessage", "IcmpHeader", "Icmpv6Header", "Ieee8021QTag", "Ipv4Header", "Ipv4PseudoHeader", "Ipv6DestinationOptionsHeader", "Ipv6FragmentHeader", "Ipv6Header", "Ipv6HopByHopHeader", "Ipv6PseudoHeader", "Ipv6RoutingHeader", "MplsHeader", "TcpHeader", "UdpHeader", "VxlanHeader"],
            result.GeneratedSources.Select(s => s.HintName).Where(n => n.StartsWith("HeaderGen.Protocols.", StringComparison.Ordinal))
                .Select(n => n["HeaderGen.Protocols.".Length..^".g.cs".Length]).Order(StringComparer.Ordinal));
        Assert.Contains(result.GeneratedSources, s => s.HintName == "HeaderGen.Layers.g.cs");
        Assert.Equal(24, result.GeneratedSources.Length);
    }

    [Fact]
    public void A_build_without_a_documentation_file_gets_the_same_code_without_doc_comments()
    {
        // dotnet build without GenerateDocumentationFile parses with DocumentationMode.None: doc comments are plain
        // comments there, so the generator leaves them out. The code must be the documented code, line for line.
        var options = GeneratorHarness.ParseOptions.WithDocumentationMode(Microsoft.CodeAnalysis.DocumentationMode.None);
        var (plain, plainOutput) = GeneratorHarness.Run(GeneratorHarness.RuntimeLibraryCompilation(), options);
        Assert.Empty(plain.Diagnostics);
        Assert.Empty(GeneratorHarness.CompilerProblems(plainOutput));
        var documented = RuntimeLibrary.Value.Result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.Equal(documented.Keys.Order(StringComparer.Ordinal), plain.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        foreach (var source in plain.GeneratedSources)
        {
            string text = source.SourceText.ToString();
            Assert.Contains("///", documented[source.HintName], StringComparison.Ordinal);
            Assert.DoesNotContain("///", text, StringComparison.Ordinal);
            string withoutDocs = string.Concat(documented[source.HintName].Split('\n')
                .Where(line => !line.TrimStart().StartsWith("///", StringComparison.Ordinal)).Select(line => line + "\n"));
            Assert.Equal(withoutDocs[..^1], text);
        }
    }

    [Fact]
    public void Bundled_layer_decoder_and_builder()
    {
        var (result, _) = RuntimeLibrary.Value;
        Snapshot.Verify(result.GeneratedSources.Single(s => s.HintName == "HeaderGen.Layers.g.cs").SourceText.ToString(), "Bundled.Layers");
    }

    [Theory]
    [InlineData("OddLayoutHeader", "HeaderGen.Tests.Declarations.OddLayoutHeader")]
    [InlineData("MidByteHeader", "HeaderGen.Tests.Declarations.MidByteHeader")]
    [InlineData("WideHeader", "HeaderGen.Tests.Declarations.WideHeader")]
    [InlineData("LabelHeader", "HeaderGen.Layers HeaderGen.Tests.Declarations.LabelHeader")]   // a layer: its decoder too
    [InlineData("TlvHeader", "HeaderGen.Tests.Declarations.Outer.NestedHeader HeaderGen.Tests.Declarations.TlvHeader")]
    [InlineData("BeaconHeader", "HeaderGen.Tests.Declarations.BeaconHeader HeaderGen.Tests.Declarations.TokenTrailer")]
    [InlineData("OptionalHeader", "HeaderGen.Tests.Declarations.OptionalHeader")]
    public void Edge_case_declaration(string file, string expectedHeaders)
    {
        var path = Path.Combine(GeneratorHarness.RepositoryRoot(), "tests", "HeaderGen.Tests", "Declarations", file + ".cs");
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(File.ReadAllText(path)));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompilerProblems(output));
        // The list is written out, so that a header the generator silently drops fails here rather than shrinking the loop below.
        Assert.Equal(expectedHeaders.Split(' ').Select(h => h + ".g.cs"), result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        foreach (var source in result.GeneratedSources)
        {
            Snapshot.Verify(source.SourceText.ToString(), $"EdgeCase.{source.HintName.Replace(".g.cs", "", StringComparison.Ordinal)}");
        }
    }

    [Fact]
    public void Every_snapshot_file_belongs_to_a_test()
    {
        // A snapshot no test compares any more would pass for ever; each file here is named by a test above.
        var names = new[] { "EthernetHeader", "Ipv4Header", "Ipv6Header", "Ipv6HopByHopHeader", "Ipv6DestinationOptionsHeader", "Ipv6RoutingHeader", "Ipv6FragmentHeader", "TcpHeader", "UdpHeader", "Ipv4PseudoHeader", "Ipv6PseudoHeader", "EthernetTrailer", "Ieee8021QTag", "ArpPacket", "IcmpHeader", "IcmpEchoMessage", "Icmpv6Header", "GreHeader", "MplsHeader", "GeneveHeader", "GeneveOption", "VxlanHeader", "AuthenticationHeader", "Layers" }
            .Select(n => "Bundled." + n)
            .Concat(new[] { "OddLayoutHeader", "MidByteHeader", "WideHeader", "LabelHeader", "Outer.NestedHeader", "TlvHeader", "BeaconHeader", "TokenTrailer", "OptionalHeader" }.Select(n => "EdgeCase.HeaderGen.Tests.Declarations." + n))
            .Append("EdgeCase.GlobalNamespace")
            .Append("EdgeCase.HeaderGen.Layers")   // the bool selector's decoder and builder (LabelHeader)
            .Concat(new[] { "Gre", "Ping", "Udp" }.Select(n => "Template.Demo.Frames." + n))
            .Order(StringComparer.Ordinal);
        var directory = Path.Combine(GeneratorHarness.RepositoryRoot(), "tests", "HeaderGen.Generators.Tests", "Snapshots");
        var files = Directory.GetFiles(directory, "*.verified.cs").Select(f => Path.GetFileName(f)[..^".verified.cs".Length]).Order(StringComparer.Ordinal);
        Assert.Equal(names, files);
    }

    [Fact]
    public void Frame_templates_over_the_bundled_layers()
    {
        // Nested in a class; a trailer with padding; extension headers between IPv6 and GRE (whose checksum is filled in
        // place); IPv4 twice (numbered parameters, the inner one's pseudo-header); ICMP's checksum over its payload.
        const string source = """
            using HeaderGen;
            using HeaderGen.Protocols;

            namespace Demo;

            /// <summary>Frames.</summary>
            public static partial class Frames
            {
                /// <summary>UDP in an Ethernet frame with its FCS.</summary>
                [FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader), typeof(EthernetTrailer), PadTo = 60)]
                public static partial class Udp;

                /// <summary>IPv4 in GRE over IPv6 with a Hop-by-Hop header.</summary>
                [FrameTemplate(typeof(EthernetHeader), typeof(Ipv6Header), typeof(Ipv6HopByHopHeader), typeof(GreHeader), typeof(Ipv4Header), typeof(UdpHeader))]
                public static partial class Gre;

                /// <summary>An echo request on a VLAN.</summary>
                [FrameTemplate(typeof(EthernetHeader), typeof(Ieee8021QTag), typeof(Ipv4Header), typeof(IcmpHeader))]
                public static partial class Ping;
            }
            """;
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(source));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompilerProblems(output));
        var templates = result.GeneratedSources.Where(s => s.HintName.EndsWith(".FrameTemplate.g.cs", StringComparison.Ordinal)).ToList();
        Assert.Equal(["Demo.Frames.Gre", "Demo.Frames.Ping", "Demo.Frames.Udp"],
            templates.Select(s => s.HintName[..^".FrameTemplate.g.cs".Length]).Order(StringComparer.Ordinal));
        foreach (var template in templates)
        {
            Snapshot.Verify(template.SourceText.ToString(), $"Template.{template.HintName[..^".FrameTemplate.g.cs".Length]}");
        }
    }

    [Fact]
    public void Header_in_the_global_namespace()
    {
        const string source = """
            [HeaderGen.Header("Tiny")]
            public partial struct TinyHeader
            {
                [HeaderGen.Bits(3)] public byte Kind;
                [HeaderGen.Bits(5)] public byte Count;
                public HeaderGen.MacAddress Station;
            }
            """;
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(source));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompilerProblems(output));
        Snapshot.Verify(result.GeneratedSources.Single().SourceText.ToString(), "EdgeCase.GlobalNamespace");
    }
    [Fact]
    public void A_project_pinned_to_CSharp_12_gets_views_without_the_view_interfaces_and_compiles()
    {
        // C# 13 lets ref structs implement interfaces; before it the views refer to the interfaces' documentation by
        // cref instead of inheriting it, and each reference must resolve (documentation diagnosed as with
        // GenerateDocumentationFile, every warning an error here).
        const string source = """
            namespace Demo;
            /// <summary>A header.</summary>
            [HeaderGen.Header("Pinned")]
            public partial struct PinnedHeader
            {
                /// <summary>Kind.</summary>
                [HeaderGen.Bits(4)] public byte Kind;
                /// <summary>Length in words.</summary>
                [HeaderGen.Bits(4), HeaderGen.HeaderLength(4)] public byte Words;
                /// <summary>Station.</summary>
                public HeaderGen.Ipv4Address Station;
            }
            """;
        var options = GeneratorHarness.MinimumParseOptions;
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(options, source), options);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompilerProblems(output));
        string text = result.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("namespace Demo;", text, StringComparison.Ordinal);
        Assert.Contains("public readonly ref struct ReadOnlyView\n", text.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("IReadOnlyHeaderView<", text, StringComparison.Ordinal);
        Assert.Contains("/// <inheritdoc cref=\"global::HeaderGen.IReadOnlyHeaderView{TSelf, THeader}.TryCreate(global::System.ReadOnlySpan{byte}, out TSelf, out global::HeaderGen.HeaderError)\"/>", text, StringComparison.Ordinal);
        Assert.Contains("/// <inheritdoc cref=\"global::HeaderGen.IHeaderView{TSelf, THeader}.Payload\"/>", text, StringComparison.Ordinal);
        // Before C# 14's extension members, each header carries the read without an error itself (the write, always).
        Assert.Contains("public static bool TryRead(global::System.ReadOnlySpan<byte> source, out PinnedHeader value) => TryRead(source, out value, out _);", text, StringComparison.Ordinal);
        Assert.Contains("public readonly bool TryWrite(global::System.Span<byte> destination, out int bytesWritten)\n", text.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);

        // The same declaration in C# 14: the views implement the interfaces and inherit their documentation.
        var (latest, latestOutput) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(source));
        Assert.Empty(GeneratorHarness.CompilerProblems(latestOutput));
        string latestText = latest.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("public readonly ref struct ReadOnlyView : global::HeaderGen.IReadOnlyHeaderView<ReadOnlyView, PinnedHeader>", latestText, StringComparison.Ordinal);
        Assert.Contains("public readonly ref struct View : global::HeaderGen.IHeaderView<View, PinnedHeader>", latestText, StringComparison.Ordinal);
        Assert.DoesNotContain("IReadOnlyHeaderView{TSelf", latestText, StringComparison.Ordinal);
        Assert.DoesNotContain("out PinnedHeader value) =>", latestText, StringComparison.Ordinal);
    }
}
