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
    [InlineData("EthernetTrailer")]
    [InlineData("Ieee8021QTag")]
    [InlineData("ArpPacket")]
    [InlineData("IcmpHeader")]
    [InlineData("IcmpEchoMessage")]
    public void Bundled_header(string name)
    {
        var (result, _) = RuntimeLibrary.Value;
        var source = result.GeneratedSources.Single(s => s.HintName == $"HeaderGen.Protocols.{name}.g.cs");
        Snapshot.Verify(source.SourceText.ToString(), $"Bundled.{name}");
    }

    [Fact]
    public void Bundled_headers_compile_without_diagnostics_and_nothing_else_is_generated()
    {
        var (result, output) = RuntimeLibrary.Value;
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompilerProblems(output));
        Assert.Equal(
            ["ArpPacket", "EthernetHeader", "EthernetTrailer", "IcmpEchoMessage", "IcmpHeader", "Ieee8021QTag", "Ipv4Header", "Ipv4PseudoHeader", "TcpHeader", "UdpHeader"],
            result.GeneratedSources.Select(s => s.HintName).Where(n => n.StartsWith("HeaderGen.Protocols.", StringComparison.Ordinal))
                .Select(n => n["HeaderGen.Protocols.".Length..^".g.cs".Length]).Order(StringComparer.Ordinal));
        Assert.Contains(result.GeneratedSources, s => s.HintName == "HeaderGen.Layers.g.cs");
        Assert.Equal(11, result.GeneratedSources.Length);
    }

    [Fact]
    public void Bundled_layer_decoder_and_builder()
    {
        var (result, _) = RuntimeLibrary.Value;
        Snapshot.Verify(result.GeneratedSources.Single(s => s.HintName == "HeaderGen.Layers.g.cs").SourceText.ToString(), "Bundled.Layers");
    }

    [Theory]
    [InlineData("OddLayoutHeader")]
    [InlineData("TlvHeader")]
    [InlineData("BeaconHeader")]
    public void Edge_case_declaration(string file)
    {
        var path = Path.Combine(GeneratorHarness.RepositoryRoot(), "tests", "HeaderGen.Tests", "Declarations", file + ".cs");
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(File.ReadAllText(path)));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompilerProblems(output));
        foreach (var source in result.GeneratedSources)
        {
            Snapshot.Verify(source.SourceText.ToString(), $"EdgeCase.{source.HintName.Replace(".g.cs", "", StringComparison.Ordinal)}");
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
}
