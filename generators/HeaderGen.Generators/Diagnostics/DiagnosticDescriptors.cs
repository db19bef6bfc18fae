using Microsoft.CodeAnalysis;

namespace HeaderGen.Generators.Diagnostics;

/// <summary>
/// Every diagnostic HeaderGen reports, in one place, with contiguous ids. Each message says how to fix the
/// declaration. README.md lists this table; AnalyzerReleases.Unshipped.md tracks it.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "HeaderGen";

    public static readonly DiagnosticDescriptor HeaderNotPartial = Create(
        "HG0001", "Header type must be partial",
        "Header '{0}' must be declared 'partial' in every part so that the generator can add its members; add the 'partial' modifier");

    public static readonly DiagnosticDescriptor UnsupportedFieldType = Create(
        "HG0002", "Unsupported field type",
        "Field '{0}' has type '{1}', which a header cannot hold; use byte, ushort, uint, ulong, bool, an enum, a [WireSize] struct implementing IWireValue<T>, or an [InlineArray] struct of bytes");

    public static readonly DiagnosticDescriptor InvalidBitWidth = Create(
        "HG0003", "Invalid bit width",
        "Field '{0}' declares [Bits({1})] but its type '{2}' holds 1 to {3} bits; choose a width in that range or a wider type");

    public static readonly DiagnosticDescriptor NotWholeBytes = Create(
        "HG0004", "Header is not a whole number of bytes",
        "Header '{0}' has {1} bits of fields, which is not a whole number of bytes; add a field of {2} bits (e.g. a reserved field) or correct a width");

    public static readonly DiagnosticDescriptor InvalidLengthField = Create(
        "HG0005", "Header length field must be an unsigned integer",
        "Field '{0}' of type '{1}' cannot be a [HeaderLength] field; declare it as byte, ushort, uint or ulong (with [Bits] if narrower)");

    public static readonly DiagnosticDescriptor FieldsInSeveralParts = Create(
        "HG0006", "Fields declared in more than one partial part",
        "Header '{0}' declares fields in more than one partial declaration, so their wire order is undefined; move field '{1}' into the part that declares the other fields");

    public static readonly DiagnosticDescriptor ConstantOutOfRange = Create(
        "HG0007", "Constant does not fit the field",
        "Field '{0}' is [Constant({1})] but holds at most {2} in {3} bits; correct the constant or the width");

    public static readonly DiagnosticDescriptor NotByteAligned = Create(
        "HG0008", "Field must start on a byte boundary",
        "Field '{0}' of type '{1}' starts at bit {2}, inside a byte, where only integer, bool and enum fields may start; make the preceding bit fields add up to whole bytes");

    public static readonly DiagnosticDescriptor NoFields = Create(
        "HG0009", "Header has no fields",
        "Header '{0}' declares no instance fields; declare its wire fields in order as instance fields");

    public static readonly DiagnosticDescriptor ReservedFieldName = Create(
        "HG0010", "Field name is used by generated code",
        "Field '{0}' has the name of a member the generator adds to every header, or of a parameter or local of its TryWrite; rename it");

    public static readonly DiagnosticDescriptor DuplicateLengthField = Create(
        "HG0011", "More than one header length field",
        "Field '{0}' is a second [HeaderLength] field in header '{1}', which can have only one; remove the attribute from one of them");

    public static readonly DiagnosticDescriptor InvalidLengthUnit = Create(
        "HG0012", "Invalid header length unit",
        "Field '{0}' declares [HeaderLength({1}, Bias = {2})], but the unit is the number of bytes per count and the bias the units it does not count; use a unit of 1 or more and a bias from 0 to 255");

    public static readonly DiagnosticDescriptor ReadOnlyNotSupported = Create(
        "HG0013", "Read-only header or field",
        "'{0}' is read-only, but TryRead fills the header's fields; remove the 'readonly' modifier");

    public static readonly DiagnosticDescriptor LengthFieldTooNarrow = Create(
        "HG0014", "Header length field cannot express the fixed length",
        "Field '{0}' counts at most {1} x {2} = {3} bytes, less than the fixed part of {4} bytes; widen the field or raise the unit");

    public static readonly DiagnosticDescriptor UnsupportedTypeShape = Create(
        "HG0015", "Header type shape not supported",
        "Header '{0}' is {1}; declare it as a non-generic partial struct (not a ref struct), nested only in partial, non-generic types");

    public static readonly DiagnosticDescriptor WireValueMissingInterface = Create(
        "HG0016", "Wire value type must implement IWireValue<T>",
        "Type '{0}' has [WireSize] but does not implement HeaderGen.IWireValue<{0}>; implement its static Read and instance Write");

    public static readonly DiagnosticDescriptor PropertyIgnored = Create(
        "HG0017", "Auto-property is not a wire field",
        "Auto-property '{0}' is not part of the wire layout of header '{1}'; declare it as a field if it is on the wire, or make it computed",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor BitsOnWholeByteType = Create(
        "HG0018", "[Bits] on a multi-byte value",
        "Field '{0}' of type '{1}' always takes {2} whole bytes; remove [Bits]");

    public static readonly DiagnosticDescriptor AttributeNotApplicable = Create(
        "HG0019", "Attribute does not apply to this field type",
        "[{0}] cannot apply to field '{1}' of type '{2}', only to integer, bool and enum fields; remove the attribute or change the field's type");

    public static readonly DiagnosticDescriptor InternalError = Create(
        "HG0020", "HeaderGen could not generate a header",
        "HeaderGen failed on '{0}': {1}; report this to the HeaderGen project with the declaration");

    public static readonly DiagnosticDescriptor InvalidChecksumField = Create(
        "HG0021", "Internet checksum field must be a 16-bit word",
        "Field '{0}' is an [InternetChecksum] but is not a whole ushort at an even byte offset (it starts at bit {1}); declare it as 'public ushort' aligned to 16 bits");

    public static readonly DiagnosticDescriptor DuplicateChecksum = Create(
        "HG0022", "More than one checksum or CRC of a kind",
        "Field '{0}' is a second [{1}] field in header '{2}', which can have at most one Internet checksum and one CRC; remove one of the attributes");

    public static readonly DiagnosticDescriptor InvalidCrcWidth = Create(
        "HG0023", "CRC width out of range",
        "Field '{0}' declares a CRC of width {1}; choose a width from 1 to 64 bits or a CrcAlgorithm preset");

    public static readonly DiagnosticDescriptor InvalidCrcParameter = Create(
        "HG0024", "CRC parameter does not fit its width",
        "Field '{0}' declares an invalid CRC: {1}; correct the parameter to fit the width");

    public static readonly DiagnosticDescriptor CrcFieldTooNarrow = Create(
        "HG0025", "CRC field narrower than the CRC",
        "Field '{0}' holds {1} bits but its CRC has {2}; widen the field to at least {2} bits");

    public static readonly DiagnosticDescriptor InvalidPseudoHeader = Create(
        "HG0026", "Invalid pseudo-header",
        "Field '{0}' names pseudo-header '{1}', which {2}; use a [Header] struct with ChecksumCoverage.HeaderAndPayload");

    public static readonly DiagnosticDescriptor CrcPresetWithParameters = Create(
        "HG0027", "CRC preset combined with explicit parameters",
        "Field '{0}' names the CRC preset '{1}' and also sets {2}; remove the explicit parameters or declare the CRC by width and polynomial");

    public static readonly DiagnosticDescriptor InvalidCrcPlacement = Create(
        "HG0028", "CRC field cannot be placed there",
        "Field '{0}' cannot hold its CRC: {1}; move the CRC to a byte-aligned field whose width is a whole number of bytes{2}");

    public static readonly DiagnosticDescriptor InvalidLittleEndian = Create(
        "HG0029", "[LittleEndian] on a field it cannot apply to",
        "Field '{0}' is [LittleEndian] but is not a whole, byte-aligned ushort, uint or ulong; remove the attribute or change the field");

    public static readonly DiagnosticDescriptor BindingConflict = Create(
        "HG0030", "Two headers bind to the same selector",
        "Header '{0}' binds to table '{1}' at {2}, where '{3}' is already bound; choose another value or remove one binding");

    public static readonly DiagnosticDescriptor DanglingBinding = Create(
        "HG0031", "Binding to a table no header selects from",
        "Header '{0}' binds to table '{1}', but no header in this compilation or its references has a [NextLayer(\"{1}\")] field; correct the table name or declare the lower header");

    public static readonly DiagnosticDescriptor InvalidLayerField = Create(
        "HG0032", "Layer attribute on a field it cannot apply to",
        "Field '{0}' cannot be a [{1}] field: it must be {2}; change the field or remove the attribute");

    public static readonly DiagnosticDescriptor CarriesNotAHeader = Create(
        "HG0033", "[Carries] names a type that is not a header",
        "Header '{0}' carries '{1}', which is not a [Header] struct, so no decoder can walk into it; use a [Header] type in [Carries] or remove the attribute");

    public static readonly DiagnosticDescriptor BindingOutOfRange = Create(
        "HG0034", "Binding value that no selector of the table can hold",
        "Header '{0}' binds to table '{1}' at {2}, but the table's selector '{3}' holds at most {4}; choose a value in that range or bind to another table");

    public static readonly DiagnosticDescriptor ReservedHeaderName = Create(
        "HG0035", "Header name is used by the generated layer decoder",
        "Header '{0}' has the name of a type or member the generator adds beside the assembly's headers (None, Layer, LayerKind, LayerEnumerator, LayerDecoder, LayerWalkEnd, FrameBuilder); rename it");

    public static readonly DiagnosticDescriptor PerFieldNameCollision = Create(
        "HG0036", "Field name collides with a member generated for another field",
        "Field '{0}' has the name the generator may give a member for field '{1}' ({2}{1}); rename one of them");

    public static readonly DiagnosticDescriptor DuplicateLayerName = Create(
        "HG0037", "Two headers have one name",
        "Header '{0}' has the name of header '{1}' ({2}), and the generated LayerKind and Layer would hold two members of that name; rename one of them");

    public static readonly DiagnosticDescriptor AssemblyBindingNotHeader = Create(
        "HG0038", "[assembly: BindsTo] names a type that is not a header",
        "[assembly: BindsTo] binds '{0}', which is not a [Header] struct, so no decoder can walk into it; use a [Header] type or remove the attribute");

    public static readonly DiagnosticDescriptor PseudoHeaderUnlinked = Create(
        "HG0039", "Pseudo-header not linked to a lower layer",
        "Pseudo-header '{0}' {1}, so this checksum could never be checked or filled; add [PseudoHeaderOf(typeof(Lower))] and a public static For(Lower.ReadOnlyView) to it");

    public static readonly DiagnosticDescriptor PayloadSelectorBits = Create(
        "HG0040", "[PayloadSelector] bits out of range",
        "Header '{0}' selects by {1} leading bits of its payload, but a payload selector reads 1 to 8 bits of its first byte; choose a width from 1 to 8");

    public static readonly DiagnosticDescriptor OptionalNotNullable = Create(
        "HG0041", "Optional field and nullable type disagree",
        "Field '{0}' {1}; declare an optional field both nullable and [PresentWhen] ({2}), and a fixed field neither");

    public static readonly DiagnosticDescriptor InvalidPresenceCondition = Create(
        "HG0042", "[PresentWhen] condition cannot be read",
        "[PresentWhen] on field '{0}' names '{1}', which {2}; choose a bool, integer or enum field of the fixed part, declared before the optional fields");

    public static readonly DiagnosticDescriptor OptionalFieldRole = Create(
        "HG0043", "Optional field with a role it cannot have",
        "Optional field '{0}' cannot be {1}: its offset and presence depend on the flags; move that role to a field of the fixed part");

    public static readonly DiagnosticDescriptor FixedAfterOptional = Create(
        "HG0044", "Fixed field after an optional field",
        "Field '{0}' follows optional field '{1}' but is not optional, so its offset would move with the flags; declare the fixed fields first, or make '{0}' optional too");

    public static readonly DiagnosticDescriptor OptionalWithHeaderLength = Create(
        "HG0045", "Optional fields and a header length field together",
        "Header '{0}' has optional fields and the [HeaderLength] field '{1}', but its length is the fixed part plus the present optional fields; remove [HeaderLength] or the optional fields");

    public static readonly DiagnosticDescriptor OptionalChecksumNotFirst = Create(
        "HG0046", "Optional checksum after other optional fields",
        "Checksum field '{0}' is optional but follows optional field '{1}', so its offset would move with the flags; declare it as the first optional field (as GRE's checksum is)");

    public static readonly DiagnosticDescriptor InvalidOptionElement = Create(
        "HG0047", "[Options] element cannot be listed",
        "Header '{0}' lists its options as '{1}', which {2}; declare as the element a [Header] struct of its own with a [HeaderLength] field, in a header that has one too");

    public static readonly DiagnosticDescriptor TemplateNotStaticPartial = Create(
        "HG0048", "[FrameTemplate] on a type that is not a static partial class",
        "'{0}' has [FrameTemplate] but is not a non-generic static partial class (in partial types, if nested), so the generator cannot add TryBuild to it; declare it 'static partial class {0}'");

    public static readonly DiagnosticDescriptor TemplateNotLayer = Create(
        "HG0049", "Frame template lists a type that is not a layer",
        "Frame template '{0}' lists '{1}' at place {2}, which is not a [Header] layer (a header bound into a table, selecting a next layer or starting a frame) or trailer; use [Header] layers, outermost first");

    public static readonly DiagnosticDescriptor TemplateNotBound = Create(
        "HG0050", "Frame template's layers are not bound in order",
        "Frame template '{0}' puts '{1}' on '{2}', but no selector table of '{2}' binds '{1}' and '{2}' does not carry it, so no decoder would walk from one to the other; add a [BindsTo] of '{1}' to a table of '{2}', or change the order");

    public static readonly DiagnosticDescriptor TemplateShape = Create(
        "HG0051", "Frame template with no layers, a trailer before the end, or padding out of range",
        "Frame template '{0}' {1}; change the template: {2}");

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true);
}
