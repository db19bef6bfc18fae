namespace HeaderGen.Generators.Model;

/// <summary>How a field's bits map to its C# type.</summary>
internal enum FieldKind
{
    /// <summary><c>byte</c>, <c>ushort</c>, <c>uint</c> or <c>ulong</c>, whole or as a bit field.</summary>
    Unsigned,

    /// <summary>A single bit as <c>bool</c>.</summary>
    Bool,

    /// <summary>An enum, read through its underlying integral type.</summary>
    Enum,

    /// <summary>A struct with <c>[WireSize]</c> implementing <c>IWireValue&lt;T&gt;</c> (MAC and IPv4 addresses).</summary>
    WireValue,

    /// <summary>An <c>[InlineArray(n)]</c> struct of bytes: a fixed-size byte run.</summary>
    ByteRun,

    /// <summary><c>System.UInt128</c>: 16 whole bytes, big-endian unless <c>[LittleEndian]</c>.</summary>
    UInt128,
}

/// <summary>One wire field of a header.</summary>
/// <param name="Name">The C# field name.</param>
/// <param name="Kind">How it is read and written.</param>
/// <param name="TypeName">The field's type, <c>global::</c>-qualified or a keyword.</param>
/// <param name="UnderlyingType">For enums, the underlying type keyword; otherwise the same as <paramref name="TypeName"/>.</param>
/// <param name="BitOffset">Offset of its first bit from the header's first bit (most significant bit first).</param>
/// <param name="BitWidth">Its width in bits.</param>
/// <param name="TypeBits">The width of its C# type (or underlying type) in bits.</param>
/// <param name="HasConstant">Whether it must hold <paramref name="Constant"/>.</param>
/// <param name="Constant">The required value.</param>
/// <param name="LittleEndian">Whether the whole field is stored least significant byte first.</param>
/// <param name="Hex">Whether <c>ToString</c> shows it in hexadecimal (checksums and CRCs).</param>
internal sealed record FieldSpec(
    string Name,
    FieldKind Kind,
    string TypeName,
    string UnderlyingType,
    int BitOffset,
    int BitWidth,
    int TypeBits,
    bool HasConstant,
    ulong Constant,
    bool LittleEndian,
    bool Hex)
{
    /// <summary>The user's own <c>&lt;summary&gt;</c> text for the field, or empty.</summary>
    public string Summary { get; init; } = "";

    /// <summary>
    /// For an optional field (<c>[PresentWhen]</c>, declared nullable), the fixed field that says whether it is present;
    /// null for a field of the fixed part. An optional field's <see cref="BitOffset"/> is where it lies when every
    /// optional field before it is present.
    /// </summary>
    public string? PresentWhen { get; init; }

    /// <summary>Whether the condition is <see cref="PresentWhen"/> == <see cref="PresentValue"/> rather than "set".</summary>
    public bool PresentEquals { get; init; }

    /// <summary>The value of an equality condition.</summary>
    public ulong PresentValue { get; init; }

    public bool IsOptional => PresentWhen is not null;

    public int ByteOffset => BitOffset / 8;

    /// <summary>Bytes the field touches, from the one holding its first bit to the one holding its last.</summary>
    public int ByteSpan => (BitOffset + BitWidth - 1) / 8 - ByteOffset + 1;

    public bool IsWholeBytes => Kind is FieldKind.WireValue or FieldKind.ByteRun or FieldKind.UInt128;

    /// <summary>True when values of its type can exceed its width and writing must check them.</summary>
    public bool NeedsRangeCheck => Kind is FieldKind.Unsigned or FieldKind.Enum && BitWidth < TypeBits;

    public ulong Mask => BitWidth == 64 ? ulong.MaxValue : (1UL << BitWidth) - 1;
}
