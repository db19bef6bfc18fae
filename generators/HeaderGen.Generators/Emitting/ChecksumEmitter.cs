using System.Linq;
using System.Globalization;
using HeaderGen.Generators.Model;

namespace HeaderGen.Generators.Emitting;

/// <summary>
/// Writes the checksum and CRC members of a header: compute, verify and fill on the views, RFC 1624 incremental
/// updates per field, and the CRC engine and trailer helpers. All arithmetic is in the runtime library
/// (<c>InternetChecksum</c>, <c>CrcEngine</c>); this only wires fields to it.
/// </summary>
internal static class ChecksumEmitter
{
    private const string InternetChecksum = "global::HeaderGen.Checksums.InternetChecksum";
    private const string Span = "global::System.Span<byte>";
    private const string ReadOnlySpan = "global::System.ReadOnlySpan<byte>";

    public static void EmitViewMembers(HeaderSpec spec, SourceWriter w, bool mutable)
    {
        if (spec.Checksum is { } checksum)
        {
            EmitChecksum(spec, checksum, w, mutable);
        }
        if (spec.Crc is { Trailer: false } crc)
        {
            var field = spec.Fields[crc.FieldIndex];
            w.Summary($"True when {field.Name} holds the {HeaderEmitter.Xml(crc.Name)} of the header bytes before it.");
            w.Line($"public bool Verify{field.Name}() => {field.Name} == Compute{field.Name}(_buffer.Slice(0, {field.ByteOffset}));");
            w.Line();
            if (mutable)
            {
                w.Summary($"Stores the {HeaderEmitter.Xml(crc.Name)} of the header bytes before it in {field.Name}.");
                w.Line($"public void Fill{field.Name}() => {field.Name} = Compute{field.Name}(_buffer.Slice(0, {field.ByteOffset}));");
                w.Line();
            }
        }
    }

    private static void EmitChecksum(HeaderSpec spec, ChecksumSpec checksum, SourceWriter w, bool mutable)
    {
        var field = spec.Fields[checksum.FieldIndex];
        string covered = checksum.CoversPayload ? "_buffer" : "Header";
        string what = (checksum.PseudoHeaders.Count == 0 ? "" : "the pseudo-header, ") + (checksum.CoversPayload ? "the header and everything after it in the buffer" : "the header");
        // One Compute/Verify/Fill per pseudo-header (UDP and TCP: IPv4's and IPv6's), or one without.
        var uses = checksum.PseudoHeaders.Count == 0 ? new PseudoHeaderUse?[] { null } : checksum.PseudoHeaders.Select(u => (PseudoHeaderUse?)u).ToArray();
        string argument = checksum.PseudoHeaders.Count == 0 ? "" : "pseudoHeader";
        foreach (var use in uses)
        {
            string parameter = use is null ? "" : $"in {use.Type} pseudoHeader";
            if (!mutable)
            {
                EmitComputeAndVerify(spec, checksum, use, field, parameter, covered, what, w);
                continue;
            }
            // The writable view computes and verifies as the read-only view does: one copy of each.
            string cref = use is null ? "" : $"(in {use.Type})";
            w.Line($"/// <inheritdoc cref=\"ReadOnlyView.ComputeChecksum{cref}\"/>");
            w.Line($"public ushort ComputeChecksum({parameter}) => ((ReadOnlyView)this).ComputeChecksum({argument});");
            w.Line();
            w.Line($"/// <inheritdoc cref=\"ReadOnlyView.VerifyChecksum{cref}\"/>");
            w.Line($"public bool VerifyChecksum({parameter}) => ((ReadOnlyView)this).VerifyChecksum({argument});");
            w.Line();
            if (field.IsOptional)
            {
                // GRE's checksum is filled only where its flag put it.
                w.Summary($"Computes the checksum and stores it in {field.Name}, when {field.Name} is present.");
                w.Line($"public void FillChecksum({parameter}) {{ if ({OptionalFields.Condition(spec, field, "")}) {field.Name} = ComputeChecksum({argument}); }}");
            }
            else
            {
                w.Summary($"Computes the checksum and stores it in {field.Name}.");
                w.Line($"public void FillChecksum({parameter}) => {field.Name} = ComputeChecksum({argument});");
            }
            w.Line();
        }
        // An optional checksum is not updated incrementally: the fields' offsets move with the flags, and such headers
        // (GRE) are not rewritten hop by hop.
        if (!mutable || field.IsOptional)
        {
            return;
        }
        bool first = true;
        foreach (var other in spec.Fields)
        {
            // No update for a field that cannot change in place: a constant (IPv4's Version) or the header length (Ihl).
            if (other == field || other.Kind == FieldKind.ByteRun || other.HasConstant || other.IsOptional
                || (spec.IsVariableLength && other == spec.Fields[spec.LengthFieldIndex]))
            {
                continue;
            }
            int start = other.ByteOffset & ~1;
            int end = (other.ByteOffset + other.ByteSpan + 1) & ~1;
            int length = end - start;
            if (!first)
            {
                w.Line();
            }
            first = false;
            w.Summary($"Writes {other.Name} and updates {field.Name} incrementally (RFC 1624, eqn. 3) instead of summing the data again.");
            w.OpenBlock($"public void Update{other.Name}({other.TypeName} value)");
            // The 16-bit words the field touches, before and after: as one integer when they fit in 32 bits.
            string word = length == 2 ? "ushort" : length == 4 ? "uint" : null!;
            string read = length == 2 ? "ReadUInt16BigEndian" : "ReadUInt32BigEndian";
            if (word is not null)
            {
                w.Line($"{word} old = global::System.Buffers.Binary.BinaryPrimitives.{read}(_buffer.Slice({start}));");
                w.Line($"{other.Name} = value;");
                w.Line($"{word} now = global::System.Buffers.Binary.BinaryPrimitives.{read}(_buffer.Slice({start}));");
            }
            else
            {
                w.Line($"var now = _buffer.Slice({start}, {length});");
                w.Line($"{Span} old = stackalloc byte[{length}];");
                w.Line("now.CopyTo(old);");
                w.Line($"{other.Name} = value;");
            }
            if (checksum.ZeroMeansNone)
            {
                w.OpenBlock($"if ({field.Name} != 0)");
                w.Line($"ushort updated = {InternetChecksum}.Update({field.Name}, old, now);");
                w.Line($"{field.Name} = updated == 0 ? (ushort)0xFFFF : updated;");
                w.CloseBlock();
            }
            else
            {
                w.Line($"{field.Name} = {InternetChecksum}.Update({field.Name}, old, now);");
            }
            w.CloseBlock();
        }
        w.Line();
    }

    private static void EmitComputeAndVerify(HeaderSpec spec, ChecksumSpec checksum, PseudoHeaderUse? use, FieldSpec field, string parameter, string covered, string what, SourceWriter w)
    {
        // Over a lower layer that requires a checksum (IPv6), a zero is not "none": it fails (RFC 8200 8.1).
        bool zeroIsNone = checksum.ZeroMeansNone && use is not { ChecksumRequired: true };
        w.Summary($"The Internet checksum (RFC 1071) of {what}, with {field.Name} taken as zero{(checksum.ZeroMeansNone ? "; a result of 0 is given as 0xFFFF (RFC 768)" : "")}.");
        w.OpenBlock($"public ushort ComputeChecksum({parameter})");
        w.Line($"var checksum = new {InternetChecksum}();");
        AddPseudoHeader(use, w);
        w.Line($"checksum.AddExcept({covered}, {field.ByteOffset});");
        if (checksum.ZeroMeansNone)
        {
            w.Line("ushort computed = checksum.Checksum;");
            w.Line("return computed == 0 ? (ushort)0xFFFF : computed;");
        }
        else
        {
            w.Line("return checksum.Checksum;");
        }
        w.CloseBlock();
        w.Line();

        w.Summary($"True when the one's-complement sum of {what}, with {field.Name} in place, is 0xFFFF{(zeroIsNone ? ", or when it is 0 (no checksum was sent)" : checksum.ZeroMeansNone ? "; a 0 fails, as this lower layer requires a checksum" : "")}.");
        w.OpenBlock($"public bool VerifyChecksum({parameter})");
        if (field.IsOptional)
        {
            // No checksum sent, nothing to fail.
            w.Line($"if (!({OptionalFields.Condition(spec, field, "")})) return true;");
        }
        if (zeroIsNone)
        {
            w.OpenBlock($"if ({field.Name} == 0)");
            w.Line("return true;");
            w.CloseBlock();
        }
        else if (checksum.ZeroMeansNone)
        {
            w.OpenBlock($"if ({field.Name} == 0)");
            w.Line("return false;");
            w.CloseBlock();
        }
        if (use is null)
        {
            w.Line($"return {InternetChecksum}.IsValid({covered});");
        }
        else
        {
            w.Line($"var checksum = new {InternetChecksum}();");
            AddPseudoHeader(use, w);
            w.Line($"checksum.Add({covered});");
            w.Line("return checksum.FoldedSum == 0xFFFF;");
        }
        w.CloseBlock();
        w.Line();

    }

    private static void AddPseudoHeader(PseudoHeaderUse? use, SourceWriter w)
    {
        if (use is not null)
        {
            // Summed from the pseudo-header's fields, as a hand-written checksum adds the addresses: nothing is written out.
            w.Line($"checksum.AddWordSum(pseudoHeader.WordSum(), {use.Type}.FixedLength);");
        }
    }

    /// <summary>
    /// A pseudo-header's <c>WordSum()</c>: the sum of its big-endian 16-bit words taken from its fields. Each field adds
    /// its value times 2^k, k its distance in bits from the end of its 16-bit word: the header as one number is the sum
    /// of its fields so shifted, and 2^16 is 1 modulo 0xFFFF.
    /// </summary>
    public static void EmitWordSum(HeaderSpec spec, SourceWriter w)
    {
        int totalBits = (spec.FixedBits + 15) / 16 * 16;
        var terms = new System.Collections.Generic.List<string>();
        bool direct = SumsFromFields(spec);
        if (direct && !spec.IsPseudoHeader)
        {
            // A header's fields are in range when it is written (TryWrite checks them first): summed as the words
            // TryWrite stores, assembled by the same routine (BitCodec.Runs).
            foreach (var run in BitCodec.Runs(spec.Fields.ToList(), f => f.Name))
            {
                var first = spec.Fields[run.First];
                int k = (totalBits - first.BitOffset - (run.Word is null ? first.BitWidth : run.Bits)) % 16;
                string shift = k == 0 ? "" : $" << {k}";
                string term = run.Word is null ? WordSumTerm(first)
                    : run.Bits <= 16 ? $"(ulong)({run.Word})"
                    : $"global::HeaderGen.Checksums.InternetChecksum.WordSum((ulong)({run.Word}))";
                terms.Add(shift.Length == 0 ? term : $"({term}{shift})");
            }
        }
        foreach (var field in direct && spec.IsPseudoHeader ? spec.Fields : default)
        {
            int k = (totalBits - field.BitOffset - field.BitWidth) % 16;
            string shift = k == 0 ? "" : $" << {k}";
            string term = WordSumTerm(field);
            terms.Add(shift.Length == 0 ? term : $"({term}{shift})");
        }
        w.Summary(spec.IsPseudoHeader
            ? "The sum of the header's big-endian 16-bit words as a checksum folds it (congruent modulo 0xFFFF), from its fields (values wider than their fields masked): a checksum over it starts from this, with nothing written out."
            : $"The sum of the {(spec.IsVariableLength ? "fixed part's" : "header's")} big-endian 16-bit words as a checksum folds it (congruent modulo 0xFFFF), from its fields as <c>TryWrite</c> would write them (each in range): the frame builder fills the checksum from it without reading back the bytes it wrote.");
        w.Line(direct
            ? $"public readonly ulong WordSum() => {string.Join(" + ", terms)};"
            : "public readonly ulong WordSum() { global::System.Span<byte> bytes = stackalloc byte[FixedLength]; TryWrite(bytes, out _); return global::HeaderGen.Checksums.InternetChecksum.WordSum(bytes); }");
        w.Line();
    }

    /// <summary>A field's value as a term of a word sum, to be shifted to where it ends in its 16-bit word.</summary>
    private static string WordSumTerm(FieldSpec field) => field.Kind switch
    {
        FieldKind.WireValue => $"global::HeaderGen.Checksums.InternetChecksum.WordSum({field.Name}, {field.ByteSpan})",
        FieldKind.UInt128 => $"global::HeaderGen.Checksums.InternetChecksum.WordSum({field.Name})",
        FieldKind.Unsigned or FieldKind.Enum when field.BitWidth > 32 => $"global::HeaderGen.Checksums.InternetChecksum.WordSum({Masked(field)})",
        _ => Masked(field),
    };

    /// <summary>
    /// Whether every field can be summed from its value (none little-endian, a run of bytes or optional). The layer
    /// parser's <c>SumsFromFields</c> applies the same rule to symbols, so that the builder calls <c>WordSum()</c> exactly
    /// where it is generated.
    /// </summary>
    public static bool SumsFromFields(HeaderSpec spec) => spec.Fields.All(f => !f.LittleEndian && f.Kind != FieldKind.ByteRun && !f.IsOptional);

    /// <summary>An integer, enum or bool field's value as a ulong cut to its width.</summary>
    private static string Masked(FieldSpec field)
    {
        string value = BitCodec.AsULong(field, field.Name);
        bool unsigned = field.Kind == FieldKind.Unsigned || (field.Kind == FieldKind.Enum && field.UnderlyingType is "byte" or "ushort" or "uint" or "ulong");
        return field.Kind == FieldKind.Bool || (unsigned && field.BitWidth >= field.TypeBits) ? value : $"({value} & {BitCodec.Hex(field.Mask, "UL")})";
    }

    /// <summary>
    /// The algorithm, kept with the layout table (<c>Fields.Algorithm</c>, a struct, so that
    /// <c>CrcEngine&lt;Algorithm&gt;</c> is compiled for it alone; a header has one CRC), and its engine (<c>Fields.CrcEngine</c>).
    /// </summary>
    public static void EmitCrcEngine(HeaderSpec spec, CrcSpec crc, SourceWriter w)
    {
        w.Line();
        w.Summary($"The {HeaderEmitter.Xml(crc.Name)} algorithm of {spec.Fields[crc.FieldIndex].Name}: width {crc.Width}, polynomial {HeaderEmitter.Hex(crc.Polynomial)}, initial {HeaderEmitter.Hex(crc.Initial)}, reflect in {Bool(crc.ReflectIn)}, reflect out {Bool(crc.ReflectOut)}, final XOR {HeaderEmitter.Hex(crc.XorOut)}.");
        w.OpenBlock("public struct Algorithm : global::HeaderGen.Checksums.ICrcAlgorithm");
        w.Line("/// <inheritdoc/>");
        w.Line("public static global::HeaderGen.Checksums.CrcParameters Parameters { get; } = new(" +
            $"\"{crc.Name}\", {crc.Width}, {HeaderEmitter.Hex(crc.Polynomial)}UL, {HeaderEmitter.Hex(crc.Initial)}UL, {Bool(crc.ReflectIn)}, {Bool(crc.ReflectOut)}, {HeaderEmitter.Hex(crc.XorOut)}UL, {HeaderEmitter.Hex(crc.Check)}UL);");
        w.CloseBlock();
        w.Line();
        w.Summary($"The {HeaderEmitter.Xml(crc.Name)} engine.");
        w.Line("public static global::HeaderGen.Checksums.CrcEngine CrcEngine => global::HeaderGen.Checksums.CrcEngine<Algorithm>.Engine;");
    }

    public static void EmitCrcStatics(HeaderSpec spec, CrcSpec crc, SourceWriter w)
    {
        var field = spec.Fields[crc.FieldIndex];
        w.Summary($"The {HeaderEmitter.Xml(crc.Name)} of <paramref name=\"data\"/>.");
        string compute = crc.Width <= 32 ? "ComputeUInt32" : "Compute";
        string cast = (crc.Width <= 32 && field.TypeName == "uint") || (crc.Width > 32 && field.TypeName == "ulong") ? "" : $"({field.TypeName})";
        w.Line($"public static {field.TypeName} Compute{field.Name}({ReadOnlySpan} data) => {cast}global::HeaderGen.Checksums.CrcEngine<Fields.Algorithm>.{compute}(data);");
        w.Line();
        if (!crc.Trailer)
        {
            return;
        }
        w.Line("/// <summary>");
        w.Line($"/// Appends this trailer after the first <paramref name=\"dataLength\"/> bytes of <paramref name=\"buffer\"/>, with {field.Name}");
        w.Line("/// computed over those bytes; false, writing nothing, when the buffer has no room for it.");
        w.Line("/// </summary>");
        w.OpenBlock($"public static bool TryAppend({Span} buffer, int dataLength, out int totalLength)");
        w.OpenBlock("if ((uint)dataLength > (uint)buffer.Length || buffer.Length - dataLength < FixedLength)");
        w.Line("totalLength = 0;");
        w.Line("return false;");
        w.CloseBlock();
        w.Line($"View.CreateUnchecked(buffer.Slice(dataLength)).{field.Name} = Compute{field.Name}(buffer.Slice(0, dataLength));");
        w.Line("totalLength = dataLength + FixedLength;");
        w.Line("return true;");
        w.CloseBlock();
        w.Line();
        w.Summary($"True when <paramref name=\"dataWithTrailer\"/> ends with this trailer and its {field.Name} matches the bytes before it.");
        w.OpenBlock($"public static bool Verify({ReadOnlySpan} dataWithTrailer)");
        w.OpenBlock("if (dataWithTrailer.Length < FixedLength)");
        w.Line("return false;");
        w.CloseBlock();
        // A whole-byte CRC stored in its own byte order (little-endian when it reflects) checks in one pass over the
        // data and the CRC together: the result is the algorithm's residue.
        bool residue = crc.Width % 8 == 0 && crc.Width <= 32 && crc.Width == field.BitWidth && crc.ReflectIn == crc.ReflectOut
            && (crc.Width == 8 || field.LittleEndian == crc.ReflectOut);
        if (residue)
        {
            w.Line($"return global::HeaderGen.Checksums.CrcEngine<Fields.Algorithm>.MatchesResidue(dataWithTrailer);");
        }
        else
        {
            w.Line("int dataLength = dataWithTrailer.Length - FixedLength;");
            w.Line($"return ReadOnlyView.CreateUnchecked(dataWithTrailer.Slice(dataLength)).{field.Name} == Compute{field.Name}(dataWithTrailer.Slice(0, dataLength));");
        }
        w.CloseBlock();
        w.Line();
    }


    private static string Bool(bool value) => value ? "true" : "false";
}
