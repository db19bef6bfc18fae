using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HeaderGen.Generators.Tests.Infrastructure;

/// <summary>Builds compilations and runs the generator over them, the way the compiler does.</summary>
internal static class GeneratorHarness
{
    /// <summary>C# 14, what the .NET 10 SDK (which a project referencing HeaderGen needs) compiles by default.</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp14);

    /// <summary>
    /// The newest C# that the generator's minimum Roslyn (4.8) knows: a project pinned to it gets views without the
    /// view interfaces (C# 13), and that code must compile too, its documentation's references included.
    /// </summary>
    public static readonly CSharpParseOptions MinimumParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    /// <summary>The repository root, found from this source file's location.</summary>
    public static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "")
    {
        for (var directory = Path.GetDirectoryName(here); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "HeaderGen.sln")))
            {
                return directory;
            }
        }
        throw new InvalidOperationException("HeaderGen.sln not found above " + here);
    }

    /// <summary>A compilation of user sources that references the HeaderGen runtime library.</summary>
    public static CSharpCompilation UserCompilation(params string[] sources) => UserCompilation(ParseOptions, sources);

    /// <summary>A compilation of user sources in a given C# version that references the HeaderGen runtime library.</summary>
    public static CSharpCompilation UserCompilation(CSharpParseOptions options, params string[] sources) =>
        Compilation(sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, options, path: $"Source{i}.cs")), withRuntime: true);

    /// <summary>A compilation of the runtime library's own sources, as its build compiles them.</summary>
    public static CSharpCompilation RuntimeLibraryCompilation()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "HeaderGen");
        var trees = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), ParseOptions, path: Path.GetRelativePath(root, path)));
        return Compilation(trees, withRuntime: false, assemblyName: "HeaderGen");
    }

    public static GeneratorDriver CreateDriver(bool trackSteps = false, CSharpParseOptions? options = null) =>
        CSharpGeneratorDriver.Create(
            [new HeaderGenerator().AsSourceGenerator()],
            parseOptions: options ?? ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns its result and the compilation with the generated sources added.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(Compilation compilation, CSharpParseOptions? options = null)
    {
        var driver = CreateDriver(options: options).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    /// <summary>Errors and warnings of the compiled output, generated code included (the generator's own are in the result).</summary>
    public static IReadOnlyList<Diagnostic> CompilerProblems(Compilation output) =>
        output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    private static CSharpCompilation Compilation(IEnumerable<SyntaxTree> trees, bool withRuntime, string assemblyName = "GeneratorTest")
    {
        var references = FrameworkReferences.Value;
        if (withRuntime)
        {
            references = references.Add(MetadataReference.CreateFromFile(typeof(HeaderAttribute).Assembly.Location));
        }
        return CSharpCompilation.Create(
            assemblyName,
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }
}
