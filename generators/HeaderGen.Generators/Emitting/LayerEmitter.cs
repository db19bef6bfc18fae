using System.Collections.Generic;
using System.Linq;
using System.Text;
using HeaderGen.Generators.Model;

namespace HeaderGen.Generators.Emitting;

/// <summary>
/// Writes one compilation's layer code from its graph: <c>LayerKind</c>, the <c>Layer</c> view, the
/// allocation-free <c>LayerEnumerator</c> that walks a frame from the link layer up, <c>LayerDecoder</c> with
/// <c>Describe</c> and <c>HexDump</c>, and the <c>FrameBuilder</c> that encapsulates a payload layer by layer.
/// </summary>
internal static partial class LayerEmitter
{
    private const string HeaderError = "global::HeaderGen.HeaderError";
    private const string Reason = "global::HeaderGen.HeaderErrorReason";
    private const string Span = "global::System.Span<byte>";
    private const string ReadOnlySpan = "global::System.ReadOnlySpan<byte>";
    private const string UnscopedRef = "[global::System.Diagnostics.CodeAnalysis.UnscopedRef]";

    /// <summary>The decoder's namespace: the assembly's <c>[assembly: LayersNamespace]</c>, or its name as a dotted identifier.</summary>
    public static string NamespaceFor(Microsoft.CodeAnalysis.Compilation compilation)
    {
        foreach (var attribute in compilation.Assembly.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == Parsing.AttributeNames.LayersNamespace
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string { Length: > 0 } name)
            {
                return NamespaceFor(name);
            }
        }
        return NamespaceFor(compilation.AssemblyName);
    }

    /// <summary>A dotted name made a valid namespace: each part an identifier.</summary>
    public static string NamespaceFor(string? assemblyName)
    {
        var parts = (assemblyName ?? "HeaderGenLayers").Split('.')
            .Select(part => new string(part.Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_').ToArray()))
            .Select(part => part.Length == 0 || char.IsDigit(part[0]) ? "_" + part : part);
        return string.Join(".", parts);
    }

    public static Microsoft.CodeAnalysis.Text.SourceText Emit(LayerGraphSpec graph, LanguageFeatures language)
    {
        var layers = graph.Layers.Where(l => l.IsLayer).ToList();
        var trailers = graph.Layers.Where(l => l.IsTrailer).ToList();
        var w = new SourceWriter(language.Documented);
        HeaderEmitter.FileHeader(w);
        w.OpenNamespace(graph.Namespace, language.FileScopedNamespace);
        EmitKind(layers, w);
        EmitLayer(layers, w);
        EmitEnumerator(layers, w);
        EmitDecoder(layers, w);
        EmitBuilder(layers, trailers, w);
        w.CloseNamespace();
        return w.ToSourceText();
    }

    private static void EmitKind(List<LayerSpec> layers, SourceWriter w)
    {
        w.Summary("The layers this assembly's decoder knows: its own headers and those of the assemblies it references.");
        w.Line(HeaderEmitter.GeneratedCode);
        w.OpenBlock("public enum LayerKind");
        w.Summary("No layer: the end of the walk.");
        w.Line("None = 0,");
        foreach (var layer in layers)
        {
            w.Summary($"<see cref=\"{layer.TypeName}\"/> ({HeaderEmitter.Xml(layer.DisplayName)}).");
            w.Line($"{layer.ShortName},");
        }
        w.CloseBlock();
        w.Line();
        w.Summary("Why a walk over a frame stopped.");
        w.Line(HeaderEmitter.GeneratedCode);
        w.OpenBlock("public enum LayerWalkEnd");
        w.Summary("The walk is still going.");
        w.Line("None = 0,");
        w.Summary("The last layer names no next layer this decoder knows; the rest is its payload.");
        w.Line("Payload,");
        w.Summary("A layer did not parse; <c>Error</c> says where and why.");
        w.Line("Malformed,");
        w.CloseBlock();
        w.Line();
    }

    private static void EmitLayer(List<LayerSpec> layers, SourceWriter w)
    {
        w.Summary("One layer of a decoded frame: its kind, where it starts in the frame, and its bytes (header and payload, as far as its length fields say).");
        // Said once here, not on each layer's As method.
        w.Line("/// <remarks>Each <c>As</c> method gives the layer as its header's view, and throws <see cref=\"global::System.InvalidOperationException\"/> when <see cref=\"Kind\"/> is another layer.</remarks>");
        w.Line(HeaderEmitter.GeneratedCode);
        w.OpenBlock("public readonly ref struct Layer");
        // The frame and the layer's bounds, sliced when Data is asked for: a walk that only looks at Kind does not pay
        // for a slice (and its bounds check) per layer.
        w.Line($"private readonly {ReadOnlySpan} _frame;");
        w.Line("private readonly int _end;");
        w.Line();
        w.Line($"internal Layer(LayerKind kind, int offset, int headerLength, {ReadOnlySpan} frame, int end)");
        w.Line("{");
        w.Line("    Kind = kind;");
        w.Line("    Offset = offset;");
        w.Line("    HeaderLength = headerLength;");
        w.Line("    _frame = frame;");
        w.Line("    _end = end;");
        w.Line("}");
        w.Line();
        w.Summary("Which header this is.");
        w.Line("public LayerKind Kind { get; }");
        w.Summary("Offset of the header's first byte in the frame.");
        w.Line("public int Offset { get; }");
        w.Summary("The header's length in bytes, options included.");
        w.Line("public int HeaderLength { get; }");
        w.Summary("The header and its payload.");
        w.Line($"public {ReadOnlySpan} Data => _frame.Slice(Offset, _end - Offset);");
        w.Summary("The header's bytes.");
        w.Line($"public {ReadOnlySpan} Header => Data.Slice(0, HeaderLength);");
        w.Summary("The bytes after the header: the next layer, or data.");
        w.Line($"public {ReadOnlySpan} Payload => Data.Slice(HeaderLength);");
        w.Summary("Offset of the payload's first byte in the frame.");
        w.Line("public int PayloadOffset => Offset + HeaderLength;");
        foreach (var layer in layers)
        {
            w.Line();
            w.Summary($"This layer as a <see cref=\"{layer.TypeName}\"/> view.");
            w.Line($"public {layer.TypeName}.ReadOnlyView As{layer.ShortName}() => Kind == LayerKind.{layer.ShortName} ? {layer.TypeName}.ReadOnlyView.CreateUnchecked(Data) : throw NotA(Kind, LayerKind.{layer.ShortName});");
        }
        w.Line();
        // One message for every As method: an interpolated string in each cost the user's compile a handler per layer.
        // Static: an instance method here takes the layer by reference, and a layer whose address is taken stays in memory
        // in the caller's loop (Ethernet/IPv6/Fragment/UDP decoded 2 ns faster with it static).
        w.Line("private static global::System.InvalidOperationException NotA(LayerKind actual, LayerKind wanted) => new($\"The layer is {actual}, not {wanted}.\");");
        w.Line();
        w.Summary("The header's fields by name and value.");
        w.OpenBlock("public override string ToString()");
        w.OpenBlock("switch (Kind)");
        foreach (var layer in layers)
        {
            w.Line($"case LayerKind.{layer.ShortName}: return As{layer.ShortName}().ToString();");
        }
        w.Line("default: return \"(none)\";");
        w.CloseBlock();
        w.CloseBlock();
        w.CloseBlock();
        w.Line();
    }

    private static void EmitDecoder(List<LayerSpec> layers, SourceWriter w)
    {
        var link = layers.FirstOrDefault(l => l.LinkLayer);
        w.Summary("Decodes frames over the layers this assembly sees, and shows them.");
        w.Line(HeaderEmitter.GeneratedCode);
        w.OpenBlock("public static class LayerDecoder");
        if (link is not null)
        {
            w.Summary($"Walks <paramref name=\"frame\"/> from its <see cref=\"{link.TypeName}\"/> header up (the frame without its FCS).");
            w.Line($"public static LayerEnumerator Decode({ReadOnlySpan} frame) => new LayerEnumerator(frame, LayerKind.{link.ShortName});");
            w.Line();
        }
        w.Summary("Walks <paramref name=\"data\"/> starting with a header of kind <paramref name=\"first\"/>.");
        w.Line($"public static LayerEnumerator Decode({ReadOnlySpan} data, LayerKind first) => new LayerEnumerator(data, first);");
        w.Line();

        w.Line("/// <summary>");
        w.Line("/// A Wireshark-like description: one line per layer with its byte range, every field, and the verdict of each");
        w.Line("/// checksum it carries; then the payload, or why the walk stopped. Allocates (it is for people).");
        w.Line("/// </summary>");
        if (link is not null)
        {
            w.Line($"public static string Describe({ReadOnlySpan} frame) => Describe(frame, LayerKind.{link.ShortName});");
            w.Line();
            w.Summary("The same description, for data that starts with a header of kind <paramref name=\"first\"/>.");
        }
        w.OpenBlock($"public static string Describe({ReadOnlySpan} data, LayerKind first)");
        w.Line("var text = new global::System.Text.StringBuilder();");
        w.Line("var walk = new LayerEnumerator(data, first);");
        w.Line("var previous = LayerKind.None;");
        w.Line($"{ReadOnlySpan} previousData = default;");
        w.OpenBlock("while (walk.MoveNext())");
        w.Line("var layer = walk.Current;");
        // The text that does not depend on the layers is the runtime's (LayerText), written once.
        w.Line("global::HeaderGen.LayerText.AppendLayer(text, layer.Offset, layer.PayloadOffset, layer.ToString(), Verdict(layer, previous, previousData));");
        if (layers.Any(l => l.OptionElement is not null))
        {
            w.Line("DescribeOptions(layer, text);");
        }
        // The nearest layer below that a pseudo-header is built from (IPv6's, past its extension headers).
        var lowerTypes = new HashSet<string>(layers.SelectMany(u => u.PseudoLinks).Select(link => link.LowerType), System.StringComparer.Ordinal);
        var pseudoLowers = layers.Where(l => lowerTypes.Contains(l.TypeName)).Select(l => $"LayerKind.{l.ShortName}").ToList();
        if (pseudoLowers.Count > 0)
        {
            w.OpenBlock($"if (layer.Kind is {string.Join(" or ", pseudoLowers)})");
            w.Line("previous = layer.Kind;");
            w.Line("previousData = layer.Data;");
            w.CloseBlock();
        }
        w.CloseBlock();
        w.Line("global::HeaderGen.LayerText.AppendEnd(text, data.Length, walk.End == LayerWalkEnd.Malformed, walk.Error, walk.PayloadOffset, walk.Payload.Length, walk.HeldBack);");
        w.Line("return text.ToString();");
        w.CloseBlock();
        w.Line();

        var listing = layers.Where(l => l.OptionElement is not null).ToList();
        if (listing.Count > 0)
        {
            // The elements of each options region declared with [Options], one line each, and where a bad length stops them.
            w.OpenBlock("private static void DescribeOptions(Layer layer, global::System.Text.StringBuilder text)");
            w.OpenBlock("switch (layer.Kind)");
            foreach (var layer in listing)
            {
                w.Line($"case LayerKind.{layer.ShortName}: {layer.TypeName}.ReadOnlyView.CreateUnchecked(layer.Data).OptionList.Describe(text, layer.Offset + {layer.TypeName}.FixedLength); break;");
            }
            w.CloseBlock();
            w.CloseBlock();
            w.Line();
        }
        w.OpenBlock($"private static string Verdict(Layer layer, LayerKind previous, {ReadOnlySpan} previousData)");
        w.OpenBlock("switch (layer.Kind)");
        foreach (var layer in layers.Where(l => l.Checksum != LayerChecksum.None))
        {
            string view = $"{layer.TypeName}.ReadOnlyView.CreateUnchecked(layer.Data)";
            if (layer.Checksum != LayerChecksum.PseudoHeaderAndPayload)
            {
                string absent = layer.OptionalChecksumField is { } optional ? $"{view}.{optional} is null ? \"\" : " : "";
                w.Line($"case LayerKind.{layer.ShortName}: return {absent}{view}.VerifyChecksum() ? \"  [checksum good]\" : \"  [checksum BAD]\";");
                continue;
            }
            w.Line($"case LayerKind.{layer.ShortName}:");
            foreach (var lower in layers.Where(l => layer.PseudoHeaderLowerTypes.Contains(l.TypeName)))
            {
                string pseudo = layer.PseudoLinks.First(link => link.LowerType == lower.TypeName).PseudoType;
                w.Line($"    if (previous == LayerKind.{lower.ShortName})");
                w.Line("    {");
                w.Line($"        return {view}.VerifyChecksum({pseudo}.For({lower.TypeName}.ReadOnlyView.CreateUnchecked(previousData))) ? \"  [checksum good]\" : \"  [checksum BAD]\";");
                w.Line("    }");
            }
            w.Line("    return \"  [checksum not checked: no pseudo-header for the layer below]\";");
        }
        w.Line("default: return \"\";");
        w.CloseBlock();
        w.CloseBlock();
        w.Line();

        w.Line("/// <summary>");
        w.Line("/// A hex dump, 16 bytes a line, with a row under each line marking which layer every byte belongs to");
        w.Line("/// (digits number the layers as <see cref=\"Describe(global::System.ReadOnlySpan{byte}, LayerKind)\"/> lists them, '.' is payload, '!' did not parse).");
        w.Line("/// </summary>");
        w.OpenBlock($"public static string HexDump({ReadOnlySpan} data, LayerKind first)");
        w.Line("var marks = new char[data.Length];");
        w.Line("global::System.Array.Fill(marks, ' ');");
        w.Line("var walk = new LayerEnumerator(data, first);");
        w.Line("int index = 0;");
        w.OpenBlock("while (walk.MoveNext())");
        w.Line("char mark = index < 9 ? (char)('1' + index) : (char)('a' + index - 9);");
        w.Line("global::System.Array.Fill(marks, mark, walk.Current.Offset, walk.Current.HeaderLength);");
        w.Line("index++;");
        w.CloseBlock();
        w.Line("global::System.Array.Fill(marks, walk.End == LayerWalkEnd.Malformed ? '!' : '.', walk.PayloadOffset, walk.Payload.Length);");
        w.Line("return global::HeaderGen.LayerText.HexDump(data, marks);");
        w.CloseBlock();
        if (link is not null)
        {
            w.Line();
            w.Summary("The hex dump of a frame that starts with its link-layer header.");
            w.Line($"public static string HexDump({ReadOnlySpan} frame) => HexDump(frame, LayerKind.{link.ShortName});");
        }
        w.CloseBlock();
        w.Line();
    }

    private static IEnumerable<(LayerSpec Layer, BindingSpec Binding)> Bound(List<LayerSpec> layers, string table)
    {
        var seen = new HashSet<ulong>();
        foreach (var layer in layers)
        {
            foreach (var binding in layer.Bindings)
            {
                // A conflicting second binding is a diagnostic; the decoder keeps the first.
                if (binding.Table == table && seen.Add(binding.Value))
                {
                    yield return (layer, binding);
                }
            }
        }
    }

    private static string TableMethod(string table)
    {
        var name = new StringBuilder("Table_");
        foreach (char c in table)
        {
            name.Append(char.IsLetterOrDigit(c) ? c : '_');
        }
        return name.ToString();
    }

}
