using System.Collections.Generic;
using System.Linq;
using HeaderGen.Generators.Diagnostics;
using HeaderGen.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace HeaderGen.Generators.Emitting;

/// <summary>
/// A <c>[FrameTemplate]</c>'s <c>TryBuild</c>: the pushes of <c>FrameBuilder</c> for a fixed list of layers, written
/// into one method whose layer above, pending transport and offsets are known when the code is generated, so they are
/// constants and locals, not a builder's fields read and written at every step.
/// </summary>
internal static partial class LayerEmitter
{
    /// <summary>The template's layers from the graph, its trailer, and what is wrong with it (empty when it can be emitted).</summary>
    public static (List<LayerSpec> Layers, LayerSpec? Trailer, List<DiagnosticInfo> Diagnostics) Resolve(TemplateSpec template, LayerGraphSpec graph)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var layers = new List<LayerSpec>();
        LayerSpec? trailer = null;
        string name = template.TypeName;
        if (!template.IsStaticPartial)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TemplateNotStaticPartial, template.Location, name));
        }
        if (template.PadTo is < 0 or > ushort.MaxValue)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TemplateShape, template.Location, name,
                $"pads to {template.PadTo} bytes, out of the range 0 to 65535", "choose a PadTo in that range (Ethernet: 60)"));
        }
        var byName = graph.Layers.ToDictionary(l => l.TypeName, System.StringComparer.Ordinal);
        for (int i = 0; i < template.Layers.Count; i++)
        {
            string type = template.Layers[i];
            if (!byName.TryGetValue(type, out var layer))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TemplateNotLayer, template.Location, name, type.Length == 0 ? "?" : type.Replace("global::", ""), i + 1));
                continue;
            }
            if (layer.IsTrailer && !layer.IsLayer)
            {
                if (i != template.Layers.Count - 1)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TemplateShape, template.Location, name,
                        $"lists the trailer '{layer.ShortName}' at place {i + 1} of {template.Layers.Count}", "move the trailer to the last place"));
                }
                trailer = layer;
                continue;
            }
            if (layers.Count > 0 && layers.Count == i && !Carries(layers[layers.Count - 1], layer))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TemplateNotBound, template.Location, name, layer.ShortName, layers[layers.Count - 1].ShortName));
            }
            layers.Add(layer);
        }
        if (layers.Count == 0 && diagnostics.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TemplateShape, template.Location, name,
                "lists no layers", "add its [Header] layers, outermost first, for example typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader)"));
        }
        return (layers, trailer, diagnostics);
    }

    /// <summary>Whether a decoder walks from <paramref name="lower"/> into <paramref name="upper"/>: a selector's table binds it, or the lower carries it.</summary>
    private static bool Carries(LayerSpec lower, LayerSpec upper) =>
        lower.Carries == upper.TypeName || lower.Selectors.Any(s => upper.Bindings.Any(b => b.Table == s.Table));

    public static Microsoft.CodeAnalysis.Text.SourceText EmitTemplate(TemplateSpec template, List<LayerSpec> layers, LayerSpec? trailer, LayerGraphSpec graph, LanguageFeatures language)
    {
        var w = new SourceWriter(language.Documented);
        HeaderEmitter.FileHeader(w);
        if (template.Namespace.Length > 0)
        {
            w.OpenNamespace(template.Namespace, language.FileScopedNamespace);
        }
        foreach (var containing in template.ContainingTypes)
        {
            w.OpenBlock($"partial {containing.Keyword} {containing.Name}");
        }
        w.OpenBlock($"static partial class {template.TypeName}");
        var names = ParameterNames(layers);
        EmitTryBuild(template, layers, trailer, names, w);
        w.Line();
        EmitTryParse(layers, trailer, names, graph.Layers.Where(l => l.IsLayer).ToList(), w);
        w.CloseBlock();
        foreach (var _ in template.ContainingTypes)
        {
            w.CloseBlock();
        }
        if (template.Namespace.Length > 0)
        {
            w.CloseNamespace();
        }
        return w.ToSourceText();
    }

    /// <summary>Parameter names: each layer's name in camel case, numbered where a layer comes twice, never a keyword or a name the method uses.</summary>
    private static List<string> ParameterNames(List<LayerSpec> layers)
    {
        var reserved = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "buffer", "payload", "length", "error", "end", "padded", "needed", "pendingSum",
            "frame", "data", "view", "headerLength", "total", "kind", "heldBack",
        };
        var names = new List<string>();
        for (int i = 0; i < layers.Count; i++)
        {
            string shortName = layers[i].ShortName;
            string name = char.ToLowerInvariant(shortName[0]) + shortName.Substring(1);
            if (layers.Count(l => l.ShortName == shortName) > 1)
            {
                name += layers.Take(i + 1).Count(l => l.ShortName == shortName);
            }
            if (reserved.Contains(name) || System.Text.RegularExpressions.Regex.IsMatch(name, "^(value|length|start|view|summed|pseudo|total|whole)[0-9]+$"))
            {
                name += "Header";
            }
            names.Add(SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "@" + name : name);
        }
        return names;
    }

    private static void EmitTryBuild(TemplateSpec template, List<LayerSpec> layers, LayerSpec? trailer, List<string> names, SourceWriter w)
    {
        string Plain(int i) => names[i].TrimStart('@');
        var parameters = layers.Select((layer, i) => $"in {layer.TypeName} {names[i]}");
        var options = layers.Select((layer, i) => (layer, i)).Where(p => p.layer.Variable).Select(p => $"scoped {ReadOnlySpan} {Plain(p.i)}Options = default");
        string shape = string.Join(", ", layers.Select(l => l.DisplayName)) + (trailer is null ? "" : $", {trailer.DisplayName}");

        string ending = (template.PadTo > 0 ? $", pads it with zeros to {template.PadTo} bytes" : "")
            + (trailer is null ? "" : $" and appends the {HeaderEmitter.Xml(trailer.DisplayName)} over the whole frame");
        w.Line("/// <summary>");
        w.Line($"/// Builds the frame ({HeaderEmitter.Xml(shape)}) at the start of <paramref name=\"buffer\"/> as a chain of");
        w.Line("/// <c>FrameBuilder</c> steps over the same layers builds it: the payload, then each header from the innermost out with");
        w.Line($"/// its lengths, the selectors left at zero and its checksums filled{ending}. Allocates nothing and never throws.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"buffer\">Where the frame goes, from its first byte.</param>");
        for (int i = 0; i < layers.Count; i++)
        {
            w.Line($"/// <param name=\"{Plain(i)}\">The {HeaderEmitter.Xml(layers[i].DisplayName)} header; what the layering determines is filled in a copy.</param>");
        }
        w.Line("/// <param name=\"payload\">The data after the innermost header.</param>");
        w.Line("/// <param name=\"length\">The frame's length in bytes, when it is built.</param>");
        w.Line("/// <param name=\"error\">Why it could not be built and where, when it is not; the buffer may then hold part of a frame.</param>");
        foreach (var (layer, i) in layers.Select((layer, i) => (layer, i)).Where(p => p.layer.Variable))
        {
            w.Line($"/// <param name=\"{Plain(i)}Options\">The {HeaderEmitter.Xml(layer.DisplayName)} header's options, as many bytes as its length field gives.</param>");
        }
        w.OpenBlock($"public static bool TryBuild({Span} buffer, {string.Join(", ", parameters)}, scoped {ReadOnlySpan} payload, out int length, out {HeaderError} error{string.Concat(options.Select(o => ", " + o))})");
        w.Line("length = 0;");

        // What the layering determines is filled in a copy of each value, as the builder's pushes do.
        var fills = new bool[layers.Count];
        var fieldSelector = new SelectorSpec?[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            fieldSelector[i] = i + 1 < layers.Count
                ? layer.Selectors.FirstOrDefault(s => !s.IsLookahead && layers[i + 1].Bindings.Any(b => b.Table == s.Table))
                : null;
            fills[i] = fieldSelector[i] is not null || layer.TotalLengthField is not null || layer.Checksum != LayerChecksum.None;
            if (fills[i])
            {
                w.Line($"var value{i} = {names[i]};");
            }
        }
        string Source(int i) => fills[i] ? $"value{i}" : names[i];
        string OptionsOf(int i) => layers[i].Variable ? $"{Plain(i)}Options" : "default";

        // Where each header starts, and one test that the whole frame fits.
        for (int i = 0; i < layers.Count; i++)
        {
            w.Line($"int length{i} = {Source(i)}.HeaderLength;");
        }
        w.Line("int start0 = 0;");
        for (int i = 1; i <= layers.Count; i++)
        {
            w.Line($"int start{i} = start{i - 1} + length{i - 1};");
        }
        int n = layers.Count;
        string data = $"(long)start{n} + payload.Length";
        w.Line($"long needed = {(template.PadTo > 0 ? $"global::System.Math.Max({data}, {template.PadTo})" : data)}{(trailer is null ? "" : $" + {trailer.TypeName}.FixedLength")};");
        w.OpenBlock("if (needed > buffer.Length)");
        w.Line($"error = new {HeaderError}({Reason}.DestinationTooSmall, \"frame\", null, 0, (int)global::System.Math.Min(needed, int.MaxValue), buffer.Length);");
        w.Line("return false;");
        w.CloseBlock();
        w.Line($"int end = start{n} + payload.Length;");
        w.Line($"payload.CopyTo(buffer.Slice(start{n}));");

        int pending = -1;
        if (layers.Any(l => l.Checksum == LayerChecksum.PseudoHeaderAndPayload && l.SumsFromFields))
        {
            w.Line("ulong pendingSum = 0;");
        }
        for (int i = n - 1; i >= 0; i--)
        {
            var layer = layers[i];
            string value = Source(i);
            if (fieldSelector[i] is { } selector)
            {
                w.Line($"if (value{i}.{selector.Field} == default) value{i}.{selector.Field} = {SelectorValue(selector, layers[i + 1])};");
            }
            if (layer.TotalLengthField is { } total)
            {
                w.Line(layer.TotalLengthExcludesHeader ? $"int total{i} = end - start{i + 1};" : $"int total{i} = end - start{i};");
                w.OpenBlock($"if (total{i} > {layer.TotalLengthType}.MaxValue)");
                w.Line($"error = new {HeaderError}({Reason}.ValueOutOfRange, {layer.TypeName}.ProtocolName, \"{total}\", start{i} + {layer.TypeName}.Fields.{total}.ByteOffset, {layer.TotalLengthType}.MaxValue, total{i});");
                w.Line("return false;");
                w.CloseBlock();
                w.Line($"value{i}.{total} = ({layer.TotalLengthType})total{i};");
            }
            bool headerSum = layer.Checksum == LayerChecksum.Header && layer.SumsFromFields;
            if (headerSum)
            {
                w.Line($"value{i}.{layer.ChecksumField} = 0;");
                w.Line($"value{i}.{layer.ChecksumField} = {Checksum}.Compute(value{i}.WordSum(), {layer.TypeName}.FixedLength, {OptionsOf(i)});");
            }
            w.OpenBlock($"if (!{value}.TryWrite(buffer.Slice(start{i}, length{i}){(layer.Variable ? $", {OptionsOf(i)}" : "")}, out _, out error))");
            w.Line($"error = error with {{ Offset = error.Offset + start{i} }};");
            w.Line("return false;");
            w.CloseBlock();
            bool fillsInPlace = layer.Checksum is LayerChecksum.Header or LayerChecksum.Payload && !headerSum;
            var link = pending >= 0 ? layers[pending].PseudoLinks.FirstOrDefault(l => l.LowerType == layer.TypeName) : null;
            if (fillsInPlace || (link is not null && (!layers[pending].SumsFromFields || !link.FromValue)))
            {
                w.Line($"var view{i} = {layer.TypeName}.View.CreateUnchecked(buffer.Slice(start{i}, end - start{i}));");
            }
            if (fillsInPlace)
            {
                w.Line($"view{i}.FillChecksum();");
            }
            if (link is not null)
            {
                // The transport above, with only extension headers between, takes its pseudo-header from this layer.
                var upper = layers[pending];
                if (upper.SumsFromFields)
                {
                    string of = link.FromValue ? $"in {value}, buffer.Slice(start{i + 1}, end - start{i + 1})" : $"view{i}";
                    w.Line($"ushort pseudo{i} = {Checksum}.ComputeFollowedBy({link.PseudoType}.For({of}).WordSum(), {link.PseudoType}.FixedLength, pendingSum);");
                    w.Line($"global::HeaderGen.Wire.Put16(buffer, start{pending} + {upper.TypeName}.Fields.{upper.ChecksumField}.ByteOffset, {(upper.ChecksumZeroMeansNone ? $"pseudo{i} == 0 ? (ushort)0xFFFF : pseudo{i}" : $"pseudo{i}")});");
                }
                else
                {
                    w.Line($"{upper.TypeName}.View.CreateUnchecked(buffer.Slice(start{pending}, end - start{pending})).FillChecksum({link.PseudoType}.For(view{i}));");
                }
                pending = -1;
            }
            if (layer.Checksum == LayerChecksum.PseudoHeaderAndPayload)
            {
                if (layer.SumsFromFields)
                {
                    // Its fields with the checksum taken as zero, then its options and payload as they lie in the buffer.
                    w.Line($"var summed{i} = {value};");
                    w.Line($"summed{i}.{layer.ChecksumField} = 0;");
                    w.Line($"pendingSum = {Checksum}.Sum(summed{i}.WordSum(), {layer.TypeName}.FixedLength, buffer.Slice(start{i} + {layer.TypeName}.FixedLength, end - start{i} - {layer.TypeName}.FixedLength));");
                }
                pending = i;
            }
        }
        string padded = "end";
        if (template.PadTo > 0)
        {
            w.Line($"int padded = global::System.Math.Max(end, {template.PadTo});");
            w.Line("buffer.Slice(end, padded - end).Clear();");
            padded = "padded";
        }
        if (trailer is not null)
        {
            w.OpenBlock($"if (!{trailer.TypeName}.TryAppend(buffer, {padded}, out length))");
            w.Line($"error = new {HeaderError}({Reason}.DestinationTooSmall, {trailer.TypeName}.ProtocolName, null, {padded}, {padded} + {trailer.TypeName}.FixedLength, buffer.Length);");
            w.Line("return false;");
            w.CloseBlock();
        }
        else
        {
            w.Line($"length = {padded};");
        }
        w.Line("error = default;");
        w.Line("return true;");
        w.CloseBlock();
    }

    private static void EmitTryParse(List<LayerSpec> layers, LayerSpec? trailer, List<string> names, List<LayerSpec> graph, SourceWriter w)
    {
        string Plain(int i) => names[i].TrimStart('@');
        string shape = string.Join(", ", layers.Select(l => l.DisplayName));
        w.Line("/// <summary>");
        w.Line($"/// Reads <paramref name=\"frame\"/> as this template's layers ({HeaderEmitter.Xml(shape)}): true when <c>LayerDecoder</c>'s walk of it");
        w.Line("/// would begin with exactly these layers, each parsed and each selecting the next, with every view over the bytes the");
        w.Line("/// walk gives its layer (a total-length field's extent) and the innermost layer's payload. What the innermost layer");
        w.Line($"/// carries is not looked at{(trailer is null ? "" : ", nor is a trailer (captures carry no FCS)")}. Allocates nothing, never throws, never reads outside the frame.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"frame\">The bytes, from the outermost header's first.</param>");
        for (int i = 0; i < layers.Count; i++)
        {
            w.Line($"/// <param name=\"{Plain(i)}\">The {HeaderEmitter.Xml(layers[i].DisplayName)} header, when the frame matches.</param>");
        }
        w.Line("/// <param name=\"payload\">The innermost layer's payload, when the frame matches.</param>");
        var outs = layers.Select((layer, i) => $"out {layer.TypeName}.ReadOnlyView {names[i]}");
        w.OpenBlock($"public static bool TryParse({ReadOnlySpan} frame, {string.Join(", ", outs)}, out {ReadOnlySpan} payload)");
        for (int i = 0; i < layers.Count; i++)
        {
            w.Line($"{names[i]} = default;");
        }
        w.Line("payload = default;");
        w.Line("var data = frame;");
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var upper = i + 1 < layers.Count ? layers[i + 1] : null;
            w.OpenBlock($"// {layer.DisplayName}");
            w.OpenBlock($"if (!{layer.TypeName}.TryValidate(data, out int headerLength))");
            w.Line("return false;");
            w.CloseBlock();
            bool readsFields = layer.TotalLengthField is not null || (upper is not null && layer.Selectors.Count > 0);
            if (readsFields)
            {
                w.Line($"var view = {layer.TypeName}.ReadOnlyView.CreateUnchecked(data);");
            }
            if (layer.TotalLengthField is { } total)
            {
                // The walk's own test of the total length, and its extent.
                w.Line(layer.TotalLengthExcludesHeader ? $"int total = headerLength + view.{total};" : $"int total = view.{total};");
                w.OpenBlock(layer.TotalLengthExcludesHeader ? "if (total > data.Length)" : "if (total < headerLength || total > data.Length)");
                w.Line("return false;");
                w.CloseBlock();
                w.Line("data = data.Slice(0, total);");
            }
            w.Line($"{names[i]} = {layer.TypeName}.ReadOnlyView.CreateUnchecked(data);");
            if (upper is null)
            {
                w.Line("payload = data.Slice(headerLength);");
                w.CloseBlock();
                continue;
            }
            EmitSelects(layer, upper, graph, w);
            w.Line("data = data.Slice(headerLength);");
            w.CloseBlock();
        }
        w.Line("return true;");
        w.CloseBlock();
    }

    /// <summary>A value as the operand of <c>is</c> or <c>switch</c>: a conditional (a <c>bool</c> selector's) in parentheses.</summary>
    private static string Operand(string value) => value.Contains(" ? ") ? $"({value})" : value;

    /// <summary>
    /// Returns false unless the walk's step for <paramref name="layer"/> picks <paramref name="upper"/> next: its selectors
    /// in their order over the graph's tables (the first value bound to any layer wins), none held back, then what it carries.
    /// </summary>
    private static void EmitSelects(LayerSpec layer, LayerSpec upper, List<LayerSpec> graph, SourceWriter w)
    {
        bool carries = layer.Carries is { } carried && graph.Any(l => l.TypeName == carried);
        List<string> Values(SelectorSpec s, bool expected) => Bound(graph, s.Table)
            .Where(b => (b.Layer.TypeName == upper.TypeName) == expected).Select(b => HeaderEmitter.Hex(b.Binding.Value) + "UL").ToList();
        if (layer.Selectors.Count == 1 && !layer.Selectors[0].IsLookahead && !carries)
        {
            var only = layer.Selectors[0];
            if (only.Unless.Count > 0)
            {
                w.OpenBlock($"if (!({string.Join(" && ", only.Unless)}))");
                w.Line("return false;");
                w.CloseBlock();
            }
            var expected = Values(only, expected: true);
            w.OpenBlock($"if ({Operand(FieldValue(only))} is not ({string.Join(" or ", expected)}))");
            w.Line("return false;");
            w.CloseBlock();
            return;
        }
        // The walk's choice with kinds of this template's own: 0 none yet, 1 the layer expected, 2 another.
        string Pick(SelectorSpec s, string value)
        {
            var arms = new List<string>();
            var expected = Values(s, expected: true);
            var others = Values(s, expected: false);
            if (expected.Count > 0)
            {
                arms.Add($"{string.Join(" or ", expected)} => 1");
            }
            if (others.Count > 0)
            {
                arms.Add($"{string.Join(" or ", others)} => 2");
            }
            return arms.Count == 0 ? "0" : $"{Operand(value)} switch {{ {string.Join(", ", arms)}, _ => 0 }}";
        }
        bool holds = EmitChoice(layer, "0", (selector, value) => Pick(selector, value), carries ? (layer.Carries == upper.TypeName ? "1" : "2") : null, w);
        w.OpenBlock(holds ? "if (kind != 1 || heldBack)" : "if (kind != 1)");
        w.Line("return false;");
        w.CloseBlock();
    }
}
