namespace HeaderGen.Generators.Model;

/// <summary>What an Internet checksum covers, as the layer code needs to know it.</summary>
internal enum LayerChecksum
{
    None,
    Header,
    Payload,
    PseudoHeaderAndPayload,
}

/// <summary>
/// A header as a layer of the decoder and builder: its selectors, its bindings, its total-length field and its
/// checksum. Built from symbols, so that headers of referenced assemblies (read from metadata) join the graph
/// the same way as the compilation's own. Holds no locations, so that moving a declaration regenerates nothing.
/// </summary>
internal sealed record LayerSpec(
    string TypeName,
    string ShortName,
    string DisplayName,
    bool LinkLayer,
    bool Variable,
    EquatableArray<SelectorSpec> Selectors,
    EquatableArray<BindingSpec> Bindings,
    string? TotalLengthField,
    string? TotalLengthType,
    LayerChecksum Checksum,
    EquatableArray<PseudoLink> PseudoLinks,
    string? TrailerField,
    bool IsOwn,
    string? Carries)
{
    /// <summary>A layer takes part in the walk if something binds to it or it selects a next layer or starts a frame.</summary>
    public bool IsLayer => LinkLayer || Selectors.Count > 0 || Bindings.Count > 0 || Carries is not null;

    public bool IsTrailer => TrailerField is not null;

    /// <summary>The lower layers a pseudo-header is built from, for a checksum over one.</summary>
    public System.Collections.Generic.IEnumerable<string> PseudoHeaderLowerTypes => System.Linq.Enumerable.Select(PseudoLinks, link => link.LowerType);

    /// <summary>Whether <see cref="TotalLengthField"/> counts only the payload after the header (IPv6's payload length).</summary>
    public bool TotalLengthExcludesHeader { get; init; }

    /// <summary>The checksum field, when it is optional (GRE's): no verdict where it is absent.</summary>
    public string? OptionalChecksumField { get; init; }

    /// <summary>The Internet checksum field, if any.</summary>
    public string? ChecksumField { get; init; }

    /// <summary>Whether a computed checksum of 0 is sent as 0xFFFF (<c>ZeroMeansNone</c>, RFC 768).</summary>
    public bool ChecksumZeroMeansNone { get; init; }

    /// <summary>Whether the header has a generated <c>WordSum()</c>, so the builder sums it from the value it writes.</summary>
    public bool SumsFromFields { get; init; }

    /// <summary>The <c>global::</c> name of the header each element of the options region is (<c>[Options]</c>), or null.</summary>
    public string? OptionElement { get; init; }
}

/// <summary>
/// A field that selects the next layer: its table, its order, its type, the conditions under which it selects (the
/// UnlessNonZero fields zero or false, as C# over the header's view), its
/// width in bits, and, for an enum, its members (so that emitted code names <c>EtherType.Arp</c>, not 0x806).
/// </summary>
internal sealed record SelectorSpec(string Field, string Table, int Order, string FieldType, string UnderlyingType, EquatableArray<string> Unless, int Bits,
    EquatableArray<EnumMemberSpec> Members)
{
    /// <summary>The <see cref="UnderlyingType"/> of a <c>[PayloadSelector]</c>: the payload's first <see cref="Bits"/> bits, no field.</summary>
    public const string Lookahead = "lookahead";

    public bool IsLookahead => UnderlyingType == Lookahead;
}

/// <summary>A member of an enum: its name and value.</summary>
internal sealed record EnumMemberSpec(string Name, ulong Value);

/// <summary>A header's entry in a table.</summary>
internal sealed record BindingSpec(string Table, ulong Value);

/// <summary>Where a binding was declared, for the diagnostics of the graph (kept apart from the spec).</summary>
internal sealed record BindingSite(string HeaderName, string Table, ulong Value, LocationInfo? Location);

/// <summary>A header of this compilation that takes part in the layer types, and where it is declared (for HG0037).</summary>
internal sealed record NameSite(string TypeName, string ShortName, LocationInfo? Location);

/// <summary>All layers one compilation sees, and the namespace its decoder goes in.</summary>
internal sealed record LayerGraphSpec(string Namespace, EquatableArray<LayerSpec> Layers)
{
    /// <summary>Whether the compilation binds other assemblies' headers (<c>[assembly: BindsTo]</c>): it gets a decoder then.</summary>
    public bool HasAssemblyBindings { get; init; }
}

/// <summary>A header of any assembly bound into a table by <c>[assembly: BindsTo(typeof(H), table, value)]</c>.</summary>
internal sealed record AssemblyBinding(string TypeName, string Table, ulong Value);

/// <summary>The compilation's assembly bindings, where they are written, and what is wrong with them.</summary>
internal sealed record AssemblyBindings(EquatableArray<AssemblyBinding> Bindings, EquatableArray<BindingSite> Sites, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A lower layer and the pseudo-header built from it (<c>Pseudo.For(Lower.ReadOnlyView)</c>), both <c>global::</c> names.</summary>
internal sealed record PseudoLink(string LowerType, string PseudoType)
{
    /// <summary>Whether the pseudo-header also has <c>For(in Lower, ReadOnlySpan&lt;byte&gt; payload)</c>, which the builder calls.</summary>
    public bool FromValue { get; init; }
}
