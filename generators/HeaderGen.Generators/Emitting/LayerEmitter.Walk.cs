using System.Collections.Generic;
using System.Linq;
using System.Text;
using HeaderGen.Generators.Model;

namespace HeaderGen.Generators.Emitting;

/// <summary>The layer walk: the enumerator's steps, selectors and tables, and the reasons found again for a layer that does not parse.</summary>
internal static partial class LayerEmitter
{
    private static void EmitEnumerator(List<LayerSpec> layers, SourceWriter w)
    {
        w.Line("/// <summary>");
        w.Line("/// Walks a frame from its first layer up, one header per <see cref=\"MoveNext\"/>, allocating nothing: each layer's");
        w.Line("/// selector picks the next from the bindings this assembly sees. An unknown selector ends the walk with the rest as");
        w.Line("/// <see cref=\"Payload\"/>; a malformed layer ends it with <see cref=\"Error\"/> (the layer, the offset in the frame,");
        w.Line("/// the length required and present). Never throws and never reads outside the frame.");
        w.Line("/// </summary>");
        w.Line(HeaderEmitter.GeneratedCode);
        w.OpenBlock("public ref struct LayerEnumerator");
        w.Line($"private readonly {ReadOnlySpan} _frame;");
        w.Line("private int _offset;");
        w.Line("private int _end;");
        // The walk's state is a few numbers, set once per layer after its step (steps are static and report through out
        // parameters): the JIT then keeps the walk in registers when MoveNext is inlined into the caller's loop, where
        // eleven fields, each step storing its own, stayed in memory (Ethernet/IPv6/Fragment/UDP 22.4 -> 16.3 ns).
        // _next is the kind to parse next, with HeldBackFlag when the last layer held its payload back; the current layer
        // starts at _offset - _headerLength and ends at _end; _ended is End, with the kind that failed in bits 8-15.
        w.Line("private int _next;");
        w.Line("private LayerKind _kind;");
        w.Line("private int _headerLength;");
        w.Line("private int _ended;");
        w.Line("private const int HeldBackFlag = 1 << 16;");
        w.Line();
        w.Line($"internal LayerEnumerator({ReadOnlySpan} frame, LayerKind first)");
        w.Line("{");
        w.Line("    _frame = frame;");
        w.Line("    _offset = 0;");
        w.Line("    _end = frame.Length;");
        w.Line("    _next = (int)first;");
        w.Line("    _kind = LayerKind.None;");
        w.Line("    _headerLength = 0;");
        w.Line("    _ended = 0;");
        w.Line("}");
        w.Line();
        w.Summary("The layer <see cref=\"MoveNext\"/> reached.");
        w.Line("public readonly Layer Current => new Layer(_kind, _offset - _headerLength, _headerLength, _frame, _end);");
        w.Summary("Why the walk ended, once <see cref=\"MoveNext\"/> has returned false.");
        w.Line("public readonly LayerWalkEnd End => (LayerWalkEnd)(_ended & 0xFF);");
        w.Summary("Why and where a layer failed to parse, when <see cref=\"End\"/> is <see cref=\"LayerWalkEnd.Malformed\"/>; offsets are in the frame. Found again from the bytes when asked for: the walk keeps only which layer failed.");
        w.Line($"public readonly {HeaderError} Error => _ended >> 8 == 0 ? default : Explain((LayerKind)(_ended >> 8), _frame.Slice(_offset, _end - _offset)) is var error ? error with {{ Offset = error.Offset + _offset }} : default;");
        w.Summary("The bytes after the last layer: its payload (data, or a layer this decoder does not know), or the bytes that did not parse.");
        w.Line($"public readonly {ReadOnlySpan} Payload => _frame.Slice(_offset, _end - _offset);");
        w.Summary("Offset of <see cref=\"Payload\"/> in the frame.");
        w.Line("public readonly int PayloadOffset => _offset;");
        w.Summary("The last layer's <c>UnlessNonZero</c> fields held its payload back from the next layer (an IPv4 fragment: its data is a piece of a datagram, not a whole transport header).");
        w.Line("public readonly bool HeldBack => (_next & HeldBackFlag) != 0;");
        w.Summary("Lets <c>foreach</c> walk the layers; it walks a copy, so read <see cref=\"End\"/>, <see cref=\"Error\"/> and <see cref=\"Payload\"/> after a <c>while (walk.MoveNext())</c> loop instead.");
        w.Line("public readonly LayerEnumerator GetEnumerator() => this;");
        w.Line();
        w.Summary("Parses the next layer; false when the walk has ended.");
        w.Line(HeaderEmitter.Inline);
        w.OpenBlock("public bool MoveNext()");
        // The layer's bytes without a bounds check (a check and a jump on the path from one layer to the next: the IPv6 and
        // GRE walks 0.9 ns faster without it). 0 <= _offset <= _end <= _frame.Length holds at construction and after
        // every layer: each step ends in Within, which the JIT folds into the step's own length checks (the same test
        // after the steps' join cost what the bounds check did).
        w.Line("var data = global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(_frame), _offset), _end - _offset);");
        w.Line("int headerLength, length, next;");
        w.Line("bool parsed;");
        w.OpenBlock("switch (_next)");
        foreach (var layer in layers)
        {
            w.Line(IsPlainStep(layer, layers)
                ? $"case (int)LayerKind.{layer.ShortName}: parsed = Step<{layer.TypeName}>(data, out headerLength, out length, out next); break;"
                : $"case (int)LayerKind.{layer.ShortName}: parsed = Step{layer.ShortName}(data, out headerLength, out length, out next); break;");
        }
        w.Line("default:");
        w.Line("    if (_ended == 0)");
        w.Line("    {");
        w.Line("        _ended = (int)LayerWalkEnd.Payload;");
        w.Line("    }");
        w.Line("    return false;");
        w.CloseBlock();
        // Each step validates without an error report; the reason is found again from the bytes only when asked for: the
        // report (two references) would otherwise be zeroed in every step's frame (measured: Ethernet/IPv6/Hop-by-Hop/
        // Fragment/UDP decoded in 28.8 ns with reports, 23.9 without; Ethernet/IPv4/TCP 25.7 and 21.7).
        w.OpenBlock("if (!parsed)");
        w.Line("_ended = (int)LayerWalkEnd.Malformed | _next << 8;");
        w.Line("_next = 0;");
        w.Line("return false;");
        w.CloseBlock();
        w.Line("_kind = (LayerKind)_next;");
        w.Line("_headerLength = headerLength;");
        w.Line("_end = _offset + length;");
        w.Line("_offset += headerLength;");
        w.Line("_next = next;");
        w.Line("return true;");
        w.CloseBlock();
        w.Line();
        w.Summary("Why a layer of kind <paramref name=\"kind\"/> does not parse at the start of <paramref name=\"data\"/>: the checks of its step, with the report.");
        w.OpenBlock($"private static {HeaderError} Explain(LayerKind kind, {ReadOnlySpan} data)");
        w.OpenBlock("switch (kind)");
        foreach (var layer in layers)
        {
            w.Line(layer.TotalLengthField is null
                ? $"case LayerKind.{layer.ShortName}: return Why<{layer.TypeName}>(data);"
                : $"case LayerKind.{layer.ShortName}: return Why{layer.ShortName}(data);");
        }
        w.Line("default: return default;");
        w.CloseBlock();
        w.CloseBlock();
        w.Line();
        w.OpenBlock($"private static {HeaderError} Why<T>({ReadOnlySpan} data) where T : struct, global::HeaderGen.IHeader<T>");
        w.Line("T.TryValidate(data, out _, out var error);");
        w.Line("return error;");
        w.CloseBlock();
        foreach (var layer in layers.Where(l => l.TotalLengthField is not null))
        {
            // The checks a step makes beyond the header's own: its total length against its header and the data.
            string total = layer.TotalLengthField!;
            w.Line();
            w.OpenBlock($"private static {HeaderError} Why{layer.ShortName}({ReadOnlySpan} data)");
            w.OpenBlock($"if (!{layer.TypeName}.ReadOnlyView.TryCreate(data, out var view, out var error))");
            w.Line("return error;");
            w.CloseBlock();
            w.Line(layer.TotalLengthExcludesHeader ? $"int length = view.HeaderLength + view.{total};" : $"int length = view.{total};");
            if (!layer.TotalLengthExcludesHeader)
            {
                w.Line($"if (length < view.HeaderLength) return new {HeaderError}({Reason}.LengthFieldTooSmall, {layer.TypeName}.ProtocolName, \"{total}\", {layer.TypeName}.Fields.{total}.ByteOffset, view.HeaderLength, length);");
            }
            w.Line($"return length > data.Length ? new {HeaderError}({Reason}.LengthBeyondBuffer, {layer.TypeName}.ProtocolName, \"{total}\", data.Length, length, data.Length) : default;");
            w.CloseBlock();
        }

        w.Line();
        w.Line("// A step's lengths lie within its data: the walk makes the next layer's span from them without a bounds check.");
        w.Line(HeaderEmitter.Inline);
        w.Line("private static bool Within(int dataLength, int headerLength, int length) => headerLength >= 0 && headerLength <= length && length <= dataLength;");
        if (layers.Any(layer => IsPlainStep(layer, layers)))
        {
            // A layer with no selector, total length or carried layer: one generic step for all of them.
            w.Line();
            w.Line(HeaderEmitter.Inline);
            w.OpenBlock($"private static bool Step<T>({ReadOnlySpan} data, out int headerLength, out int length, out int next) where T : struct, global::HeaderGen.IHeader<T>");
            w.Line("length = data.Length;");
            w.Line("next = 0;");
            w.Line("return T.TryValidate(data, out headerLength) && Within(data.Length, headerLength, length);");
            w.CloseBlock();
        }
        foreach (var layer in layers.Where(layer => !IsPlainStep(layer, layers)))
        {
            w.Line();
            w.Line(HeaderEmitter.Inline);
            w.OpenBlock($"private static bool Step{layer.ShortName}({ReadOnlySpan} data, out int headerLength, out int length, out int next)");
            w.Line("length = data.Length;");
            w.Line("next = 0;");
            // The header's own inlined validation, then a view without a second check (ReadOnlyView.TryCreate was a call
            // for the variable headers).
            w.OpenBlock($"if (!{layer.TypeName}.TryValidate(data, out headerLength))");
            w.Line("return false;");
            w.CloseBlock();
            w.Line($"var view = {layer.TypeName}.ReadOnlyView.CreateUnchecked(data);");
            if (layer.TotalLengthField is { } total)
            {
                if (layer.TotalLengthExcludesHeader)
                {
                    w.Line($"int total = headerLength + view.{total};");
                    w.OpenBlock("if (total > data.Length)");
                }
                else
                {
                    w.Line($"int total = view.{total};");
                    w.OpenBlock("if (total < headerLength || total > data.Length)");
                }
                w.Line("return false;");
                w.CloseBlock();
                if (layer.Selectors.Any(selector => selector.IsLookahead))
                {
                    // A lookahead reads the first payload byte, which must lie within the total.
                    w.Line("data = data.Slice(0, total);");
                }
                w.Line("length = total;");
            }
            bool carries = layer.Carries is { } carriedType && layers.Any(l => l.TypeName == carriedType);
            if (layer.Selectors.Count == 1 && !layer.Selectors[0].IsLookahead && !carries)
            {
                var only = layer.Selectors[0];
                // One selector, the common case: the kind straight from its table, and a held-back payload as an early
                // return, not a flag merged into the kind (a chain of setcc the next layer's jump waited on).
                if (only.Unless.Count > 0)
                {
                    w.OpenBlock($"if (!({string.Join(" && ", only.Unless)}))");
                    w.Line("next = HeldBackFlag;");
                    w.Line("return Within(data.Length, headerLength, length);");
                    w.CloseBlock();
                }
                w.Line($"next = (int){Lookup(only)};");
                w.Line("return Within(data.Length, headerLength, length);");
                w.CloseBlock();
                continue;
            }
            var inner = layer.Carries is { } carried ? layers.FirstOrDefault(l => l.TypeName == carried) : null;
            bool holds = EmitChoice(layer, "LayerKind.None", (selector, value) => $"{TableMethod(selector.Table)}({value})",
                inner is null ? null : $"LayerKind.{inner.ShortName}", w);
            w.Line(holds ? "next = (int)kind | (heldBack ? HeldBackFlag : 0);" : "next = (int)kind;");
            w.Line("return Within(data.Length, headerLength, length);");
            w.CloseBlock();
        }

        foreach (var table in layers.SelectMany(l => l.Selectors).Select(s => s.Table).Distinct().OrderBy(t => t, System.StringComparer.Ordinal))
        {
            w.Line();
            w.Summary($"The layers bound into table \"{HeaderEmitter.Xml(table)}\".");
            var bound = Bound(layers, table).ToList();
            ulong top = bound.Count == 0 ? 0 : bound.Max(b => b.Binding.Value);
            if (top < 256 && layers.Count < 256)
            {
                // Values below 256 (IP protocols, next headers): one load from a table of kinds, not a search of the cases
                // (a compare chain, or a call per layer when not inlined).
                // Where every selector of the table is a byte or narrower, the table has all 256 entries and the byte
                // indexes it with no compare and no bounds check.
                bool bytes = layers.SelectMany(l => l.Selectors).Where(s => s.Table == table).All(s => s.Bits <= 8 && s.UnderlyingType is not ("sbyte" or "short" or "int" or "long"));
                var kinds = new int[bytes ? 256 : (int)top + 1];
                foreach (var (layer, binding) in bound)
                {
                    kinds[(int)binding.Value] = layers.IndexOf(layer) + 1;
                }
                w.Line(HeaderEmitter.Inline);
                w.Line(bytes
                    ? $"internal static LayerKind {TableMethod(table)}(ulong value) => (LayerKind){TableMethod(table)}_Kinds[(byte)value];"
                    : $"internal static LayerKind {TableMethod(table)}(ulong value) => value < {kinds.Length} ? (LayerKind){TableMethod(table)}_Kinds[(int)value] : LayerKind.None;");
                w.Line();
                w.Line($"private static {ReadOnlySpan} {TableMethod(table)}_Kinds => new byte[] {{ {string.Join(", ", kinds)} }};");
                continue;
            }
            w.Line(HeaderEmitter.Inline);
            w.OpenBlock($"internal static LayerKind {TableMethod(table)}(ulong value)");
            w.OpenBlock("switch (value)");
            foreach (var (layer, binding) in bound)
            {
                w.Line($"case {HeaderEmitter.Hex(binding.Value)}: return LayerKind.{layer.ShortName};");
            }
            w.Line("default: return LayerKind.None;");
            w.CloseBlock();
            w.CloseBlock();
        }
        w.CloseBlock();
        w.Line();
    }

    /// <summary>The kind a selector field's value is bound to: its table looked up with the field read from the view.</summary>
    private static string Lookup(SelectorSpec selector) => $"{TableMethod(selector.Table)}({FieldValue(selector)})";

    /// <summary>A selector field's value as its table takes it (a <c>ulong</c>), read from the view.</summary>
    private static string FieldValue(SelectorSpec selector) => selector.UnderlyingType == "bool"
        ? $"view.{selector.Field} ? 1UL : 0UL"
        : $"unchecked((ulong)({selector.UnderlyingType})view.{selector.Field})";

    /// <summary>
    /// The walk's choice of the next layer, shared by its steps and the frame templates' parse: a layer's selectors in
    /// their order, each looked up (<paramref name="lookup"/>: the selector and its value, as C#) while
    /// <c>kind</c> is still <paramref name="none"/>; a selector's <c>UnlessNonZero</c> fields, read once, hold the
    /// payload back (<c>heldBack</c>) and stop the lookahead; then the carried layer, if any. True when it declared
    /// <c>heldBack</c>.
    /// </summary>
    private static bool EmitChoice(LayerSpec layer, string none, System.Func<SelectorSpec, string, string> lookup, string? carried, SourceWriter w)
    {
        bool holds = layer.Selectors.Any(selector => selector.Unless.Count > 0);
        if (holds)
        {
            w.Line("bool heldBack = false;");
        }
        w.Line($"var kind = {none};");
        foreach (var (selector, index) in layer.Selectors.Select((s, i) => (s, i)))
        {
            // The UnlessNonZero fields are read once: both uses below test the same condition.
            string unless = "";
            if (selector.Unless.Count > 0)
            {
                w.Line($"bool whole{index} = {string.Join(" && ", selector.Unless)};");
                w.Line($"heldBack |= !whole{index};");
                unless = $" && whole{index}";
            }
            if (selector.IsLookahead)
            {
                w.OpenBlock(holds ? $"if (kind == {none} && !heldBack && data.Length > headerLength)" : $"if (kind == {none} && data.Length > headerLength)");
                w.Line($"kind = {lookup(selector, $"(ulong)(data[headerLength] >> {8 - selector.Bits})")};");
                w.CloseBlock();
                continue;
            }
            w.OpenBlock($"if (kind == {none}{unless})");
            w.Line($"kind = {lookup(selector, FieldValue(selector))};");
            w.CloseBlock();
        }
        if (carried is not null)
        {
            w.OpenBlock($"if (kind == {none})");
            w.Line($"kind = {carried};");
            w.CloseBlock();
        }
        return holds;
    }

    /// <summary>A layer whose step only validates it and moves on: no selector, no total length, no layer it carries.</summary>
    private static bool IsPlainStep(LayerSpec layer, List<LayerSpec> layers) =>
        layer.Selectors.Count == 0 && layer.TotalLengthField is null
        && (layer.Carries is not { } carried || !layers.Any(l => l.TypeName == carried));
}
