using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HeaderGen.Benchmarks;

/// <summary>
/// What the generator costs a user's build at scale: a project of 300 headers that references HeaderGen, driven by
/// <see cref="CSharpGeneratorDriver"/> as the compiler drives it. A full run, an edit to an unrelated file, an edit
/// to one header; and, in the same run, the SDK's System.Text.Json source generator over 300 comparable
/// <c>[JsonSerializable]</c> types (six properties each, as the headers have six fields) as the anchor.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 5, iterationCount: 20, invocationCount: 4)]
public class GeneratorBenchmarks
{
    private const int Types = 300;

    private CSharpCompilation _headers = null!;
    private CSharpCompilation _json = null!;
    private IIncrementalGenerator _headerGen = null!;
    private IIncrementalGenerator _jsonGen = null!;
    private GeneratorDriver _warmHeaders = null!;
    private GeneratorDriver _warmJson = null!;
    private SyntaxTree[] _jsonUnrelated = [];
    private SyntaxTree[] _unrelated = [];
    private SyntaxTree[] _header0 = [];
    private int _edit;

    // What a .NET 10 project compiles by default (the SDK's C# 14), for both generators: HeaderGen's views implement its view
    // interfaces from C# 13 (until 2026-12-05 this measured C# 12, where they carry cref references instead).
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.CSharp14);

    [GlobalSetup]
    public void Setup()
    {
        var references = ReferenceAssemblies().Append(MetadataReference.CreateFromFile(typeof(HeaderAttribute).Assembly.Location)).ToList();
        var headerTrees = Enumerable.Range(0, Types).Select(i => Tree(HeaderSource(i, 0), $"Headers/Header{i}.cs")).ToList();
        _unrelated = [Tree(UnrelatedSource(0), "Util.cs"), Tree(UnrelatedSource(1), "Util.cs")];
        _header0 = [Tree(HeaderSource(0, 0), "Headers/Header0.cs"), Tree(HeaderSource(0, 1), "Headers/Header0.cs")];
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        _headers = CSharpCompilation.Create("Protocols", headerTrees.Append(_unrelated[0]), references, options);
        _jsonUnrelated = [Tree(UnrelatedSource(0).Replace("Protocols", "Documents"), "Util.cs"), Tree(UnrelatedSource(1).Replace("Protocols", "Documents"), "Util.cs")];
        _json = CSharpCompilation.Create("Documents", Enumerable.Range(0, Types).Select(i => Tree(JsonSource(i), $"Docs/Doc{i}.cs")).Append(Tree(JsonContext(), "Context.cs")).Append(_jsonUnrelated[0]), references, options);

        _headerGen = Load(GeneratorPath(), "HeaderGen.Generators.HeaderGenerator");
        _jsonGen = Load(JsonGeneratorPath(), "System.Text.Json.SourceGeneration.JsonSourceGenerator");
        _warmHeaders = Driver(_headerGen).RunGenerators(_headers);
        _warmJson = Driver(_jsonGen).RunGenerators(_json);

        // Once, outside the measurements: what each generator emits, per type. HeaderGen's code carries doc comments only
        // where something reads them (a documentation file, the IDE): both are reported; the measurements run with them.
        Report("HeaderGen", _warmHeaders.GetRunResult());
        Report("HeaderGen, doc comments None", Driver(_headerGen, Parse.WithDocumentationMode(DocumentationMode.None)).RunGenerators(_headers).GetRunResult());
        Report("System.Text.Json", Driver(_jsonGen).RunGenerators(_json).GetRunResult());
    }

    private static void Report(string name, GeneratorDriverRunResult result)
    {
        long chars = result.GeneratedTrees.Sum(t => (long)t.GetText().Length);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var largest = result.GeneratedTrees.OrderByDescending(t => t.GetText().Length).First();
        Console.WriteLine($"// {name}: {result.GeneratedTrees.Length} files, {chars:N0} characters, {chars / Types:N0} per type, the largest file "
            + $"{Path.GetFileName(largest.FilePath)} {largest.GetText().Length:N0}; {errors.Count} errors{(errors.Count > 0 ? ": " + errors[0] : "")}");
        // HEADERGEN_DUMP=<directory>: the generated files written out, to read what a type costs.
        if (Environment.GetEnvironmentVariable("HEADERGEN_DUMP") is { Length: > 0 } dump)
        {
            var directory = Directory.CreateDirectory(Path.Combine(dump, name));
            foreach (var tree in result.GeneratedTrees)
            {
                File.WriteAllText(Path.Combine(directory.FullName, Path.GetFileName(tree.FilePath)), tree.GetText().ToString());
            }
        }
    }

    [Benchmark(Baseline = true, Description = "System.Text.Json generator, full run, 300 types")]
    public GeneratorDriver JsonFullRun() => Driver(_jsonGen).RunGenerators(_json);

    [Benchmark(Description = "System.Text.Json generator, an edit to an unrelated file")]
    public GeneratorDriver JsonUnrelatedEdit() =>
        _warmJson.RunGenerators(_json.ReplaceSyntaxTree(_json.SyntaxTrees.Last(), _jsonUnrelated[++_edit & 1]));

    [Benchmark(Description = "HeaderGen, full run, 300 headers")]
    public GeneratorDriver HeaderGenFullRun() => Driver(_headerGen).RunGenerators(_headers);

    [Benchmark(Description = "HeaderGen, an edit to an unrelated file")]
    public GeneratorDriver HeaderGenUnrelatedEdit()
    {
        var tree = _unrelated[++_edit & 1];
        return _warmHeaders.RunGenerators(_headers.ReplaceSyntaxTree(_headers.SyntaxTrees.Last(), tree));
    }

    [Benchmark(Description = "HeaderGen, an edit to one header")]
    public GeneratorDriver HeaderGenHeaderEdit()
    {
        var tree = _header0[++_edit & 1];
        return _warmHeaders.RunGenerators(_headers.ReplaceSyntaxTree(_headers.SyntaxTrees.First(), tree));
    }

    /// <summary>
    /// The two full runs alternated in one process, <paramref name="runs"/> times each after a fifth as many warm-up
    /// pairs, and their medians and minimums printed: on a shared machine whose speed drifts over minutes, the ratio of
    /// runs taken side by side holds where two benchmarks run one after the other do not.
    /// </summary>
    /// <paramref name="documentation"/> is how the driver parses what the generators add (a full run includes parsing it):
    /// <see cref="DocumentationMode.Parse"/> as the IDE does, <see cref="DocumentationMode.None"/> as <c>dotnet build</c>
    /// does without <c>GenerateDocumentationFile</c>, <see cref="DocumentationMode.Diagnose"/> as it does with it.
    public static void RunInterleaved(int runs, DocumentationMode documentation = DocumentationMode.Parse)
    {
        var benchmarks = new GeneratorBenchmarks();
        benchmarks.Setup();
        var parse = Parse.WithDocumentationMode(documentation);
        Alternate($"Full run, {Types} types, doc comments {documentation}", runs,
            () => Driver(benchmarks._headerGen, parse).RunGenerators(benchmarks._headers), () => Driver(benchmarks._jsonGen, parse).RunGenerators(benchmarks._json));
    }

    /// <summary>
    /// Where a full run of HeaderGen's generator spends its time, step by step: <paramref name="runs"/> full runs with the
    /// driver tracking the pipeline's steps (which costs a little), after as many to warm up, and each named step's and
    /// source output's elapsed time summed over its runs, printed per run.
    /// </summary>
    public static void RunSteps(int runs)
    {
        var benchmarks = new GeneratorBenchmarks();
        benchmarks.Setup();
        var totals = new Dictionary<string, TimeSpan>();
        var clock = new System.Diagnostics.Stopwatch();
        TimeSpan whole = default;
        for (int i = -runs; i < runs; i++)
        {
            var driver = CSharpGeneratorDriver.Create([benchmarks._headerGen.AsSourceGenerator()], parseOptions: Parse,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            clock.Restart();
            var result = driver.RunGenerators(benchmarks._headers).GetRunResult().Results[0];
            if (i < 0)
            {
                continue;
            }
            whole += clock.Elapsed;
            foreach (var (name, steps) in result.TrackedSteps.Concat(result.TrackedOutputSteps))
            {
                totals[name] = totals.GetValueOrDefault(name) + steps.Aggregate(TimeSpan.Zero, (sum, step) => sum + step.ElapsedTime);
            }
        }
        Console.WriteLine($"Full run with steps tracked: {whole.TotalMilliseconds / runs:F2} ms");
        foreach (var (name, time) in totals.OrderByDescending(pair => pair.Value))
        {
            Console.WriteLine($"  {name,-24} {time.TotalMilliseconds / runs,8:F2} ms");
        }
    }

    /// <summary>Runs the two pieces of work alternately, a fifth as many pairs first as warm-up, and prints their medians, minimums and ratios.</summary>
    private static void Alternate(string what, int runs, Action headerGenWork, Action jsonWork)
    {
        var json = new List<double>();
        var headers = new List<double>();
        var clock = new System.Diagnostics.Stopwatch();
        for (int i = -Math.Max(1, runs / 5); i < runs; i++)
        {
            clock.Restart();
            headerGenWork();
            double headerGen = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            jsonWork();
            double systemTextJson = clock.Elapsed.TotalMilliseconds;
            if (i >= 0)
            {
                headers.Add(headerGen);
                json.Add(systemTextJson);
            }
        }
        static double Median(List<double> times) => times.OrderBy(t => t).ElementAt(times.Count / 2);
        Console.WriteLine($"{what}, {runs} runs each, alternated: HeaderGen median {Median(headers):F2} ms (min {headers.Min():F2}), "
            + $"System.Text.Json median {Median(json):F2} ms (min {json.Min():F2}); ratio {Median(headers) / Median(json):F2} by median, {headers.Min() / json.Min():F2} by minimum");
    }

    /// <summary>
    /// What the compiler then does with each project, alternated in one process as <see cref="RunInterleaved"/> does:
    /// parse the generated files and compile everything to an assembly (IL only, no PDB), from fresh syntax trees and a
    /// fresh compilation each time, as a build does. The generators' own runs are not in these figures.
    /// <paramref name="documentation"/> is how the compiler treats doc comments: <see cref="DocumentationMode.None"/> as
    /// <c>dotnet build</c> compiles a project without <c>GenerateDocumentationFile</c> (they are plain comments),
    /// <see cref="DocumentationMode.Diagnose"/> as it compiles one with it (parsed, their references bound and checked).
    /// </summary>
    public static void RunCompileInterleaved(int runs, DocumentationMode documentation)
    {
        var parse = Parse.WithDocumentationMode(documentation);
        var benchmarks = new GeneratorBenchmarks();
        benchmarks.Setup();
        // Each generator's text for these options, as the build would run it.
        var headerText = Driver(benchmarks._headerGen, parse).RunGenerators(benchmarks._headers).GetRunResult().GeneratedTrees.Select(t => (t.FilePath, t.GetText().ToString())).ToList();
        var jsonText = Driver(benchmarks._jsonGen, parse).RunGenerators(benchmarks._json).GetRunResult().GeneratedTrees.Select(t => (t.FilePath, t.GetText().ToString())).ToList();
        Alternate($"Compile, {Types} types with their generated code, doc comments {documentation}", runs,
            () => Compile(benchmarks._headers, headerText, parse), () => Compile(benchmarks._json, jsonText, parse));
    }

    private static void Compile(CSharpCompilation project, List<(string Path, string Text)> generated, CSharpParseOptions parse)
    {
        var trees = project.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText().ToString(), parse, t.FilePath, Encoding.UTF8))
            .Concat(generated.Select(g => CSharpSyntaxTree.ParseText(g.Text, parse, g.Path, Encoding.UTF8)));
        var compilation = CSharpCompilation.Create(project.AssemblyName, trees, project.References, project.Options);
        using var output = new MemoryStream();
        var result = compilation.Emit(output);
        if (!result.Success)
        {
            throw new InvalidOperationException("The project does not compile: " + result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
        }
    }

    private static GeneratorDriver Driver(IIncrementalGenerator generator, CSharpParseOptions? parse = null) =>
        CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: parse ?? Parse,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    private static SyntaxTree Tree(string source, string path) => CSharpSyntaxTree.ParseText(source, Parse, path: path, encoding: Encoding.UTF8);

    /// <summary>Header <paramref name="i"/>: six fields (bit fields, an enum, an address, a port), bound to a UDP port.</summary>
    private static string HeaderSource(int i, int variant) => $$"""
        using HeaderGen;
        using HeaderGen.Protocols;

        namespace Protocols.P{{i}};

        public enum Kind{{i}} : byte { A = 1, B = 2, C = 3 }

        [Header("P{{i}}"), BindsTo(UdpHeader.PortTable, {{20000 + i}})]
        public partial struct Header{{i}}
        {
            [Bits(4), Constant(1)] public byte Version;
            [Bits(4)] public Kind{{i}} Kind;
            [Bits({{12 + variant}})] public ushort Station;
            [Bits({{4 - variant}})] public byte Flags;
            public uint Sequence;
            public Ipv4Address Origin;
            public ushort Port;
        }
        """;

    private static string UnrelatedSource(int variant) => $"namespace Protocols; public static class Util {{ public static int Twice(int x) => x * {2 + variant}; }}";

    private static string JsonSource(int i) => $$"""
        namespace Documents.D{{i}};

        public enum Kind{{i}} : byte { A = 1, B = 2, C = 3 }

        public sealed class Doc{{i}}
        {
            public byte Version { get; set; }
            public Kind{{i}} Kind { get; set; }
            public ushort Station { get; set; }
            public uint Sequence { get; set; }
            public string? Origin { get; set; }
            public ushort Port { get; set; }
        }
        """;

    private static string JsonContext()
    {
        var text = new StringBuilder("using System.Text.Json.Serialization;\nnamespace Documents;\n");
        for (int i = 0; i < Types; i++)
        {
            text.Append($"[JsonSerializable(typeof(Documents.D{i}.Doc{i}))]\n");
        }
        return text.Append("public partial class DocumentContext : JsonSerializerContext { }\n").ToString();
    }

    private static IIncrementalGenerator Load(string path, string typeName) =>
        (IIncrementalGenerator)Activator.CreateInstance(Assembly.LoadFrom(path).GetType(typeName, throwOnError: true)!)!;

    private static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HeaderGen.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Run from the repository: HeaderGen.sln not found above " + AppContext.BaseDirectory);
    }

    private static string GeneratorPath()
    {
        var bin = Path.Combine(Root(), "generators", "HeaderGen.Generators", "bin");
        return new[] { "Release", "Debug" }.Select(c => Path.Combine(bin, c, "netstandard2.0", "HeaderGen.Generators.dll")).First(File.Exists);
    }

    // The SDK's packs: <dotnet>/packs/Microsoft.NETCore.App.Ref/<version>/{ref/net10.0, analyzers/dotnet/cs}.
    private static string RefPack()
    {
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();   // <dotnet>/shared/Microsoft.NETCore.App/<version>/
        var dotnet = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var packs = Path.Combine(dotnet, "packs", "Microsoft.NETCore.App.Ref");
        return Directory.GetDirectories(packs).OrderBy(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version()).Last();
    }

    private static string JsonGeneratorPath() => Path.Combine(RefPack(), "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll");

    private static IEnumerable<MetadataReference> ReferenceAssemblies() =>
        Directory.GetFiles(Path.Combine(RefPack(), "ref", "net10.0"), "*.dll").Select(path => MetadataReference.CreateFromFile(path));
}
