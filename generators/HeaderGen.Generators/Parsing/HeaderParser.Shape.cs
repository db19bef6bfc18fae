using System.Collections.Generic;
using System.Linq;
using System.Threading;
using HeaderGen.Generators.Diagnostics;
using HeaderGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HeaderGen.Generators.Parsing;

/// <summary>What a header type must be, and its fields in wire order.</summary>
internal static partial class HeaderParser
{
    private static bool CheckTypeShape(INamedTypeSymbol type, LocationInfo? location, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HeaderNotPartial, LocationInfo.From(declaration.Identifier.GetLocation()), type.Name));
                return false;
            }
        }
        if (type.IsReadOnly)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReadOnlyNotSupported, location, type.Name));
            return false;
        }
        string? reason = null;
        if (type.IsGenericType)
        {
            reason = "generic";
        }
        else if (type.IsRefLikeType)
        {
            reason = "a ref struct";
        }
        else
        {
            for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
            {
                if (containing.IsGenericType)
                {
                    reason = $"nested in generic type '{containing.Name}'";
                    break;
                }
                foreach (var reference in containing.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                        && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                    {
                        reason = $"nested in '{containing.Name}', which is not partial";
                        break;
                    }
                }
                if (reason is not null)
                {
                    break;
                }
            }
        }
        if (reason is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedTypeShape, location, type.Name, reason));
            return false;
        }
        return true;
    }

    /// <summary>
    /// The instance fields in declaration order, or null (with a diagnostic) when they are spread over several
    /// partial parts. Auto-properties are reported and left out.
    /// </summary>
    private static List<IFieldSymbol>? CollectFields(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var fields = new List<(IFieldSymbol Field, SyntaxReference Part, int Position)>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
            {
                continue;
            }
            if (field.IsImplicitlyDeclared)
            {
                if (field.AssociatedSymbol is IPropertySymbol property)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PropertyIgnored, LocationInfo.From(property.Locations.FirstOrDefault()), property.Name, type.Name));
                }
                continue;
            }
            var location = field.Locations[0];
            var part = type.DeclaringSyntaxReferences.First(r => r.SyntaxTree == location.SourceTree && r.Span.Contains(location.SourceSpan));
            fields.Add((field, part, location.SourceSpan.Start));
        }

        var parts = fields.Select(f => f.Part).Distinct().ToList();
        if (parts.Count > 1)
        {
            var stray = fields.First(f => f.Part != parts[0]).Field;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FieldsInSeveralParts, LocationInfo.From(stray.Locations[0]), type.Name, stray.Name));
            return null;
        }
        return fields.OrderBy(f => f.Position).Select(f => f.Field).ToList();
    }
}
