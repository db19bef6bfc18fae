using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using HeaderGen.Generators.Diagnostics;
using HeaderGen.Generators.Model;
using Microsoft.CodeAnalysis;

namespace HeaderGen.Generators.Parsing;

/// <summary>
/// Reads a header's layering attributes from its symbol, whether declared in source or read from a referenced
/// assembly's metadata, and finds the headers of referenced assemblies.
/// </summary>
internal static class LayerParser
{

    /// <summary>The layer of a header type; diagnostics (for source declarations) go to <paramref name="diagnostics"/>.</summary>
    /// <summary>The pseudo-header types an <c>[InternetChecksum]</c> names: <c>PseudoHeader</c> or <c>PseudoHeaders</c>.</summary>
    private static List<INamedTypeSymbol> PseudoHeaders(AttributeData attribute)
    {
        var types = new List<INamedTypeSymbol>();
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "PseudoHeader" && argument.Value.Value is INamedTypeSymbol single)
            {
                types.Add(single);
            }
            else if (argument.Key == "PseudoHeaders" && argument.Value.Kind == TypedConstantKind.Array)
            {
                types.AddRange(argument.Value.Values.Select(v => v.Value).OfType<INamedTypeSymbol>());
            }
        }
        return types;
    }

    public static LayerSpec? Parse(INamedTypeSymbol type, bool isOwn, List<DiagnosticInfo>? diagnostics, List<BindingSite>? sites)
    {
        string typeName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        string? displayName = null;
        bool linkLayer = false;
        string? carries = null;
        AttributeData? options = null;
        var bindings = new List<BindingSpec>();
        SelectorSpec? lookahead = null;
        foreach (var attribute in type.GetAttributes())
        {
            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case AttributeNames.Header:
                    displayName = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                    break;
                case AttributeNames.LinkLayer:
                    linkLayer = true;
                    break;
                case AttributeNames.Carries when attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is INamedTypeSymbol carried:
                    if (!carried.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Header))
                    {
                        diagnostics?.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CarriesNotAHeader,
                            LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation()), type.Name, carried.ToDisplayString()));
                        break;
                    }
                    carries = carried.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                    break;
                case AttributeNames.Options:
                    options = attribute;
                    break;
                case AttributeNames.PayloadSelector when attribute.ConstructorArguments.Length == 2
                    && attribute.ConstructorArguments[0].Value is string lookaheadTable && attribute.ConstructorArguments[1].Value is int lookaheadBits:
                    if (lookaheadBits is < 1 or > 8)
                    {
                        diagnostics?.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PayloadSelectorBits,
                            LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation()), type.Name, lookaheadBits));
                        break;
                    }
                    lookahead = new SelectorSpec("", lookaheadTable, int.MaxValue, "byte", SelectorSpec.Lookahead, EquatableArray<string>.Empty, lookaheadBits, EquatableArray<EnumMemberSpec>.Empty);
                    break;
                case AttributeNames.BindsTo when attribute.ConstructorArguments.Length == 2
                    && attribute.ConstructorArguments[0].Value is string table && attribute.ConstructorArguments[1].Value is ulong value:
                    bindings.Add(new BindingSpec(table, value));
                    sites?.Add(new BindingSite(type.Name, table, value, LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation())));
                    break;
            }
        }

        var fields = type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst && !f.IsImplicitlyDeclared).ToList();
        var selectors = new List<(SelectorSpec Spec, int Index)>();
        string? totalLength = null, totalLengthType = null, trailer = null;
        var pseudoSymbols = new List<INamedTypeSymbol>();
        LocationInfo? checksumLocation = null;
        bool excludesHeader = false;
        string? optionalChecksum = null, checksumField = null;
        bool zeroMeansNone = false;
        var checksum = LayerChecksum.None;
        bool variable = false;
        bool valid = true;
        for (int index = 0; index < fields.Count; index++)
        {
            var field = fields[index];
            foreach (var attribute in field.GetAttributes())
            {
                var location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation()) ?? LocationInfo.From(field.Locations.FirstOrDefault());
                switch (attribute.AttributeClass?.ToDisplayString())
                {
                    case AttributeNames.HeaderLength:
                        variable = true;
                        break;
                    case AttributeNames.NextLayer when attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string table:
                    {
                        int order = 0;
                        string? unless = null;
                        foreach (var named in attribute.NamedArguments)
                        {
                            if (named.Key == "Order" && named.Value.Value is int o)
                            {
                                order = o;
                            }
                            else if (named.Key == "UnlessNonZero" && named.Value.Value is string u)
                            {
                                unless = u;
                            }
                        }
                        // A bool selects with 0 and 1 (MPLS' bottom-of-stack bit).
                        string? underlying = IntegralType(field.Type) ?? (field.Type.SpecialType == SpecialType.System_Boolean ? "bool" : null);
                        if (underlying is null)
                        {
                            diagnostics?.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerField, location, field.Name, "NextLayer", "an integer, an enum or a bool"));
                            valid = false;
                            break;
                        }
                        // UnlessNonZero names one field or several, comma-separated; each is an integer (zero) or a bool (false).
                        var conditions = new List<string>();
                        foreach (var name in (unless ?? "").Split(',').Select(n => n.Trim()).Where(n => n.Length > 0))
                        {
                            var guard = fields.FirstOrDefault(f => f.Name == name);
                            if (guard is not null && IntegralType(guard.Type) is not null)
                            {
                                conditions.Add($"view.{name} == 0");
                            }
                            else if (guard is not null && guard.Type.SpecialType == SpecialType.System_Boolean)
                            {
                                conditions.Add($"!view.{name}");
                            }
                            else
                            {
                                diagnostics?.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerField, location, field.Name, "NextLayer", $"paired with integer or bool fields of the header in UnlessNonZero, and '{name}' is neither"));
                                valid = false;
                                break;
                            }
                        }
                        if (!valid)
                        {
                            break;
                        }
                        selectors.Add((new SelectorSpec(field.Name, table, order, field.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), underlying, conditions.ToEquatableArray(),
                            BitWidth(field, underlying), EnumMembers(field.Type)), index));
                        break;
                    }
                    case AttributeNames.TotalLength:
                        if (field.Type.SpecialType is not (SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_UInt32) || totalLength is not null)
                        {
                            diagnostics?.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerField, location, field.Name, "TotalLength",
                                totalLength is null ? "a byte, ushort or uint" : "the header's only [TotalLength] field"));
                            valid = false;
                            break;
                        }
                        totalLength = field.Name;
                        totalLengthType = field.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                        excludesHeader = attribute.NamedArguments.Any(n => n.Key == "ExcludesHeader" && n.Value.Value is true);
                        break;
                    case AttributeNames.InternetChecksum:
                        bool coversPayload = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int coverage && coverage == 1;
                        pseudoSymbols = PseudoHeaders(attribute);
                        checksum = !coversPayload ? LayerChecksum.Header : pseudoSymbols.Count == 0 ? LayerChecksum.Payload : LayerChecksum.PseudoHeaderAndPayload;
                        checksumLocation = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation());
                        optionalChecksum = field.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? field.Name : null;
                        checksumField = field.Name;
                        zeroMeansNone = attribute.NamedArguments.Any(n => n.Key == "ZeroMeansNone" && n.Value.Value is true);
                        break;
                    case AttributeNames.Crc:
                        var arguments = attribute.ConstructorArguments;
                        if (arguments.Length > 0 && arguments[arguments.Length - 1].Value is int crcCoverage && crcCoverage == 0)
                        {
                            trailer = field.Name;
                        }
                        break;
                }
            }
        }
        if (!valid)
        {
            return null;
        }

        var links = new List<PseudoLink>();
        foreach (var pseudoSymbol in checksum == LayerChecksum.PseudoHeaderAndPayload ? pseudoSymbols : new List<INamedTypeSymbol>())
        {
            // The pseudo-header says which lower layers it is built from, [PseudoHeaderOf(typeof(Lower))] each, with a
            // static For(Lower.ReadOnlyView) to build it: without both the checksum could never be filled.
            var linkAttributes = pseudoSymbol.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == AttributeNames.PseudoHeaderOf).ToList();
            if (linkAttributes.Count == 0)
            {
                diagnostics?.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PseudoHeaderUnlinked, checksumLocation, pseudoSymbol.ToDisplayString(), "has no [PseudoHeaderOf(typeof(Lower))]"));
            }
            foreach (var link in linkAttributes)
            {
                if (link.ConstructorArguments.Length != 1 || link.ConstructorArguments[0].Value is not INamedTypeSymbol lower)
                {
                    continue;
                }
                bool built = pseudoSymbol.GetMembers("For").OfType<IMethodSymbol>().Any(m => m.IsStatic && m.Parameters.Length == 1
                    && SymbolEqualityComparer.Default.Equals(m.ReturnType, pseudoSymbol)
                    && m.Parameters[0].Type is INamedTypeSymbol { Name: "ReadOnlyView", ContainingType: { } viewOf } && SymbolEqualityComparer.Default.Equals(viewOf, lower));
                if (!built)
                {
                    diagnostics?.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PseudoHeaderUnlinked, checksumLocation, pseudoSymbol.ToDisplayString(),
                        $"has no public static {pseudoSymbol.Name} For({lower.Name}.ReadOnlyView) for its [PseudoHeaderOf(typeof({lower.Name}))]"));
                    continue;
                }
                // The builder's way, where the pseudo-header offers it: from the lower header's value and its payload.
                bool fromValue = pseudoSymbol.GetMembers("For").OfType<IMethodSymbol>().Any(m => m.IsStatic && m.Parameters.Length == 2
                    && SymbolEqualityComparer.Default.Equals(m.ReturnType, pseudoSymbol)
                    && m.Parameters[0].RefKind is RefKind.In or RefKind.None && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, lower)
                    && m.Parameters[1].Type is INamedTypeSymbol { Name: "ReadOnlySpan", TypeArguments.Length: 1 } span && span.TypeArguments[0].SpecialType == SpecialType.System_Byte);
                links.Add(new PseudoLink(lower.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), pseudoSymbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)) { FromValue = fromValue });
            }
        }

        // The elements of an options region: each a header whose own length says where the next starts.
        string? optionElement = null;
        if (options is not null)
        {
            var element = options.ConstructorArguments.Length == 1 ? options.ConstructorArguments[0].Value as INamedTypeSymbol : null;
            var elementLength = element?.GetMembers().OfType<IFieldSymbol>().Any(f => f.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.HeaderLength));
            string? problem = element is null || !element.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Header)
                    ? "is not a [Header] struct"
                : SymbolEqualityComparer.Default.Equals(element, type) ? "is the header itself"
                : !variable ? "needs an options region to list, and this header has no [HeaderLength] field to bound one"
                : elementLength != true ? "has no [HeaderLength] field, so nothing says where the next element starts"
                : null;
            if (problem is not null)
            {
                diagnostics?.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOptionElement,
                    LocationInfo.From(options.ApplicationSyntaxReference?.GetSyntax().GetLocation()), type.Name, element?.ToDisplayString() ?? "null", problem));
                return null;
            }
            else
            {
                optionElement = element!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            }
        }

        return new LayerSpec(
            typeName,
            ShortName(type),
            displayName ?? type.Name,
            linkLayer,
            variable,
            selectors.OrderBy(s => s.Spec.Order).ThenBy(s => s.Index).Select(s => s.Spec)
                .Concat(lookahead is null ? Enumerable.Empty<SelectorSpec>() : new[] { lookahead }).ToEquatableArray(),   // the payload's bits last
            bindings.ToEquatableArray(),
            totalLength,
            totalLengthType,
            checksum,
            links.ToEquatableArray(),
            trailer,
            isOwn,
            carries)
        {
            TotalLengthExcludesHeader = excludesHeader,
            OptionalChecksumField = optionalChecksum,
            ChecksumField = checksumField,
            ChecksumZeroMeansNone = zeroMeansNone,
            // The header emitter's ChecksumEmitter.SumsFromFields, over symbols: where it holds, the header has WordSum().
            SumsFromFields = checksumField is not null && fields.All(f => f.Type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T
                && !f.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.LittleEndian)
                && !f.Type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.InlineArray)),
            OptionElement = optionElement,
        };
    }

    /// <summary>
    /// The layers declared in referenced assemblies that use HeaderGen (HeaderGen's own bundled protocols among
    /// them), read from metadata.
    /// </summary>
    /// <summary>The compilation's <c>[assembly: BindsTo(typeof(H), table, value)]</c> attributes.</summary>
    public static AssemblyBindings AssemblyBindings(Compilation compilation, CancellationToken cancellationToken)
    {
        var bindings = new List<AssemblyBinding>();
        var sites = new List<BindingSite>();
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var attribute in compilation.Assembly.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (attribute.AttributeClass?.ToDisplayString() != AttributeNames.BindsTo || attribute.ConstructorArguments.Length != 3
                || attribute.ConstructorArguments[1].Value is not string table || attribute.ConstructorArguments[2].Value is not ulong value)
            {
                continue;
            }
            var location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation());
            if (attribute.ConstructorArguments[0].Value is not INamedTypeSymbol header
                || !header.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Header))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AssemblyBindingNotHeader, location,
                    (attribute.ConstructorArguments[0].Value as ITypeSymbol)?.ToDisplayString() ?? "null"));
                continue;
            }
            bindings.Add(new AssemblyBinding(header.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), table, value));
            sites.Add(new BindingSite(header.Name, table, value, location));
        }
        return new AssemblyBindings(bindings.ToEquatableArray(), sites.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    public static EquatableArray<LayerSpec> Referenced(Compilation compilation, CancellationToken cancellationToken)
    {
        var layers = new List<LayerSpec>();
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            layers.AddRange(ReferencedCache.GetValue(assembly, Walk));
        }
        return layers.OrderBy(l => l.TypeName, System.StringComparer.Ordinal).ToEquatableArray();
    }

    /// <summary>
    /// The headers of each referenced assembly, walked once: Roslyn shares the symbols of an unchanged metadata
    /// reference between compilations, so an edit (a keystroke in an IDE) finds every referenced assembly here and
    /// walks none of their types again. The table holds its keys weakly: an assembly no compilation uses any more goes.
    /// </summary>
    private static readonly ConditionalWeakTable<IAssemblySymbol, List<LayerSpec>> ReferencedCache = new();

    /// <summary>Walks of referenced assemblies' types so far (the caching test counts them).</summary>
    internal static int ReferencedWalks;

    private static List<LayerSpec> Walk(IAssemblySymbol assembly)
    {
        var layers = new List<LayerSpec>();
        bool usesHeaderGen = assembly.Name == "HeaderGen"
            || assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == "HeaderGen"));
        if (!usesHeaderGen)
        {
            return layers;
        }
        Interlocked.Increment(ref ReferencedWalks);
        foreach (var type in AllTypes(assembly.GlobalNamespace))
        {
            if (type.TypeKind == TypeKind.Struct && type.DeclaredAccessibility == Accessibility.Public
                && type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Header)
                && Parse(type, isOwn: false, diagnostics: null, sites: null) is { } layer)
            {
                layers.Add(layer);
            }
        }
        return layers;
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers())
        {
            yield return type;
            foreach (var nested in type.GetTypeMembers())
            {
                yield return nested;
            }
        }
        foreach (var child in ns.GetNamespaceMembers())
        {
            foreach (var type in AllTypes(child))
            {
                yield return type;
            }
        }
    }

    /// <summary>The type's name, with enclosing types' names before it, as an identifier.</summary>
    private static string ShortName(INamedTypeSymbol type)
    {
        var name = type.Name;
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            name = containing.Name + "_" + name;
        }
        return name;
    }

    /// <summary>The members of an enum type with non-negative values, first name for each value; none for other types.</summary>
    private static EquatableArray<EnumMemberSpec> EnumMembers(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            return EquatableArray<EnumMemberSpec>.Empty;
        }
        var members = new List<EnumMemberSpec>();
        foreach (var member in enumType.GetMembers().OfType<IFieldSymbol>())
        {
            if (member.HasConstantValue && member.ConstantValue is { } value && System.Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture) >= 0
                && !members.Any(m => m.Value == System.Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture)))
            {
                members.Add(new EnumMemberSpec(member.Name, System.Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        return members.ToEquatableArray();
    }

    /// <summary>The field's declared [Bits] width, or its type's.</summary>
    private static int BitWidth(IFieldSymbol field, string underlying)
    {
        foreach (var attribute in field.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == AttributeNames.Bits && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int bits)
            {
                return bits;
            }
        }
        return underlying switch { "bool" => 1, "byte" or "sbyte" => 8, "ushort" or "short" => 16, "uint" or "int" => 32, _ => 64 };
    }

    private static string? IntegralType(ITypeSymbol type)
    {
        var special = type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying } ? underlying.SpecialType : type.SpecialType;
        return special switch
        {
            SpecialType.System_Byte => "byte",
            SpecialType.System_UInt16 => "ushort",
            SpecialType.System_UInt32 => "uint",
            SpecialType.System_UInt64 => "ulong",
            SpecialType.System_SByte => "sbyte",
            SpecialType.System_Int16 => "short",
            SpecialType.System_Int32 => "int",
            SpecialType.System_Int64 => "long",
            _ => null,
        };
    }
}
