using System.Linq;
using System.Threading;
using HeaderGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HeaderGen.Generators.Parsing;

/// <summary>Reads a <c>[FrameTemplate]</c> class into a <see cref="TemplateSpec"/>; what the layers are is checked against the graph when it is emitted.</summary>
internal static class TemplateParser
{
    public static TemplateSpec Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var attribute = context.Attributes[0];
        var layers = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Array
            ? attribute.ConstructorArguments[0].Values.Select(v => v.Value is INamedTypeSymbol named && named.TypeKind != TypeKind.Error
                ? named.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) : "").ToEquatableArray()
            : default;
        int padTo = 0;
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "PadTo" && named.Value.Value is int value)
            {
                padTo = value;
            }
        }
        bool isStaticPartial = context.TargetNode is ClassDeclarationSyntax declaration
            && declaration.Modifiers.Any(SyntaxKind.PartialKeyword) && type.IsStatic
            && !type.IsGenericType && type.ContainingTypes().All(c => c.DeclaringSyntaxReferences.All(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword)));
        return new TemplateSpec(
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            ContainingTypes: HeaderParser.ContainingTypes(type).ToEquatableArray(),
            TypeName: type.Name,
            IsStaticPartial: isStaticPartial,
            Layers: layers,
            PadTo: padTo,
            Location: LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)) ?? LocationInfo.From(type.Locations.FirstOrDefault()));
    }

    private static System.Collections.Generic.IEnumerable<INamedTypeSymbol> ContainingTypes(this INamedTypeSymbol type)
    {
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            yield return containing;
        }
    }
}
