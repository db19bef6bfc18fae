using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using HeaderGen.Generators.Model;
using HeaderGen.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace HeaderGen.Generators.Tests;

public class IncrementalTests
{
    private const string Header = """
        using HeaderGen;
        namespace Demo;
        [Header("Demo"), BindsTo("udp.port", 9)]
        public partial struct DemoHeader
        {
            [Bits(4), Constant(1)] public byte Version;
            [Bits(4)] public byte Flags;
            public ushort Length;
        }
        [FrameTemplate(typeof(HeaderGen.Protocols.EthernetHeader), typeof(HeaderGen.Protocols.Ipv4Header), typeof(HeaderGen.Protocols.UdpHeader), typeof(DemoHeader))]
        public static partial class DemoFrame;
        """;

    private const string Unrelated = "namespace Demo; public static class Util { public static int Twice(int x) => x * 2; }";

    [Fact]
    public void Editing_an_unrelated_file_leaves_every_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.UserCompilation(Header, Unrelated);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var unrelatedTree = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(unrelatedTree,
            CSharpSyntaxTree.ParseText(Unrelated.Replace("x * 2", "x + x", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: unrelatedTree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = Reasons(result, TrackingNames.Parse, TrackingNames.Specs, TrackingNames.Diagnostics,
            TrackingNames.ReferencedLayers, TrackingNames.LayerGraph, TrackingNames.LayerDiagnostics, TrackingNames.OwnLayers, TrackingNames.BindingSites, TrackingNames.NameSites, TrackingNames.AssemblyBindings, TrackingNames.Language, TrackingNames.Templates, TrackingNames.TemplateSpecs, TrackingNames.TemplateDiagnostics);
        Assert.NotEmpty(reasons);
        Assert.NotEmpty(Reasons(result, TrackingNames.Templates));
        Assert.All(reasons, r => Assert.Contains(r, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_a_comment_in_the_header_file_regenerates_nothing()
    {
        var compilation = GeneratorHarness.UserCompilation(Header);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText("// a comment\n" + Header, GeneratorHarness.ParseOptions, path: tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The parse step reruns (its input changed; the binding sites it reports for diagnostics moved) but the
        // header and layer models are equal, so no source is re-emitted.
        Assert.NotEmpty(Reasons(result, TrackingNames.Parse));
        Assert.NotEmpty(Reasons(result, TrackingNames.TemplateSpecs));
        Assert.All(Reasons(result, TrackingNames.Specs, TrackingNames.LayerGraph, TrackingNames.TemplateSpecs),
            r => Assert.Contains(r, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    [Fact]
    public void Changing_a_field_width_regenerates_the_header()
    {
        var compilation = GeneratorHarness.UserCompilation(Header);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(Header.Replace("[Bits(4)] public byte Flags", "[Bits(4)] public byte Kind", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Specs));
        Assert.Contains("Kind", result.GeneratedSources.Single(s => s.HintName == "Demo.DemoHeader.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_holds_no_symbol_syntax_or_compilation()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(Location) };
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([typeof(HeaderSpec), typeof(DiagnosticInfo), typeof(TemplateSpec)]);
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string))
            {
                continue;
            }
            Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(type));
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                pending.Push(field.FieldType);
            }
            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
            {
                pending.Push(argument);
            }
        }
        Assert.Contains(typeof(FieldSpec), seen);
        Assert.Contains(typeof(LocationInfo), seen);
    }

    private static List<IncrementalStepRunReason> Reasons(GeneratorRunResult result, params string[] steps) =>
        steps.SelectMany(step => result.TrackedSteps.TryGetValue(step, out var runs) ? runs : ImmutableArray<IncrementalGeneratorRunStep>.Empty)
            .SelectMany(run => run.Outputs)
            .Select(output => output.Reason)
            .ToList();
}

/// <summary>Tests that read the generator's process-wide counters, so they run alone.</summary>
[CollectionDefinition(nameof(GeneratorCounters), DisableParallelization = true)]
public sealed class GeneratorCounters
{
}

[Collection(nameof(GeneratorCounters))]
public class ReferencedAssemblyCacheTests
{
    private static int Walks() => (int)typeof(HeaderGenerator).Assembly.GetType("HeaderGen.Generators.Parsing.LayerParser")!
        .GetField("ReferencedWalks", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    [Fact]
    public void An_edit_walks_no_referenced_assembly_again()
    {
        // The compilation references HeaderGen, whose bundled headers the generator reads from metadata: the first
        // run walks it, an edit to any file walks nothing (the referenced assembly's headers are cached by symbol).
        var compilation = GeneratorHarness.UserCompilation("namespace Demo; [HeaderGen.Header, HeaderGen.BindsTo(\"udp.port\", 9)] public partial struct H { public byte A; }",
            "namespace Demo; public static class Util { public static int Twice(int x) => x * 2; }");
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        int before = Walks();
        for (int edit = 0; edit < 5; edit++)
        {
            var tree = compilation.SyntaxTrees.Last();
            compilation = compilation.ReplaceSyntaxTree(tree,
                CSharpSyntaxTree.ParseText($"namespace Demo; public static class Util {{ public static int Twice(int x) => x * {edit + 3}; }}", GeneratorHarness.ParseOptions, path: tree.FilePath));
            driver = driver.RunGenerators(compilation);
        }
        Assert.Equal(before, Walks());
        Assert.Contains(driver.GetRunResult().GeneratedTrees, t => t.FilePath.EndsWith("HeaderGen.Layers.g.cs", StringComparison.Ordinal));
    }
}
