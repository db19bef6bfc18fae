using System;
using System.Linq;
using HeaderGen.Generators.Diagnostics;
using HeaderGen.Generators.Emitting;
using HeaderGen.Generators.Model;
using HeaderGen.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HeaderGen.Generators;

/// <summary>
/// The HeaderGen incremental generator: for every <c>[Header]</c> partial struct it emits zero-copy views,
/// TryRead/TryWrite, layout constants and ToString. Sources are registered from the equatable model alone and
/// diagnostics separately, so unrelated edits are cached and <c>#pragma</c> suppression works.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class HeaderGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeNames.Header,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (syntaxContext, cancellationToken) => ParseSafely(syntaxContext, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        var specs = results
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => result.Spec!)
            .WithTrackingName(TrackingNames.Specs);

        var diagnostics = results
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        // What the project's C# allows: from C# 10 file-scoped namespaces (a level of indentation less on every line),
        // from C# 13 views that implement the runtime's view interfaces (whose documentation their members inherit);
        // and whether anything reads doc comments (a build without a documentation file treats them as plain comments).
        var language = context.ParseOptionsProvider
            .Select(static (options, _) => options is CSharpParseOptions parse
                ? LanguageFeatures.Of((int)parse.LanguageVersion, parse.DocumentationMode != DocumentationMode.None)
                : LanguageFeatures.None)
            .WithTrackingName(TrackingNames.Language);

        context.RegisterSourceOutput(specs.Combine(language), static (output, pair) =>
        {
            var spec = pair.Left;
            Microsoft.CodeAnalysis.Text.SourceText source;
            try
            {
                source = HeaderEmitter.Emit(spec, pair.Right);
            }
            catch (Exception exception)
            {
                // A thrown exception would surface only as CS8785 with no output; say which header and why instead.
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, spec.TypeName, exception.Message));
                return;
            }
            output.AddSource($"{spec.HintName}.g.cs", source);
        });

        context.RegisterSourceOutput(diagnostics, static (output, list) =>
        {
            foreach (var diagnostic in list)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        RegisterLayers(context, results, language);
    }

    private static void RegisterLayers(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<ParseResult> results,
        IncrementalValueProvider<LanguageFeatures> language)
    {
        var own = results
            .Where(static result => result.Layer is not null)
            .Select(static (result, _) => result.Layer!)
            .Collect()
            .WithTrackingName(TrackingNames.OwnLayers);
        var referenced = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => new LayerGraphSpec(
                LayerEmitter.NamespaceFor(compilation), LayerParser.Referenced(compilation, cancellationToken)))
            .WithTrackingName(TrackingNames.ReferencedLayers);
        var assemblyBindings = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => LayerParser.AssemblyBindings(compilation, cancellationToken))
            .WithTrackingName(TrackingNames.AssemblyBindings);
        var graph = own.Combine(referenced).Combine(assemblyBindings)
            .Select(static (pair, _) => LayerGraph.Merge(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(TrackingNames.LayerGraph);

        context.RegisterSourceOutput(graph.Combine(language), static (output, pair) =>
        {
            var spec = pair.Left;
            // Only a compilation that declares layers of its own gets a decoder; the others use their references'.
            if (!spec.Layers.Any(layer => layer.IsOwn && layer.IsLayer) && !spec.HasAssemblyBindings)
            {
                return;
            }
            try
            {
                output.AddSource("HeaderGen.Layers.g.cs", LayerEmitter.Emit(spec, pair.Right));
            }
            catch (Exception exception)
            {
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, "the layer decoder", exception.Message));
            }
        });

        // [FrameTemplate] classes: each resolved against the graph, emitted, or reported.
        var templates = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeNames.FrameTemplate,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (syntaxContext, cancellationToken) => TemplateParser.Parse(syntaxContext, cancellationToken))
            .WithTrackingName(TrackingNames.Templates);
        // Diagnostics from the specs with their locations; sources from the specs without, so that moving a template
        // (an edit above it) re-emits nothing.
        var templateDiagnostics = templates.Combine(graph)
            .Select(static (pair, _) => LayerEmitter.Resolve(pair.Left, pair.Right).Diagnostics.ToEquatableArray())
            .WithTrackingName(TrackingNames.TemplateDiagnostics);
        context.RegisterSourceOutput(templateDiagnostics, static (output, list) =>
        {
            foreach (var diagnostic in list)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });
        var templateSpecs = templates.Select(static (template, _) => template with { Location = null }).WithTrackingName(TrackingNames.TemplateSpecs);
        context.RegisterSourceOutput(templateSpecs.Combine(graph).Combine(language), static (output, pair) =>
        {
            var template = pair.Left.Left;
            try
            {
                var (layers, trailer, diagnostics) = LayerEmitter.Resolve(template, pair.Left.Right);
                if (diagnostics.Count == 0)
                {
                    output.AddSource($"{template.HintName}.g.cs", LayerEmitter.EmitTemplate(template, layers, trailer, pair.Left.Right, pair.Right));
                }
            }
            catch (Exception exception)
            {
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, template.TypeName, exception.Message));
            }
        });

        var sites = results.SelectMany(static (result, _) => result.BindingSites).Collect().WithTrackingName(TrackingNames.BindingSites);
        var names = results.Where(static result => result.NameSite is not null).Select(static (result, _) => result.NameSite!)
            .Collect().WithTrackingName(TrackingNames.NameSites);
        var layerDiagnostics = sites.Combine(names).Combine(graph).Combine(assemblyBindings)
            .Select(static (pair, _) => LayerGraph.Diagnose(pair.Left.Left.Left.AddRange(pair.Right.Sites), pair.Left.Left.Right, pair.Left.Right)
                .Concat(pair.Right.Diagnostics).ToEquatableArray())
            .WithTrackingName(TrackingNames.LayerDiagnostics);
        context.RegisterSourceOutput(layerDiagnostics, static (output, list) =>
        {
            foreach (var diagnostic in list)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });
    }

    private static ParseResult ParseSafely(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken)
    {
        try
        {
            return HeaderParser.Parse(context, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var location = LocationInfo.From(context.TargetNode.GetLocation());
            return new ParseResult(null, new[] { DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, context.TargetSymbol.Name, exception.Message) }.ToEquatableArray());
        }
    }
}
