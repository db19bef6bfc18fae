namespace HeaderGen.Generators.Model;

/// <summary>Names of the pipeline's tracked steps, for incremental-caching tests.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Specs = nameof(Specs);
    public const string Diagnostics = nameof(Diagnostics);
    public const string ReferencedLayers = nameof(ReferencedLayers);
    public const string LayerGraph = nameof(LayerGraph);
    public const string LayerDiagnostics = nameof(LayerDiagnostics);
    public const string OwnLayers = nameof(OwnLayers);
    public const string BindingSites = nameof(BindingSites);
    public const string NameSites = nameof(NameSites);
    public const string AssemblyBindings = nameof(AssemblyBindings);
    public const string Language = nameof(Language);
    public const string Templates = nameof(Templates);
    public const string TemplateSpecs = nameof(TemplateSpecs);
    public const string TemplateDiagnostics = nameof(TemplateDiagnostics);
}
