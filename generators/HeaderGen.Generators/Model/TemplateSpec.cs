namespace HeaderGen.Generators.Model;

/// <summary>
/// A <c>[FrameTemplate]</c> class: where it is, the layers it lists (their <c>global::</c> names, outermost first; an
/// empty name for a type argument that is no named type) and its padding. Strings and numbers only, so that equal
/// declarations give equal specs and the pipeline caches them.
/// </summary>
internal sealed record TemplateSpec(
    string Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string TypeName,
    bool IsStaticPartial,
    EquatableArray<string> Layers,
    int PadTo,
    LocationInfo? Location)
{
    /// <summary>The generated file's hint name: namespace, enclosing types and name, unique per compilation.</summary>
    public string HintName => HintNames.Of(Namespace, ContainingTypes, TypeName) + ".FrameTemplate";
}
