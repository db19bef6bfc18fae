using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using HeaderGen.Generators.Diagnostics;
using HeaderGen.Generators.Model;

namespace HeaderGen.Generators.Parsing;

/// <summary>
/// The whole compilation's layer graph, a parsing stage of its own: the compilation's headers merged with those of
/// its references, and the diagnoses only the whole graph allows (bindings to unknown tables, conflicting or
/// out-of-range bindings). The emitter only writes code from the result.
/// </summary>
internal static class LayerGraph
{
    /// <summary>The compilation's own layers and its references', each type and each name once, in a stable order.</summary>
    public static LayerGraphSpec Merge(ImmutableArray<LayerSpec> own, LayerGraphSpec referenced, AssemblyBindings assemblyBindings) => referenced with
    {
        HasAssemblyBindings = assemblyBindings.Bindings.Count > 0,
        Layers = own.Concat(referenced.Layers)
            // [assembly: BindsTo(typeof(H), ...)] adds to H's bindings, for this compilation's decoder only.
            .Select(layer => assemblyBindings.Bindings.Any(b => b.TypeName == layer.TypeName)
                ? layer with
                {
                    Bindings = layer.Bindings.Concat(assemblyBindings.Bindings.Where(b => b.TypeName == layer.TypeName)
                        .Select(b => new BindingSpec(b.Table, b.Value))).ToEquatableArray(),
                }
                : layer)
            .Where(layer => layer.IsLayer || layer.IsTrailer)
            .GroupBy(layer => layer.TypeName).Select(group => group.First())
            // One layer per name (HG0037 reports the others): a referenced assembly's first, so that its walk stays whole.
            .GroupBy(layer => layer.ShortName)
            .Select(group => group.OrderBy(layer => layer.IsOwn ? 1 : 0).ThenBy(layer => layer.TypeName, StringComparer.Ordinal).First())
            .OrderBy(layer => layer.TypeName, StringComparer.Ordinal)
            .ToEquatableArray(),
    };

    /// <summary>Conflicting and dangling bindings declared in this compilation.</summary>
    public static EquatableArray<DiagnosticInfo> Diagnose(ImmutableArray<BindingSite> sites, ImmutableArray<NameSite> names, LayerGraphSpec graph)
    {
        var diagnostics = new List<DiagnosticInfo>();
        // Two headers with one name, in different namespaces or assemblies: LayerKind and Layer would get two members.
        foreach (var site in names)
        {
            var clash = graph.Layers.FirstOrDefault(l => l.ShortName == site.ShortName && l.TypeName != site.TypeName)?.TypeName;
            if (clash is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateLayerName, site.Location, site.TypeName.Replace("global::", ""),
                    clash.Replace("global::", ""), site.ShortName));
            }
        }
        var tables = new HashSet<string>(graph.Layers.SelectMany(l => l.Selectors).Select(s => s.Table));
        foreach (var site in sites)
        {
            if (!tables.Contains(site.Table))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DanglingBinding, site.Location, site.HeaderName, site.Table));
                continue;
            }
            var selector = graph.Layers.SelectMany(l => l.Selectors).Where(s => s.Table == site.Table).OrderByDescending(s => s.Bits).First();
            ulong max = selector.Bits >= 64 ? ulong.MaxValue : (1UL << selector.Bits) - 1;
            if (site.Value > max)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BindingOutOfRange, site.Location, site.HeaderName, site.Table,
                    site.Value.ToString(CultureInfo.InvariantCulture), selector.Field, max.ToString(CultureInfo.InvariantCulture)));
                continue;
            }
            var other = graph.Layers.FirstOrDefault(l => !l.TypeName.EndsWith("." + site.HeaderName, System.StringComparison.Ordinal)
                && l.TypeName != "global::" + site.HeaderName
                && l.Bindings.Any(b => b.Table == site.Table && b.Value == site.Value));
            if (other is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BindingConflict, site.Location, site.HeaderName, site.Table,
                    "0x" + site.Value.ToString("X", CultureInfo.InvariantCulture), other.TypeName.Replace("global::", "")));
            }
        }
        return diagnostics.ToEquatableArray();
    }
}
