namespace HeaderGen.Generators.Model;

/// <summary>
/// Everything the emitter needs to write one header, as strings and numbers only: no symbols, no syntax, no
/// compilation, so that equal declarations give equal specs and the pipeline caches them.
/// </summary>
/// <param name="Namespace">The header's namespace, or empty for the global namespace.</param>
/// <param name="ContainingTypes">Enclosing types, outermost first, as their declaration keywords and names.</param>
/// <param name="TypeName">The struct's name.</param>
/// <param name="DisplayName">The protocol name that <c>ToString</c> and errors show.</param>
/// <param name="Fields">The wire fields in order.</param>
/// <param name="FixedBits">The fixed part's size in bits (a multiple of 8), without optional fields.</param>
/// <param name="LengthFieldIndex">Index of the header length field, or -1 for a fixed-size header.</param>
/// <param name="LengthUnit">Bytes per unit of the header length field.</param>
/// <param name="EmitConstructor">Whether to emit a parameterless constructor that sets constants and the length field.</param>
/// <param name="Checksum">The Internet checksum field, if any.</param>
/// <param name="Crc">The CRC field, if any.</param>
internal sealed record HeaderSpec(
    string Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string TypeName,
    string DisplayName,
    EquatableArray<FieldSpec> Fields,
    int FixedBits,
    int LengthFieldIndex,
    int LengthUnit,
    bool EmitConstructor,
    ChecksumSpec? Checksum,
    CrcSpec? Crc)
{
    public int FixedLength => FixedBits / 8;

    /// <summary>Units the length field does not count: the length is (value + bias) x unit (IPv6 extension headers: 1).</summary>
    public int LengthBias { get; init; }

    public bool IsVariableLength => LengthFieldIndex >= 0;

    /// <summary>Whether fields follow the fixed part only when their conditions hold (<c>[PresentWhen]</c>).</summary>
    public bool HasOptional => System.Linq.Enumerable.Any(Fields, f => f.IsOptional);

    /// <summary>The header is a pseudo-header (<c>[PseudoHeaderOf]</c>): it gets a <c>WordSum()</c> that checksums start from.</summary>
    public bool IsPseudoHeader { get; init; }

    /// <summary>The <c>global::</c> name of the header each element of the options region is (<c>[Options]</c>), or null.</summary>
    public string? OptionElement { get; init; }

    /// <summary>The generated file's hint name: namespace, enclosing types and name, unique per compilation.</summary>
    public string HintName => HintNames.Of(Namespace, ContainingTypes, TypeName);
}

/// <summary>Generated files' hint names.</summary>
internal static class HintNames
{
    /// <summary>Namespace, enclosing types and name, dotted: unique per compilation.</summary>
    public static string Of(string ns, EquatableArray<ContainingTypeSpec> containingTypes, string name)
    {
        var text = ns.Length == 0 ? "" : ns + ".";
        foreach (var containing in containingTypes)
        {
            text += containing.Name + ".";
        }
        return text + name;
    }
}

/// <summary>An enclosing type: its keyword (<c>class</c>, <c>struct</c>, <c>record</c>, ...) and its name.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

/// <summary>An Internet checksum: which field holds it and what it covers.</summary>
/// <param name="FieldIndex">Index of the checksum field.</param>
/// <param name="CoversPayload">Whether it covers everything after the header too.</param>
/// <param name="PseudoHeaders">The pseudo-headers summed first, one per lower layer (none: the header alone).</param>
/// <param name="ZeroMeansNone">Whether 0 means "no checksum" (RFC 768): computed 0 is sent as 0xFFFF.</param>
internal sealed record ChecksumSpec(int FieldIndex, bool CoversPayload, EquatableArray<PseudoHeaderUse> PseudoHeaders, bool ZeroMeansNone);

/// <summary>A pseudo-header a checksum is summed with: its <c>global::</c> name, and whether its lower layer requires a checksum (a received zero fails).</summary>
internal sealed record PseudoHeaderUse(string Type, bool ChecksumRequired);

/// <summary>A CRC: which field holds it, its Rocksoft-model parameters, and whether the header is a trailer.</summary>
internal sealed record CrcSpec(
    int FieldIndex,
    string Name,
    int Width,
    ulong Polynomial,
    ulong Initial,
    bool ReflectIn,
    bool ReflectOut,
    ulong XorOut,
    ulong Check,
    bool Trailer);
