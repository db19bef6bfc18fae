using System;
using System.Collections.Generic;
using System.Linq;
using HeaderGen.Generators.Model;

namespace HeaderGen.Generators.Emitting;

/// <summary>The frame builder: payload, headers pushed in kernel order with their lengths, selectors and checksums filled, trailers.</summary>
internal static partial class LayerEmitter
{
    private const string Checksum = "global::HeaderGen.Checksums.InternetChecksum";

    private static void EmitBuilder(List<LayerSpec> layers, List<LayerSpec> trailers, SourceWriter w)
    {
        w.Line("/// <summary>");
        w.Line("/// Builds a frame in a caller's buffer the way the kernel does: reserve headroom, write the payload, then push each");
        w.Line("/// header in front of what is there, transport first and link last, and append the trailer. Each push fills what");
        w.Line("/// the layering determines: the length fields, a selector left at zero (the EtherType, the protocol number, the");
        w.Line("/// port) from the binding of the layer above, its own checksum, and the checksum of the layer above whose");
        w.Line("/// pseudo-header it provides (summed over the transport's bytes as they were when it was pushed: push it once its");
        w.Line("/// payload is final). Allocates nothing; a failure is kept and ends the build (see <see cref=\"Error\"/>).");
        w.Line("/// Each step changes the builder in place and returns it by reference, so a chain of steps copies nothing (a");
        w.Line("/// copy of the builder right after a step changed it would wait on store-to-load forwarding at every step).");
        w.Line("/// </summary>");
        w.Line(HeaderEmitter.GeneratedCode);
        w.OpenBlock("public ref struct FrameBuilder");
        w.Line($"private readonly {Span} _buffer;");
        w.Line("private int _start;");
        w.Line("private int _end;");
        w.Line("private LayerKind _top;");
        w.Line("// The transport whose pseudo-header checksum waits for its network layer (extension headers may come between).");
        w.Line("private LayerKind _pending;");
        w.Line("private int _pendingStart;");
        w.Line("// Its sum, taken from its fields and its payload when it was written: the pseudo-header goes in front of it.");
        w.Line("private ulong _pendingSum;");
        w.Line();
        w.Summary("Starts a frame in <paramref name=\"buffer\"/> whose data will begin at <paramref name=\"headroom\"/>, leaving room for the headers.");
        w.OpenBlock($"public FrameBuilder({Span} buffer, int headroom)");
        w.Line("_buffer = buffer;");
        w.Line("_start = _end = global::System.Math.Clamp(headroom, 0, buffer.Length);");
        w.Line("_top = _pending = LayerKind.None;");
        w.Line("_pendingStart = 0;");
        w.Line("_pendingSum = default;");
        // The error is assigned in place, never through a conditional temporary: a copy of the 40-byte struct read back
        // wider than it was written stalls store-to-load forwarding on every build.
        w.Line("_error = default;");
        w.OpenBlock("if (headroom < 0 || headroom > buffer.Length)");
        w.Line($"_error = new {HeaderError}({Reason}.DestinationTooSmall, \"frame\", null, buffer.Length, headroom, buffer.Length);");
        w.CloseBlock();
        w.CloseBlock();
        w.Line();
        w.Summary("Continues from a packet already in <paramref name=\"buffer\"/> (a router keeps the packet and wraps it in a new frame).");
        w.OpenBlock($"public static FrameBuilder Around({Span} buffer, int offset, int length, LayerKind top)");
        w.Line("var builder = new FrameBuilder(buffer, offset);");
        w.OpenBlock("if (builder._error.IsNone && (length < 0 || offset + length > buffer.Length))");
        w.Line($"builder._error = new {HeaderError}({Reason}.DestinationTooSmall, \"frame\", null, buffer.Length, offset + length, buffer.Length);");
        w.CloseBlock();
        w.Line("builder._end = builder._error.IsNone ? offset + length : builder._end;");
        w.Line("builder._top = top;");
        w.Line("return builder;");
        w.CloseBlock();
        w.Line();
        w.Summary("The first failure, if any; then every later step does nothing.");
        w.Line($"public readonly {HeaderError} Error => _error;");
        w.Line();
        w.Line($"private {HeaderError} _error;");
        w.Summary("The frame built so far.");
        w.Line($"public readonly {Span} Frame => _buffer.Slice(_start, _end - _start);");
        w.Summary("Offset of the frame's first byte in the buffer.");
        w.Line("public readonly int Offset => _start;");
        w.Summary("The layer at the front of the frame.");
        w.Line("public readonly LayerKind Top => _top;");
        w.Line();
        w.Summary("The frame, or why it could not be built.");
        w.OpenBlock($"public readonly bool TryGetFrame(out {Span} frame, out {HeaderError} error)");
        w.Line("error = _error;");
        w.Line("frame = _error.IsNone ? Frame : default;");
        w.Line("return _error.IsNone;");
        w.CloseBlock();
        w.Line();
        w.Summary("Copies <paramref name=\"data\"/> to the end of the frame (the application data, before any header).");
        w.Line(UnscopedRef);
        w.OpenBlock($"public ref FrameBuilder Payload(scoped {ReadOnlySpan} data)");
        w.OpenBlock("if (_error.IsNone)");
        w.OpenBlock("if (data.Length > _buffer.Length - _end)");
        w.Line($"_error = new {HeaderError}({Reason}.DestinationTooSmall, \"payload\", null, _end, _end + data.Length, _buffer.Length);");
        w.Line("return ref this;");
        w.CloseBlock();
        w.Line("data.CopyTo(_buffer.Slice(_end));");
        w.Line("_end += data.Length;");
        w.CloseBlock();
        w.Line("return ref this;");
        w.CloseBlock();
        w.Line();
        w.Summary("Pads the frame with zeros to at least <paramref name=\"length\"/> bytes (Ethernet's 60-byte minimum before the FCS).");
        w.Line(UnscopedRef);
        w.OpenBlock($"public ref FrameBuilder PadTo(int length)");
        w.Line("int missing = length - (_end - _start);");
        w.OpenBlock("if (_error.IsNone && missing > 0)");
        w.OpenBlock("if (missing > _buffer.Length - _end)");
        w.Line($"_error = new {HeaderError}({Reason}.DestinationTooSmall, \"padding\", null, _end, _end + missing, _buffer.Length);");
        w.Line("return ref this;");
        w.CloseBlock();
        w.Line("_buffer.Slice(_end, missing).Clear();");
        w.Line("_end += missing;");
        w.CloseBlock();
        w.Line("return ref this;");
        w.CloseBlock();

        // Who binds into which table, and who needs which lower layer for a pseudo-header: looked up per layer below,
        // built once (a scan of every layer for every layer was a quarter of a 300-header run).
        var bindersByTable = new Dictionary<string, List<LayerSpec>>(StringComparer.Ordinal);
        var needingByLower = new Dictionary<string, List<LayerSpec>>(StringComparer.Ordinal);
        foreach (var upper in layers)
        {
            foreach (var table in upper.Bindings.Select(b => b.Table).Distinct())
            {
                Add(bindersByTable, table, upper);
            }
            if (upper.Checksum == LayerChecksum.PseudoHeaderAndPayload)
            {
                foreach (var lower in upper.PseudoHeaderLowerTypes)
                {
                    Add(needingByLower, lower, upper);
                }
            }
        }
        bool plainEmitted = false;
        foreach (var layer in layers)
        {
            // The layers above that this one's first field selector can name: each upper once, in the graph's order.
            var fieldSelectors = layer.Selectors.Where(s => !s.IsLookahead).ToList();
            var upperNames = new HashSet<string>(fieldSelectors.SelectMany(s => bindersByTable.TryGetValue(s.Table, out var binders) ? binders : new List<LayerSpec>())
                .Select(u => u.TypeName), StringComparer.Ordinal);
            var uppers = upperNames.Count == 0 ? new List<LayerSpec>() : layers.Where(u => upperNames.Contains(u.TypeName)).ToList();
            var needing = needingByLower.TryGetValue(layer.TypeName, out var list) ? list : new List<LayerSpec>();
            if (!layer.Variable && uppers.Count == 0 && needing.Count == 0 && layer.TotalLengthField is null
                && layer.Checksum == LayerChecksum.None)
            {
                if (!plainEmitted)
                {
                    EmitPlainPush(w);
                    plainEmitted = true;
                }
                w.Line();
                w.Summary("Writes <paramref name=\"header\"/> in front of the frame.");
                w.Line(UnscopedRef);
                w.Line($"public ref FrameBuilder Push(in {layer.TypeName} header) => ref Push(in header, LayerKind.{layer.ShortName}, {layer.TypeName}.ProtocolName);");
                continue;
            }
            EmitPush(layer, fieldSelectors, uppers, needing, w);
        }
        foreach (var trailer in trailers)
        {
            w.Line();
            w.Summary($"Appends <see cref=\"{trailer.TypeName}\"/> computed over the whole frame.");
            w.Line(UnscopedRef);
            w.OpenBlock($"public ref FrameBuilder Append{trailer.ShortName}()");
            w.OpenBlock($"if (_error.IsNone && !{trailer.TypeName}.TryAppend(_buffer.Slice(_start), _end - _start, out _))");
            w.Line($"_error = new {HeaderError}({Reason}.DestinationTooSmall, {trailer.TypeName}.ProtocolName, null, _end, _end + {trailer.TypeName}.FixedLength, _buffer.Length);");
            w.Line("return ref this;");
            w.CloseBlock();
            w.OpenBlock("if (_error.IsNone)");
            w.Line($"_end += {trailer.TypeName}.FixedLength;");
            w.CloseBlock();
            w.Line("return ref this;");
            w.CloseBlock();
        }
        w.CloseBlock();
    }

    /// <summary>The value <paramref name="selector"/> takes for <paramref name="upper"/>, as C#: the enum member where it has one.</summary>
    private static string SelectorValue(SelectorSpec selector, LayerSpec upper)
    {
        var binding = upper.Bindings.First(b => b.Table == selector.Table);
        return selector.UnderlyingType == "bool" ? (binding.Value != 0 ? "true" : "false")
            : selector.Members.FirstOrDefault(m => m.Value == binding.Value) is { } named ? $"{selector.FieldType}.{named.Name}"
            // unchecked: a value too wide (HG0034, reported) must not add a compiler error here.
            : selector.FieldType == selector.UnderlyingType ? $"unchecked(({selector.FieldType}){HeaderEmitter.Hex(binding.Value)})"
            : $"unchecked(({selector.FieldType})({selector.UnderlyingType}){HeaderEmitter.Hex(binding.Value)}UL)";
    }

    private static void Add(Dictionary<string, List<LayerSpec>> map, string key, LayerSpec layer)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map.Add(key, list = new List<LayerSpec>());
        }
        list.Add(layer);
    }

    /// <summary>
    /// What every layer's push does and most do alone (a layer that fills no selector, length or checksum): one generic
    /// method for all of them rather than a copy each.
    /// </summary>
    private static void EmitPlainPush(SourceWriter w)
    {
        w.Line();
        w.Line(UnscopedRef);
        w.OpenBlock($"private ref FrameBuilder Push<T>(in T header, LayerKind kind, string name) where T : struct, global::HeaderGen.IHeader<T>");
        w.OpenBlock("if (!_error.IsNone)");
        w.Line("return ref this;");
        w.CloseBlock();
        w.Line("int length = header.HeaderLength;");
        w.OpenBlock("if (length > _start)");
        w.Line($"_error = new {HeaderError}({Reason}.DestinationTooSmall, name, null, 0, length, _start);");
        w.Line("return ref this;");
        w.CloseBlock();
        w.Line("int start = _start - length;");
        w.OpenBlock("if (!header.TryWrite(_buffer.Slice(start, length), out _, out var error))");
        w.Line("_error = error with { Offset = error.Offset + start };");
        w.Line("return ref this;");
        w.CloseBlock();
        w.Line("_start = start;");
        w.Line("_top = kind;");
        w.Line("return ref this;");
        w.CloseBlock();
    }

    private static void EmitPush(LayerSpec layer, List<SelectorSpec> fieldSelectors, List<LayerSpec> uppers, List<LayerSpec> needing, SourceWriter w)
    {
        string options = layer.Variable ? $", scoped {ReadOnlySpan} options = default" : "";
        w.Line();
        w.Summary($"Writes <paramref name=\"header\"/> in front of the frame{(layer.Variable ? " with its options" : "")} and fills what the layering determines.");
        w.Line(UnscopedRef);
        w.OpenBlock($"public ref FrameBuilder Push(in {layer.TypeName} header{options})");
        w.OpenBlock("if (!_error.IsNone)");
        w.Line("return ref this;");
        w.CloseBlock();
        // What the layering determines is filled in a copy of the value before it is written, so the header goes out in
        // whole words: patched in place afterwards, its 1- and 2-byte stores stalled the checksum's wider loads over them.
        // A header with a generated WordSum() has its checksum summed from the value it writes, never read back: a load
        // of bytes that smaller or larger stores have just written waits for them to retire (store-to-load forwarding).
        bool headerSum = layer.Checksum == LayerChecksum.Header && layer.SumsFromFields;
        bool pendingSum = layer.Checksum == LayerChecksum.PseudoHeaderAndPayload && layer.SumsFromFields;
        bool fills = uppers.Count > 0 || layer.TotalLengthField is not null || headerSum || pendingSum || needing.Count > 0;
        string source = fills ? "value" : "header";
        if (fills)
        {
            w.Line("var value = header;");
        }
        if (uppers.Count > 0)
        {
            // Fill the first selector with a binding for the layer on top, if the caller left it at zero.
            // A [PayloadSelector] has no field to fill: the payload's own bits say what it is.
            // One switch expression a selector field, one arm a layer (a selector as wide as UDP's port table has an arm
            // for every header bound to it): a third of the text of a statement a layer, and less for the compiler.
            foreach (var group in uppers.Select(upper => (upper, selector: fieldSelectors.First(s => upper.Bindings.Any(b => b.Table == s.Table))))
                .GroupBy(u => u.selector.Field))
            {
                var selector = group.First().selector;
                w.Line($"if (value.{selector.Field} == default) value.{selector.Field} = _top switch");
                w.Line("{");
                foreach (var (upper, _) in group)
                {
                    w.Line($"    LayerKind.{upper.ShortName} => {SelectorValue(selector, upper)},");
                }
                w.Line("    _ => default,");
                w.Line("};");
            }
        }
        w.Line($"int length = {source}.HeaderLength;");
        w.OpenBlock("if (length > _start)");
        w.Line($"_error = new {HeaderError}({Reason}.DestinationTooSmall, {layer.TypeName}.ProtocolName, null, 0, length, _start);");
        w.Line("return ref this;");
        w.CloseBlock();
        w.Line("int start = _start - length;");
        if (layer.TotalLengthField is { } total)
        {
            w.Line(layer.TotalLengthExcludesHeader ? "int total = _end - start - length;" : "int total = _end - start;");
            w.OpenBlock($"if (total > {layer.TotalLengthType}.MaxValue)");
            w.Line($"_error = new {HeaderError}({Reason}.ValueOutOfRange, {layer.TypeName}.ProtocolName, \"{total}\", start + {layer.TypeName}.Fields.{total}.ByteOffset, {layer.TotalLengthType}.MaxValue, total);");
            w.Line("return ref this;");
            w.CloseBlock();
            w.Line($"value.{total} = ({layer.TotalLengthType})total;");
        }
        if (headerSum)
        {
            w.Line($"value.{layer.ChecksumField} = 0;");
            w.Line($"value.{layer.ChecksumField} = {Checksum}.Compute(value.WordSum(), {layer.TypeName}.FixedLength, {(layer.Variable ? "options" : "default")});");
        }
        w.OpenBlock($"if (!{source}.TryWrite(_buffer.Slice(start, length){(layer.Variable ? ", options" : "")}, out _, out var error))");
        w.Line("_error = error with { Offset = error.Offset + start };");
        w.Line("return ref this;");
        w.CloseBlock();
        // The view over what was written, only where something reads it (a checksum filled in place, a pseudo-header
        // read from the bytes): its slice is a bounds check and a live value in a push that has many.
        bool fillsInPlace = layer.Checksum is LayerChecksum.Header or LayerChecksum.Payload && !headerSum;
        if (fillsInPlace || needing.Any(upper => !upper.SumsFromFields || !upper.PseudoLinks.First(link => link.LowerType == layer.TypeName).FromValue))
        {
            w.Line($"var view = {layer.TypeName}.View.CreateUnchecked(_buffer.Slice(start, _end - start));");
        }
        if (fillsInPlace)
        {
            w.Line("view.FillChecksum();");
        }
        // The transport above, with only extension headers between, may need this one for its pseudo-header: summed once
        // for every transport that sums from its fields over the same pseudo-header, each writing its own checksum field.
        foreach (var group in needing.Where(upper => upper.SumsFromFields)
            .GroupBy(upper => upper.PseudoLinks.First(link => link.LowerType == layer.TypeName)))
        {
            var link = group.Key;
            var summing = group.ToList();
            string of = link.FromValue ? "in value, _buffer.Slice(start + length, _end - start - length)" : "view";
            string Offset(LayerSpec upper) => $"{upper.TypeName}.Fields.{upper.ChecksumField}.ByteOffset";
            string at = summing.Count == 1 ? Offset(summing[0])
                : $"(_pending switch {{ {string.Join(", ", summing.Take(summing.Count - 1).Select(u => $"LayerKind.{u.ShortName} => {Offset(u)}"))}, _ => {Offset(summing[summing.Count - 1])} }})";
            var zeroIsNone = summing.Where(u => u.ChecksumZeroMeansNone).ToList();
            string value = zeroIsNone.Count == 0 ? "pseudoSum"
                : zeroIsNone.Count == summing.Count ? "pseudoSum == 0 ? (ushort)0xFFFF : pseudoSum"
                : $"pseudoSum == 0 && _pending is {string.Join(" or ", zeroIsNone.Select(u => $"LayerKind.{u.ShortName}"))} ? (ushort)0xFFFF : pseudoSum";
            w.OpenBlock($"if (_pending is {string.Join(" or ", summing.Select(u => $"LayerKind.{u.ShortName}"))})");
            w.Line($"ushort pseudoSum = {Checksum}.ComputeFollowedBy({link.PseudoType}.For({of}).WordSum(), {link.PseudoType}.FixedLength, _pendingSum);");
            w.Line($"global::HeaderGen.Wire.Put16(_buffer, _pendingStart + {at}, {value});");
            w.Line("_pending = LayerKind.None;");
            w.CloseBlock();
        }
        var filled = needing.Where(upper => !upper.SumsFromFields).ToList();
        if (filled.Count > 0)
        {
            w.OpenBlock("switch (_pending)");
            foreach (var upper in filled)
            {
                string pseudo = upper.PseudoLinks.First(link => link.LowerType == layer.TypeName).PseudoType;
                w.Line($"case LayerKind.{upper.ShortName}:");
                w.Line($"    {upper.TypeName}.View.CreateUnchecked(_buffer.Slice(_pendingStart, _end - _pendingStart)).FillChecksum({pseudo}.For(view));");
                w.Line("    _pending = LayerKind.None;");
                w.Line("    break;");
            }
            w.CloseBlock();
        }
        if (pendingSum)
        {
            // Its fields with the checksum taken as zero (the value keeps the caller's until the layer below fills it: with
            // no such layer, what the caller set is what is sent), then its options and payload as they lie in the buffer.
            w.Line("var summed = value;");
            w.Line($"summed.{layer.ChecksumField} = 0;");
            w.Line($"_pendingSum = {Checksum}.Sum(summed.WordSum(), {layer.TypeName}.FixedLength, _buffer.Slice(start + {layer.TypeName}.FixedLength, _end - start - {layer.TypeName}.FixedLength));");
        }
        if (layer.Checksum == LayerChecksum.PseudoHeaderAndPayload)
        {
            w.Line($"_pending = LayerKind.{layer.ShortName};");
            w.Line("_pendingStart = start;");
        }
        w.Line("_start = start;");
        w.Line($"_top = LayerKind.{layer.ShortName};");
        w.Line("return ref this;");
        w.CloseBlock();
    }
}
