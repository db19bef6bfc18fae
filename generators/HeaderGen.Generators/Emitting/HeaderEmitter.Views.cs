using HeaderGen.Generators.Model;

namespace HeaderGen.Generators.Emitting;

/// <summary>The zero-copy views: a property per field reading (and in the mutable view writing) the bytes in place.</summary>
internal static partial class HeaderEmitter
{
    private static void EmitView(HeaderSpec spec, SourceWriter w, bool mutable, bool interfaces)
    {
        string name = mutable ? "View" : "ReadOnlyView";
        string span = mutable ? Span : ReadOnlySpan;
        // The members the view interfaces declare carry their documentation: inherited where the view implements the
        // interface (C# 13 and later), referred to where it cannot.
        string face = mutable ? "IHeaderView" : "IReadOnlyHeaderView";
        string spanCref = mutable ? "global::System.Span{byte}" : "global::System.ReadOnlySpan{byte}";
        string Inherited(string member) => interfaces ? InheritDoc : $"/// <inheritdoc cref=\"global::HeaderGen.{face}{{TSelf, THeader}}.{member}\"/>";
        w.Summary(mutable
            ? $"A zero-copy view of the {Xml(spec.DisplayName)} header at the start of a writable buffer, reading and writing fields in place."
            : $"A zero-copy view of the {Xml(spec.DisplayName)} header at the start of a buffer, reading fields in place; once <c>TryCreate</c> has validated the buffer, no property reads outside it.");
        w.Line($"/// <inheritdoc cref=\"{spec.TypeName}\" path=\"/remarks\"/>");
        w.Line(GeneratedCode);
        w.OpenBlock($"public readonly ref struct {name}{(interfaces ? $" : global::HeaderGen.{face}<{name}, {spec.TypeName}>" : "")}");
        w.Line($"private readonly {span} _buffer;");
        w.Line();
        w.Line($"private {name}({span} buffer) => _buffer = buffer;");
        w.Line();

        foreach (bool withError in new[] { true, false })
        {
            string error = withError ? ", out error" : "";
            w.Line(Inherited($"TryCreate({spanCref}, out TSelf{(withError ? ", out global::HeaderGen.HeaderError" : "")})"));
            string signature = $"public static bool TryCreate({span} buffer, out {name} view{(withError ? $", out {HeaderError} error" : "")})";
            if (interfaces)
            {
                // The runtime's HeaderView.Create (a ref struct as a type argument needs C# 13) keeps the branches.
                w.Line($"{signature} => global::HeaderGen.HeaderView.Create(TryValidate(buffer, out _{error}), new {name}(buffer), out view);");
                w.Line();
                continue;
            }
            w.OpenBlock(signature);
            // Branches, not a conditional expression: the JIT keeps the success path straight (measured: the UDP-frame
            // view benchmark 1.25 times hand-written with `view = valid ? new(buffer) : default`, 0.9 with this).
            w.Line($"if (TryValidate(buffer, out _{error})) {{ view = new {name}(buffer); return true; }}");
            w.Line("view = default;");
            w.Line("return false;");
            w.CloseBlock();
            w.Line();
        }
        w.Line(Inherited($"CreateUnchecked({spanCref})"));
        w.Line($"public static {name} CreateUnchecked({span} buffer) => new {name}(buffer);");
        w.Line();
        if (mutable)
        {
            w.Summary("The same bytes, read-only.");
            w.Line(Inline);
            w.Line($"public static implicit operator ReadOnlyView(View view) => ReadOnlyView.CreateUnchecked(view._buffer);");
            w.Line();
        }
        w.Line(Inherited("Buffer"));
        w.Line($"public {span} Buffer => _buffer;");
        w.Line();
        if (mutable)
        {
            w.Line(Inherited("HeaderLength"));
            w.Line("public int HeaderLength => ((ReadOnlyView)this).HeaderLength;");
            w.Line();
        }
        else
        {
            EmitHeaderLength(spec, w, "public int HeaderLength", "", Inherited("HeaderLength"), inValue: false);
        }
        w.Line(Inherited("Header"));
        w.Line($"public {span} Header => _buffer.Slice(0, HeaderLength);");
        w.Line();
        if (spec.IsVariableLength)
        {
            Doc(w, mutable, "Options", "The options: the bytes between the fixed part and the header length.");
            w.Line($"public {span} Options => _buffer.Slice(FixedLength, HeaderLength - FixedLength);");
            w.Line();
            if (spec.OptionElement is { } element)
            {
                Doc(w, mutable, "OptionList", "The options region's elements, each checked by its own header's length as the walk reaches it.");
                w.Line($"public global::HeaderGen.Options.OptionList<{element}> OptionList => new(Options);");
                w.Line();
            }
        }
        w.Line(Inherited("Payload"));
        w.Line($"public {span} Payload => _buffer.Slice(HeaderLength);");

        foreach (var field in spec.Fields)
        {
            w.Line();
            // The writable view's properties say what the read-only view's say; the text is written once.
            w.Line(mutable ? $"/// <inheritdoc cref=\"ReadOnlyView.{field.Name}\"/>"
                : field.Summary.Length > 0 ? $"/// <summary>{field.Summary} <c>{field.Name}</c>: {Position(spec, field)}.</summary>"
                : $"/// <summary>{Xml(field.Name)}: {Position(spec, field)}.</summary>");
            if (field.IsOptional)
            {
                EmitOptionalProperty(spec, field, w, mutable);
                continue;
            }
            EmitViewProperty(field, w, mutable);
        }
        w.Line();
        ChecksumEmitter.EmitViewMembers(spec, w, mutable);

        if (mutable)
        {
            w.Line(Inherited("ToValue"));
            w.Line($"public {spec.TypeName} ToValue() => ((ReadOnlyView)this).ToValue();");
            w.Line();
            w.Line("/// <inheritdoc cref=\"ReadOnlyView.ToString\"/>");
            w.Line("public override string ToString() => ToValue().ToString();");
            w.CloseBlock();
            return;
        }
        w.Line(Inherited("ToValue"));
        w.OpenBlock($"public {spec.TypeName} ToValue()");
        w.Line($"var value = default({spec.TypeName});");
        foreach (var field in spec.Fields)
        {
            // "this.": a field named "value" is the property, not the local.
            w.Line(field.Kind == FieldKind.ByteRun ? $"this.{field.Name}.CopyTo(value.{field.Name});" : $"value.{field.Name} = this.{field.Name};");
        }
        w.Line("return value;");
        w.CloseBlock();
        w.Line();
        w.Summary("The fields by name and value, as the value's <c>ToString</c> shows them.");
        w.Line("public override string ToString() => ToValue().ToString();");
        w.CloseBlock();
        w.Line();
    }

    /// <summary>The read-only view's summary, or in the writable view a reference to it: the text is written once.</summary>
    private static void Doc(SourceWriter w, bool mutable, string member, string summary)
    {
        if (mutable)
        {
            w.Line($"/// <inheritdoc cref=\"ReadOnlyView.{member}\"/>");
        }
        else
        {
            w.Summary(summary);
        }
    }

    private static void EmitViewProperty(FieldSpec field, SourceWriter w, bool mutable)
    {
        string get, set;
        switch (field.Kind)
        {
            case FieldKind.ByteRun:
                w.Line($"public {(mutable ? Span : ReadOnlySpan)} {field.Name} => _buffer.Slice({field.ByteOffset}, {field.ByteSpan});");
                return;
            case FieldKind.UInt128:
                string le = BitCodec.Le(field);
                get = $"global::HeaderGen.Wire.U128{le}(_buffer, {field.ByteOffset})";
                set = $"global::HeaderGen.Wire.Put128{le}(_buffer, {field.ByteOffset}, value)";
                break;
            case FieldKind.WireValue:
                // Whole bytes read and written by the type's own methods.
                string slice = $"_buffer.Slice({field.ByteOffset}, {field.ByteSpan})";
                get = $"{field.TypeName}.Read({slice})";
                set = $"value.Write({slice})";
                break;
            default:
                get = BitCodec.Read(field, "_buffer");
                if (mutable && "((ReadOnlyView)this).".Length + field.Name.Length < get.Length)
                {
                    get = $"((ReadOnlyView)this).{field.Name}";
                }
                set = mutable ? BitCodec.Setter(field, "_buffer", "value")! : "";
                if (set is null)
                {
                    EmitSetterBlock(field, w, get);
                    return;
                }
                break;
        }
        w.Line(mutable ? $"public {field.TypeName} {field.Name} {{ get => {get}; set => {set}; }}" : $"public {field.TypeName} {field.Name} => {get};");
    }

    /// <summary>A setter of a field whose bits span 3, 5, 6, 7 or 9 bytes: a range check and the statements that write it.</summary>
    private static void EmitSetterBlock(FieldSpec field, SourceWriter w, string get)
    {
        w.OpenBlock($"public {field.TypeName} {field.Name}");
        w.Line($"get => {get};");
        w.OpenBlock("set");
        if (field.NeedsRangeCheck)
        {
            w.Line($"if ({BitCodec.OutOfRange(field, "value")}) global::HeaderGen.ThrowHelper.FieldOutOfRange(ProtocolName, \"{field.Name}\", {BitCodec.Hex(field.Mask, "UL")}, unchecked((long){BitCodec.AsULong(field, "value")}));");
        }
        foreach (var statement in BitCodec.Write(field, "_buffer", "value"))
        {
            w.Line(statement);
        }
        w.CloseBlock();
        w.CloseBlock();
    }

    /// <summary>
    /// An optional field: null when its condition does not hold. The writable view sets it only where it is present
    /// (adding it would move the bytes after it): null, or a field that is absent, throws.
    /// </summary>
    private static void EmitOptionalProperty(HeaderSpec spec, FieldSpec field, SourceWriter w, bool mutable)
    {
        string condition = OptionalFields.Condition(spec, field, "");
        string offset = OptionalFields.Offset(spec, field);
        string get = mutable ? $"((ReadOnlyView)this).{field.Name}" : $"{condition} ? {OptionalFields.ReadAt(field, "_buffer", offset)} : null";
        if (!mutable)
        {
            w.Line($"public {field.TypeName}? {field.Name} => {get};");
            return;
        }
        w.OpenBlock($"public {field.TypeName}? {field.Name}");
        w.Line($"get => {get};");
        w.OpenBlock("set");
        w.Line($"if (value is not {{ }} present || !({condition})) global::HeaderGen.ThrowHelper.FieldAbsent(ProtocolName, \"{field.Name}\");");
        w.Line("else " + OptionalFields.WriteAt(field, "_buffer", offset, "present"));
        w.CloseBlock();
        w.CloseBlock();
    }

    private static string Position(HeaderSpec spec, FieldSpec field)
    {
        if (field.IsOptional)
        {
            return OptionalFields.Position(spec, field);
        }
        if (field.BitOffset % 8 == 0 && field.BitWidth % 8 == 0)
        {
            int last = field.ByteOffset + field.BitWidth / 8 - 1;
            return field.BitWidth == 8 ? $"byte {field.ByteOffset}" : $"bytes {field.ByteOffset}..{last}";
        }
        int firstBit = field.BitOffset, lastBit = field.BitOffset + field.BitWidth - 1;
        return field.BitWidth == 1
            ? $"bit {firstBit} (byte {field.ByteOffset}, mask {BitCodec.Hex(1UL << (7 - firstBit % 8), "")})"
            : $"bits {firstBit}..{lastBit} ({field.BitWidth} bits from byte {field.ByteOffset})";
    }
}
