using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using HeaderGen.Generators.Diagnostics;
using HeaderGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HeaderGen.Generators.Parsing;

/// <summary>One field of a declaration: its type, width, constant, byte order, presence condition and documentation.</summary>
internal static partial class HeaderParser
{
    /// <summary>
    /// An optional field's condition names a bool, integer or enum field of the fixed part, and an equality's value fits
    /// it; HG0042 otherwise.
    /// </summary>
    private static bool CheckCondition(FieldSpec optional, List<FieldSpec> earlier, List<IFieldSymbol> symbols, IFieldSymbol field, List<DiagnosticInfo> diagnostics)
    {
        var attribute = field.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == AttributeNames.PresentWhen);
        var condition = earlier.FirstOrDefault(f => f.Name == optional.PresentWhen);
        string? problem = condition is null
            ? symbols.Any(s => s.Name == optional.PresentWhen) ? "is not a field of the fixed part" : "is not a field of this header"
            : condition.IsOptional ? "is optional itself"
            : condition.Kind is not (FieldKind.Bool or FieldKind.Unsigned or FieldKind.Enum) ? $"has type '{condition.TypeName}'"
            : optional.PresentEquals && optional.PresentValue > condition.Mask ? $"holds at most {condition.Mask} in {condition.BitWidth} bits, not {optional.PresentValue}"
            : null;
        if (problem is null)
        {
            return true;
        }
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidPresenceCondition, Locate(attribute, field), field.Name, optional.PresentWhen ?? "", problem));
        return false;
    }

    private static FieldSpec? ParseField(
        IFieldSymbol field,
        int bitOffset,
        List<DiagnosticInfo> diagnostics,
        out AttributeData? lengthAttribute,
        out AttributeData? checksumAttribute,
        out AttributeData? crcAttribute)
    {
        AttributeData? bits = null, constant = null, littleEndian = null, presentWhen = null;
        lengthAttribute = checksumAttribute = crcAttribute = null;
        foreach (var attribute in field.GetAttributes())
        {
            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case AttributeNames.Bits: bits = attribute; break;
                case AttributeNames.Constant: constant = attribute; break;
                case AttributeNames.HeaderLength: lengthAttribute = attribute; break;
                case AttributeNames.InternetChecksum: checksumAttribute = attribute; break;
                case AttributeNames.Crc: crcAttribute = attribute; break;
                case AttributeNames.LittleEndian: littleEndian = attribute; break;
                case AttributeNames.PresentWhen: presentWhen = attribute; break;
            }
        }

        var fieldLocation = LocationInfo.From(field.Locations[0]);
        if (ReservedNames.Contains(field.Name))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReservedFieldName, fieldLocation, field.Name));
            return null;
        }
        if (field.IsReadOnly)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReadOnlyNotSupported, fieldLocation, field.Name));
            return null;
        }

        var type = field.Type;
        // An optional field is declared nullable: null when absent. The model holds the type it has when present.
        bool nullable = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullableType)
        {
            type = nullableType.TypeArguments[0];
        }
        if (nullable != presentWhen is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionalNotNullable, presentWhen is null ? fieldLocation : Locate(presentWhen, field), field.Name,
                nullable ? $"is nullable ('{field.Type.ToDisplayString()}') but nothing says when it is present" : $"has [PresentWhen] but its type '{type.ToDisplayString()}' cannot say it is absent",
                nullable ? $"[PresentWhen(nameof(Flag))] {type.ToDisplayString()}?" : $"[PresentWhen(...)] {type.ToDisplayString()}?"));
            return null;
        }
        string typeName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        FieldKind kind;
        string underlying = typeName;
        int typeBits;
        if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol { EnumUnderlyingType: { } enumUnderlying })
        {
            kind = FieldKind.Enum;
            underlying = enumUnderlying.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            typeBits = IntegerBits(enumUnderlying.SpecialType, allowSigned: true);
        }
        else if (type.SpecialType == SpecialType.System_Boolean)
        {
            kind = FieldKind.Bool;
            typeBits = 1;
        }
        else if (IntegerBits(type.SpecialType, allowSigned: false) is > 0 and var width)
        {
            kind = FieldKind.Unsigned;
            typeBits = width;
        }
        else if (type is INamedTypeSymbol { Name: "UInt128", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
        {
            kind = FieldKind.UInt128;
            typeBits = 128;
        }
        else if (WireSize(type) is int wireSize)
        {
            kind = FieldKind.WireValue;
            typeBits = wireSize * 8;
            if (!type.AllInterfaces.Any(i => i.OriginalDefinition.MetadataName == "IWireValue`1"
                    && i.OriginalDefinition.ContainingNamespace.ToDisplayString() == "HeaderGen"
                    && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], type)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WireValueMissingInterface, fieldLocation, type.ToDisplayString()));
                return null;
            }
        }
        else if (InlineByteArrayLength(type) is int runLength)
        {
            kind = FieldKind.ByteRun;
            typeBits = runLength * 8;
        }
        else
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedFieldType, fieldLocation, field.Name, type.ToDisplayString()));
            return null;
        }

        if (typeBits == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedFieldType, fieldLocation, field.Name, type.ToDisplayString()));
            return null;
        }

        // Types of whole bytes: no [Bits], no [Constant], no [HeaderLength], and a byte boundary to start on.
        bool wholeBytes = kind is FieldKind.WireValue or FieldKind.ByteRun or FieldKind.UInt128;
        int bitWidth = typeBits;
        if (bits is not null)
        {
            var bitsLocation = Locate(bits, field);
            if (wholeBytes)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BitsOnWholeByteType, bitsLocation, field.Name, type.ToDisplayString(), typeBits / 8));
                return null;
            }
            bitWidth = bits.ConstructorArguments.Length == 1 && bits.ConstructorArguments[0].Value is int w ? w : 0;
            if (bitWidth < 1 || bitWidth > typeBits)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBitWidth, bitsLocation, field.Name, bitWidth, type.ToDisplayString(), typeBits));
                return null;
            }
        }

        if (wholeBytes && bitOffset % 8 != 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotByteAligned, fieldLocation, field.Name, type.ToDisplayString(), bitOffset));
            return null;
        }

        bool hasConstant = false;
        ulong constantValue = 0;
        if (constant is not null)
        {
            var constantLocation = Locate(constant, field);
            if (wholeBytes)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AttributeNotApplicable, constantLocation, "Constant", field.Name, type.ToDisplayString()));
                return null;
            }
            constantValue = constant.ConstructorArguments.Length == 1 && constant.ConstructorArguments[0].Value is ulong v ? v : 0;
            ulong max = bitWidth == 64 ? ulong.MaxValue : (1UL << bitWidth) - 1;
            if (constantValue > max)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConstantOutOfRange, constantLocation, field.Name, constantValue, max, bitWidth));
                return null;
            }
            hasConstant = true;
        }

        if (lengthAttribute is not null && wholeBytes)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AttributeNotApplicable, Locate(lengthAttribute, field), "HeaderLength", field.Name, type.ToDisplayString()));
            return null;
        }

        if (presentWhen is not null)
        {
            // An optional field is whole bytes and has no role that a reader needs before it knows where the field is.
            string? role = kind == FieldKind.Bool ? "a bool (a single bit)"
                : bits is not null ? "[Bits]" : constant is not null ? "[Constant]" : lengthAttribute is not null ? "[HeaderLength]"
                : crcAttribute is not null ? "a [Crc] field" : null;
            if (role is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionalFieldRole, Locate(presentWhen, field), field.Name, role));
                return null;
            }
        }

        if (littleEndian is not null && (kind is not (FieldKind.Unsigned or FieldKind.UInt128) || bitWidth != typeBits || typeBits < 16 || bitOffset % 8 != 0))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLittleEndian, Locate(littleEndian, field), field.Name));
            return null;
        }

        return new FieldSpec(field.Name, kind, typeName, underlying, bitOffset, bitWidth, typeBits, hasConstant, constantValue,
            LittleEndian: littleEndian is not null, Hex: checksumAttribute is not null || crcAttribute is not null)
        {
            Summary = UserSummary(field),
            PresentWhen = presentWhen?.ConstructorArguments.Length > 0 ? presentWhen.ConstructorArguments[0].Value as string ?? "" : null,
            PresentEquals = presentWhen?.ConstructorArguments.Length == 2,
            PresentValue = presentWhen?.ConstructorArguments.Length == 2 && presentWhen.ConstructorArguments[1].Value is ulong present ? present : 0,
        };
    }

    /// <summary>
    /// The text of the field's own <c>&lt;summary&gt;</c>, read from its <c>///</c> lines (which are there whatever the
    /// project's documentation mode), with references made plain code so that they mean the same in generated code.
    /// </summary>
    private static string UserSummary(IFieldSymbol field)
    {
        if (field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax()?.Parent?.Parent is not { } declaration)
        {
            return "";
        }
        var text = new System.Text.StringBuilder();
        foreach (var line in declaration.GetLeadingTrivia().ToFullString().Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith("///", System.StringComparison.Ordinal))
            {
                text.Append(trimmed.Substring(3)).Append(' ');
            }
        }
        var match = System.Text.RegularExpressions.Regex.Match(text.ToString(), "<summary>(.*?)</summary>", System.Text.RegularExpressions.RegexOptions.Singleline);
        if (!match.Success)
        {
            return "";
        }
        string summary = System.Text.RegularExpressions.Regex.Replace(match.Groups[1].Value, "<see (?:cref|langword)=\"(?:[A-Z]:)?([^\"]*)\"\\s*/>", "<c>$1</c>");
        return System.Text.RegularExpressions.Regex.Replace(summary, "\\s+", " ").Trim();
    }

    private static int IntegerBits(SpecialType type, bool allowSigned) => type switch
    {
        SpecialType.System_Byte => 8,
        SpecialType.System_UInt16 => 16,
        SpecialType.System_UInt32 => 32,
        SpecialType.System_UInt64 => 64,
        SpecialType.System_SByte when allowSigned => 8,
        SpecialType.System_Int16 when allowSigned => 16,
        SpecialType.System_Int32 when allowSigned => 32,
        SpecialType.System_Int64 when allowSigned => 64,
        _ => 0,
    };

    private static int? WireSize(ITypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == AttributeNames.WireSize)
            {
                return attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int size && size > 0 ? size : 0;
            }
        }
        return null;
    }

    /// <summary>The length of an <c>[InlineArray(n)]</c> struct whose one element field is a byte.</summary>
    private static int? InlineByteArrayLength(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Struct } named)
        {
            return null;
        }
        foreach (var attribute in named.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == AttributeNames.InlineArray
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int length
                && named.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic).ToList() is { Count: 1 } elements
                && elements[0].Type.SpecialType == SpecialType.System_Byte)
            {
                return length > 0 ? length : 0;
            }
        }
        return null;
    }
}
