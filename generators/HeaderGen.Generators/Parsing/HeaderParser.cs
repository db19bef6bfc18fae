using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using HeaderGen.Generators.Diagnostics;
using HeaderGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HeaderGen.Generators.Parsing;

/// <summary>The result of parsing one declaration: a spec when it can be generated, and its diagnostics.</summary>
internal sealed record ParseResult(HeaderSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The header as a layer of the decoder and builder, when it is a valid header.</summary>
    public LayerSpec? Layer { get; init; }

    /// <summary>Where its bindings are declared, for the graph's diagnostics only.</summary>
    public EquatableArray<BindingSite> BindingSites { get; init; } = EquatableArray<BindingSite>.Empty;

    /// <summary>The header's name in the layer types and its declaration, when it is a layer or trailer.</summary>
    public NameSite? NameSite { get; init; }
}

/// <summary>
/// Turns a <c>[Header]</c> struct's symbol into a <see cref="HeaderSpec"/>, or into diagnostics that say what to
/// fix. It reads symbols and writes no code.
/// </summary>
internal static partial class HeaderParser
{
    private const string WireValueInterfaceName = "HeaderGen.IWireValue`1";

    /// <summary>Names of the members the emitter adds to every header; a field may not take one.</summary>
    private static readonly ImmutableHashSet<string> ReservedNames = ImmutableHashSet.Create(
        "View", "ReadOnlyView", "Fields", "FixedLength", "MinLength", "MaxLength", "HeaderLength", "ProtocolName",
        "TryRead", "TryWrite", "TryValidate", "TryCreate", "CreateUnchecked", "ToString", "ToValue", "Options", "Payload", "Buffer", "Header",
        "ComputeChecksum", "VerifyChecksum", "FillChecksum", "WordSum", "TryAppend", "Verify", "OptionList",
        // Members of each Fields.{Field} class, which a field of the same name would collide with.
        "BitOffset", "BitWidth", "ByteOffset", "ByteLength", "CrcEngine", "Algorithm", "Parameters",
        // Parameters and locals of the generated TryWrite, which read the fields by name: a field named so would be
        // shadowed there (a field "length" was written as the header's fixed length).
        "destination", "bytesWritten", "error", "length", "at", "options");

    /// <summary>What the generator adds per field, by prefix: a field named like one of these beside that field collides.</summary>
    private static readonly string[] PerFieldPrefixes = ["Update", "Compute", "Verify", "Fill"];

    /// <summary>The per-assembly types and the <c>LayerKind.None</c> member the layer decoder adds, which a header of that name would collide with.</summary>
    private static readonly ImmutableHashSet<string> ReservedTypeNames = ImmutableHashSet.Create(
        "None", "Layer", "LayerKind", "LayerEnumerator", "LayerDecoder", "LayerWalkEnd", "FrameBuilder");

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var diagnostics = new List<DiagnosticInfo>();
        var typeLocation = LocationInfo.From(((TypeDeclarationSyntax)context.TargetNode).Identifier.GetLocation());

        if (!CheckTypeShape(type, typeLocation, diagnostics, cancellationToken))
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        var fieldSymbols = CollectFields(type, diagnostics, cancellationToken);
        if (fieldSymbols is null)
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }
        if (fieldSymbols.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoFields, typeLocation, type.Name));
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }
        if (ReservedTypeNames.Contains(type.Name))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReservedHeaderName, typeLocation, type.Name));
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }
        var names = new HashSet<string>(fieldSymbols.Select(f => f.Name));
        foreach (var field in fieldSymbols)
        {
            foreach (var prefix in PerFieldPrefixes)
            {
                if (field.Name.Length > prefix.Length && field.Name.StartsWith(prefix, System.StringComparison.Ordinal) && names.Contains(field.Name.Substring(prefix.Length)))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PerFieldNameCollision, LocationInfo.From(field.Locations.FirstOrDefault()),
                        field.Name, field.Name.Substring(prefix.Length), prefix));
                    return new ParseResult(null, diagnostics.ToEquatableArray());
                }
            }
        }

        var fields = new List<FieldSpec>(fieldSymbols.Count);
        int bitOffset = 0;
        int lengthFieldIndex = -1;
        int lengthUnit = 0;
        int lengthBias = 0;
        int fixedBits = 0;
        bool valid = true;
        ChecksumSpec? checksum = null;
        CrcSpec? crc = null;
        FieldSpec? firstOptional = null;
        foreach (var field in fieldSymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fieldSpec = ParseField(field, bitOffset, diagnostics, out var lengthAttribute, out var checksumAttribute, out var crcAttribute);
            if (fieldSpec is null)
            {
                valid = false;
                continue;
            }
            if (fieldSpec.IsOptional)
            {
                if (checksumAttribute is not null && firstOptional is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionalChecksumNotFirst, Locate(checksumAttribute, field), field.Name, firstOptional.Name));
                    valid = false;
                }
                firstOptional ??= fieldSpec;
                if (!CheckCondition(fieldSpec, fields, fieldSymbols, field, diagnostics))
                {
                    valid = false;
                }
            }
            else if (firstOptional is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FixedAfterOptional, LocationInfo.From(field.Locations[0]), field.Name, firstOptional.Name));
                valid = false;
            }
            else
            {
                fixedBits = bitOffset + fieldSpec.BitWidth;
            }
            if (lengthAttribute is not null)
            {
                var location = Locate(lengthAttribute, field);
                if (lengthFieldIndex >= 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateLengthField, location, field.Name, type.Name));
                    valid = false;
                }
                else if (fieldSpec.Kind != FieldKind.Unsigned)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLengthField, location, field.Name, field.Type.ToDisplayString()));
                    valid = false;
                }
                else
                {
                    lengthUnit = lengthAttribute.ConstructorArguments.Length == 1 && lengthAttribute.ConstructorArguments[0].Value is int unit ? unit : 1;
                    lengthBias = lengthAttribute.NamedArguments.FirstOrDefault(n => n.Key == "Bias").Value.Value is int bias ? bias : 0;
                    if (lengthUnit < 1 || lengthBias is < 0 or > 255)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLengthUnit, location, field.Name, lengthUnit, lengthBias));
                        valid = false;
                    }
                    lengthFieldIndex = fields.Count;
                }
            }
            if (checksumAttribute is not null)
            {
                var parsed = ParseChecksum(checksumAttribute, field, fieldSpec, fields.Count, diagnostics);
                if (parsed is null)
                {
                    valid = false;
                }
                else if (checksum is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateChecksum, Locate(checksumAttribute, field), field.Name, "InternetChecksum", type.Name));
                    valid = false;
                }
                checksum ??= parsed;
            }
            if (crcAttribute is not null)
            {
                var parsed = ParseCrc(crcAttribute, field, fieldSpec, fields.Count, fieldSymbols.Count, diagnostics);
                if (parsed is null)
                {
                    valid = false;
                }
                else if (crc is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateChecksum, Locate(crcAttribute, field), field.Name, "Crc", type.Name));
                    valid = false;
                }
                crc ??= parsed;
            }
            fields.Add(fieldSpec);
            bitOffset += fieldSpec.BitWidth;
        }

        if (valid && fixedBits % 8 != 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotWholeBytes, typeLocation, type.Name, fixedBits, 8 - fixedBits % 8));
            valid = false;
        }

        if (valid && firstOptional is not null && lengthFieldIndex >= 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionalWithHeaderLength, LocationInfo.From(fieldSymbols[lengthFieldIndex].Locations[0]), type.Name, fields[lengthFieldIndex].Name));
            valid = false;
        }

        if (valid && lengthFieldIndex >= 0)
        {
            var lengthField = fields[lengthFieldIndex];
            // Only a narrow count can fall short; from 32 bits on the product cannot be below any fixed part.
            if (lengthField.BitWidth < 32 && ((long)lengthField.Mask + lengthBias) * lengthUnit < fixedBits / 8)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LengthFieldTooNarrow, LocationInfo.From(fieldSymbols[lengthFieldIndex].Locations[0]),
                    lengthField.Name, lengthField.Mask, lengthUnit, (long)lengthField.Mask * lengthUnit, fixedBits / 8));
                valid = false;
            }
        }

        var sites = new List<BindingSite>();
        var layer = valid ? LayerParser.Parse(type, isOwn: true, diagnostics, sites) : null;
        if (!valid || diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        bool hasUserConstructor = type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && !c.IsImplicitlyDeclared);
        bool needsConstructor = fields.Any(f => f.HasConstant) || lengthFieldIndex >= 0;

        var spec = new HeaderSpec(
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            ContainingTypes: ContainingTypes(type).ToEquatableArray(),
            TypeName: type.Name,
            DisplayName: DisplayName(context.Attributes[0]) ?? type.Name,
            Fields: fields.ToEquatableArray(),
            FixedBits: fixedBits,
            LengthFieldIndex: lengthFieldIndex,
            LengthUnit: lengthFieldIndex >= 0 ? lengthUnit : 0,
            EmitConstructor: needsConstructor && !hasUserConstructor,
            Checksum: checksum,
            Crc: crc)
        {
            LengthBias = lengthFieldIndex >= 0 ? lengthBias : 0,
            IsPseudoHeader = type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.PseudoHeaderOf),
            OptionElement = layer?.OptionElement,
        };
        return new ParseResult(spec, diagnostics.ToEquatableArray())
        {
            Layer = layer,
            BindingSites = sites.ToEquatableArray(),
            NameSite = layer is { IsLayer: true } or { IsTrailer: true } ? new NameSite(layer.TypeName, layer.ShortName, typeLocation) : null,
        };
    }

    internal static IEnumerable<ContainingTypeSpec> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new Stack<ContainingTypeSpec>();
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            string keyword = (containing.IsRecord, containing.TypeKind) switch
            {
                (true, TypeKind.Struct) => "record struct",
                (true, _) => "record",
                (false, TypeKind.Struct) => "struct",
                (false, TypeKind.Interface) => "interface",
                _ => "class",
            };
            chain.Push(new ContainingTypeSpec(keyword, containing.Name));
        }
        return chain;
    }

    private static string? DisplayName(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name && name.Length > 0 ? name : null;

    private static LocationInfo? Locate(AttributeData attribute, IFieldSymbol field) =>
        LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation()) ?? LocationInfo.From(field.Locations[0]);
}
