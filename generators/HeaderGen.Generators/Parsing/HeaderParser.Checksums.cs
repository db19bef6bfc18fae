using System.Collections.Generic;
using System.Linq;
using HeaderGen.Checksums;
using HeaderGen.Generators.Diagnostics;
using HeaderGen.Generators.Model;
using Microsoft.CodeAnalysis;

namespace HeaderGen.Generators.Parsing;

/// <summary>The checksum and CRC attributes of a header's fields.</summary>
internal static partial class HeaderParser
{
    private static ChecksumSpec? ParseChecksum(AttributeData attribute, IFieldSymbol field, FieldSpec spec, int index, List<DiagnosticInfo> diagnostics)
    {
        var location = Locate(attribute, field);
        if (spec.Kind != FieldKind.Unsigned || spec.TypeBits != 16 || spec.BitWidth != 16 || spec.BitOffset % 16 != 0 || spec.LittleEndian)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidChecksumField, location, field.Name, spec.BitOffset));
            return null;
        }
        bool coversPayload = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int coverage && coverage == 1;
        var pseudoHeaders = new List<PseudoHeaderUse>();
        bool zeroMeansNone = false;
        int pseudoArguments = 0;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "ZeroMeansNone" && argument.Value.Value is bool zero)
            {
                zeroMeansNone = zero;
                continue;
            }
            var named = argument.Key == "PseudoHeader" && argument.Value.Value is INamedTypeSymbol single ? new[] { single }
                : argument.Key == "PseudoHeaders" && argument.Value.Kind == TypedConstantKind.Array
                    ? argument.Value.Values.Select(v => v.Value as INamedTypeSymbol).ToArray()
                    : null;
            if (named is null)
            {
                continue;
            }
            if (++pseudoArguments > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPseudoHeader, location, field.Name, "PseudoHeader", "is given with PseudoHeaders; choose one"));
                return null;
            }
            foreach (var pseudo in named)
            {
                string? problem = pseudo is null ? "is not a type"
                    : !coversPayload ? "is only summed with ChecksumCoverage.HeaderAndPayload"
                    : !pseudo.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Header) ? "is not a [Header] struct"
                    : null;
                if (problem is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPseudoHeader, location, field.Name, pseudo?.ToDisplayString() ?? "null", problem));
                    return null;
                }
                bool required = pseudo!.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.PseudoHeaderOf
                    && a.NamedArguments.Any(n => n.Key == "ChecksumRequired" && n.Value.Value is true));
                pseudoHeaders.Add(new PseudoHeaderUse(pseudo.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), required));
            }
        }
        return new ChecksumSpec(index, coversPayload, pseudoHeaders.ToEquatableArray(), zeroMeansNone);
    }

    private static CrcSpec? ParseCrc(AttributeData attribute, IFieldSymbol field, FieldSpec spec, int index, int fieldCount, List<DiagnosticInfo> diagnostics)
    {
        var location = Locate(attribute, field);
        var arguments = attribute.ConstructorArguments;
        CrcParameters parameters;
        bool trailer;
        if (arguments.Length == 2)
        {
            var algorithm = (CrcAlgorithm)(arguments[0].Value is int a ? a : 0);
            var named = attribute.NamedArguments.Select(n => n.Key).ToList();
            if (named.Count > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CrcPresetWithParameters, location, field.Name, algorithm, string.Join(", ", named)));
                return null;
            }
            if (!CrcCatalogue.TryGet(algorithm, out parameters))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCrcParameter, location, field.Name, $"{arguments[0].Value} names no CrcAlgorithm"));
                return null;
            }
            trailer = arguments[1].Value is int c && c == 0;
        }
        else if (arguments.Length == 3)
        {
            int width = arguments[0].Value is int w ? w : 0;
            ulong polynomial = arguments[1].Value is ulong p ? p : 0;
            ulong initial = 0, xorOut = 0;
            bool reflectIn = false, reflectOut = false;
            foreach (var argument in attribute.NamedArguments)
            {
                switch (argument.Key)
                {
                    case "Initial" when argument.Value.Value is ulong v: initial = v; break;
                    case "XorOut" when argument.Value.Value is ulong v: xorOut = v; break;
                    case "ReflectIn" when argument.Value.Value is bool r: reflectIn = r; break;
                    case "ReflectOut" when argument.Value.Value is bool r: reflectOut = r; break;
                }
            }
            parameters = new CrcParameters($"{field.ContainingType.Name}.{field.Name}", width, polynomial, initial, reflectIn, reflectOut, xorOut, 0);
            trailer = arguments[2].Value is int c && c == 0;
            if (width is < 1 or > 64)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCrcWidth, location, field.Name, width));
                return null;
            }
        }
        else
        {
            return null;
        }

        if (parameters.Problem is { } problem)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCrcParameter, location, field.Name, problem));
            return null;
        }
        if (spec.Kind != FieldKind.Unsigned)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCrcPlacement, location, field.Name, "a CRC is held in an unsigned integer field", ""));
            return null;
        }
        if (spec.BitWidth < parameters.Width)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CrcFieldTooNarrow, location, field.Name, spec.BitWidth, parameters.Width));
            return null;
        }
        if (spec.BitOffset % 8 != 0 || spec.BitWidth % 8 != 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCrcPlacement, location, field.Name, $"it starts at bit {spec.BitOffset} and is {spec.BitWidth} bits wide", ""));
            return null;
        }
        if (trailer && fieldCount != 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCrcPlacement, location, field.Name,
                "a CrcCoverage.Preceding CRC makes its header a trailer, and a trailer holds the CRC alone", ", in a trailer header of its own"));
            return null;
        }
        return new CrcSpec(index, parameters.Name, parameters.Width, parameters.Polynomial, parameters.Initial,
            parameters.ReflectIn, parameters.ReflectOut, parameters.XorOut, parameters.Check, trailer);
    }
}
