using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using HeaderGen.Checksums;

namespace HeaderGen.Wireshark;

/// <summary>
/// Writes a Wireshark Lua plugin from the same <c>[Header]</c> declarations the generator reads: one protocol per
/// header, a field per declared field (bit fields with their masks, enums with their names, addresses as addresses),
/// registered in the dissector tables the declaration binds it to (<c>udp.port</c>, <c>ethertype</c>, <c>ip.proto</c>,
/// or the user's own tables, which the plugin creates), handing the payload on through the header's next-layer
/// fields or its <c>[Carries]</c> type, and checking declared CRCs and Internet checksums with expert info.
/// </summary>
/// <remarks>
/// It reads the declarations by reflection: the attributes, and the <c>Fields</c> constants the generator emits
/// (every bit offset and width as the generator computed them), so the plugin cannot disagree with the generated code
/// about where a field lies.
/// </remarks>
public static class LuaDissector
{
    // HeaderGen's bundled headers are Wireshark's own protocols: a payload they carry goes to Wireshark's dissector.
    private static readonly Dictionary<string, string> WiresharkDissectors = new()
    {
        ["HeaderGen.Protocols.EthernetHeader"] = "eth_withoutfcs",
        ["HeaderGen.Protocols.Ipv4Header"] = "ip",
        ["HeaderGen.Protocols.UdpHeader"] = "udp",
        ["HeaderGen.Protocols.TcpHeader"] = "tcp",
        ["HeaderGen.Protocols.ArpPacket"] = "arp",
        ["HeaderGen.Protocols.Ipv6Header"] = "ipv6",
    };

    /// <summary>The header types declared in <paramref name="assemblies"/>, in a stable order.</summary>
    public static IReadOnlyList<Type> HeaderTypes(params Assembly[] assemblies) => assemblies
        .SelectMany(Types)
        .Where(t => t.IsValueType && t.GetCustomAttribute<HeaderAttribute>() is not null && t.GetNestedType("Fields") is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToList();

    /// <summary>The Lua plugin for every header declared in <paramref name="assemblies"/>.</summary>
    public static string Generate(params Assembly[] assemblies)
    {
        var headers = new List<Header>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in HeaderTypes(assemblies))
        {
            headers.Add(Header.Read(type, ids));
        }
        var lua = new StringBuilder();
        lua.AppendLine($"-- Wireshark dissectors for {string.Join(", ", assemblies.Select(a => a.GetName().Name))}, written by HeaderGen.Wireshark from the");
        lua.AppendLine("-- assemblies' [Header] declarations. Regenerate it rather than edit it.");
        lua.AppendLine("-- Use: tshark -X lua_script:this.lua ..., or copy it to ~/.local/lib/wireshark/plugins/");
        lua.Append(Prelude);
        foreach (var header in headers)
        {
            header.WriteDeclarations(lua);
        }
        foreach (var header in headers)
        {
            header.WriteDissector(lua, headers);
        }
        lua.AppendLine("-- Tables: the ones the headers dispatch on exist before anything is added to them.");
        foreach (var table in headers.SelectMany(h => h.Fields).Select(f => f.Info.GetCustomAttribute<NextLayerAttribute>()?.Table)
                     .Concat(headers.Select(h => h.Type.GetCustomAttribute<PayloadSelectorAttribute>()?.Table))
                     .Where(t => t is not null).Distinct().Order(StringComparer.Ordinal))
        {
            lua.AppendLine($"hg_table({Quote(table!)})");
        }
        lua.AppendLine("-- Registrations: each header in the tables its declaration binds it to.");
        foreach (var header in headers)
        {
            foreach (var binding in header.Type.GetCustomAttributes<BindsToAttribute>())
            {
                lua.AppendLine($"hg_table({Quote(binding.Table)}):add({binding.Value.ToString(CultureInfo.InvariantCulture)}, {header.Proto})");
            }
        }
        // [assembly: BindsTo(typeof(H), table, value)]: headers of other assemblies bound into tables, by their plugin's
        // protocol when they are in it, or by Wireshark's own dissector for HeaderGen's bundled ones.
        foreach (var binding in assemblies.SelectMany(a => a.GetCustomAttributes<BindsToAttribute>()).Where(b => b.Header is not null))
        {
            string? target = headers.FirstOrDefault(h => h.Type == binding.Header) is { } mine ? mine.Proto
                : WiresharkDissectors.TryGetValue(binding.Header!.FullName!, out var theirs) ? $"Dissector.get({Quote(theirs)})" : null;
            if (target is not null)
            {
                lua.AppendLine($"hg_table({Quote(binding.Table)}):add({binding.Value.ToString(CultureInfo.InvariantCulture)}, {target})");
            }
        }
        return lua.ToString();
    }

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }

    private const string Prelude = """

        local hg_bits = bit32 or bit
        local function hg_u32(x) return x % 4294967296 end
        local function hg_xor(a, b) return hg_u32(hg_bits.bxor(a, b)) end
        local hg_data = Dissector.get("data")

        -- A dissector table by name: Wireshark's own (udp.port, ethertype, ip.proto, ...) or one this plugin makes.
        local hg_tables = {}
        local function hg_table(name)
          if hg_tables[name] == nil then
            local ok, existing = pcall(DissectorTable.get, name)
            if ok and existing ~= nil then
              hg_tables[name] = existing
            else
              hg_tables[name] = DissectorTable.new(name, name, ftypes.UINT32, base.DEC)
            end
          end
          return hg_tables[name]
        end

        local function hg_reflect(value, width)
          local result = 0
          for _ = 1, width do
            result = result * 2 + value % 2
            value = math.floor(value / 2)
          end
          return result
        end

        -- A CRC of up to 32 bits by its Rocksoft-model parameters, a bit at a time (the CRC RevEng catalogue's model).
        local function hg_crc(tvb, offset, length, width, poly, init, refin, refout, xorout)
          local top = 2 ^ (width - 1)
          local size = 2 ^ width
          local crc = init
          for i = 0, length - 1 do
            local byte = tvb(offset + i, 1):uint()
            if refin then byte = hg_reflect(byte, 8) end
            for b = 7, 0, -1 do
              local input = math.floor(byte / 2 ^ b) % 2
              local high = crc >= top and 1 or 0
              crc = (crc * 2) % size
              if high ~= input then crc = hg_xor(crc, poly) end
            end
          end
          if refout then crc = hg_reflect(crc, width) end
          return hg_xor(crc, xorout)
        end

        -- The ones' complement sum of RFC 1071, folded to 16 bits: 0xffff over bytes that hold a correct checksum.
        local function hg_inet(tvb, offset, length)
          local sum = 0
          for i = 0, length - 2, 2 do sum = sum + tvb(offset + i, 2):uint() end
          if length % 2 == 1 then sum = sum + tvb(offset + length - 1, 1):uint() * 256 end
          while sum > 0xffff do sum = sum % 65536 + math.floor(sum / 65536) end
          return sum
        end

        """;

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>One declared field, where the generator placed it.</summary>
    private sealed record Field(FieldInfo Info, int BitOffset, int BitWidth)
    {
        public string Name => Info.Name;

        public int ByteOffset => BitOffset / 8;

        public int ByteSpan => (BitOffset + BitWidth - 1) / 8 - ByteOffset + 1;

        public bool WholeBytes => BitOffset % 8 == 0 && BitWidth == ByteSpan * 8;

        public bool LittleEndian => Info.GetCustomAttribute<LittleEndianAttribute>() is not null;

        /// <summary>The mask of the field's bits within its <see cref="ByteSpan"/> bytes, most significant first.</summary>
        public ulong Mask => (BitWidth == 64 ? ulong.MaxValue : (1UL << BitWidth) - 1) << (ByteSpan * 8 - BitOffset % 8 - BitWidth);

        public string Range => $"tvb({ByteOffset}, {ByteSpan})";

        /// <summary>Lua that reads the field's value as a number (fields up to 32 bits).</summary>
        public string Read => LittleEndian ? $"{Range}:le_uint()" : WholeBytes ? $"{Range}:uint()" : $"{Range}:bitfield({BitOffset % 8}, {BitWidth})";
    }

    private sealed class Header
    {
        private Header(Type type, string id)
        {
            Type = type;
            Id = id;
        }

        public Type Type { get; }

        public string Id { get; }

        public string Proto => "p_" + Id;

        public string Display { get; private set; } = "";

        public int FixedLength { get; private set; }

        public List<Field> Fields { get; } = new();

        public static Header Read(Type type, HashSet<string> ids)
        {
            string id = type.Name.ToLowerInvariant();
            if (id.EndsWith("header", StringComparison.Ordinal) && id.Length > "header".Length)
            {
                id = id[..^"header".Length];
            }
            id = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
            string unique = id;
            for (int n = 2; !ids.Add(unique); n++)
            {
                unique = id + n.ToString(CultureInfo.InvariantCulture);
            }
            var header = new Header(type, unique)
            {
                Display = type.GetCustomAttribute<HeaderAttribute>()!.Name ?? type.Name,
                FixedLength = (int)type.GetField("FixedLength")!.GetValue(null)!,
            };
            var layout = type.GetNestedType("Fields")!;
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                if (layout.GetField(field.Name)?.GetValue(null) is not FieldLayout place)
                {
                    continue;
                }
                header.Fields.Add(new Field(field, place.BitOffset, place.BitWidth));
            }
            return header;
        }

        private string ProtoName => "hg_" + Id;

        private string FieldVar(Field field) => $"f_{Id}_{field.Name.ToLowerInvariant()}";

        private string Abbrev(Field field) => $"{ProtoName}.{field.Name.ToLowerInvariant()}";

        private Field? LengthField => Fields.FirstOrDefault(f => f.Info.GetCustomAttribute<HeaderLengthAttribute>() is not null);

        public void WriteDeclarations(StringBuilder lua)
        {
            lua.AppendLine($"-- {Display}: {Type.FullName}, {FixedLength} bytes{(LengthField is null ? "" : " and options")}.");
            lua.AppendLine($"local {Proto} = Proto({Quote(ProtoName)}, {Quote(Display + " (HeaderGen)")})");
            var declared = new List<string>();
            var experts = new List<string>();
            foreach (var field in Fields)
            {
                string? values = null;
                var type = field.Info.FieldType;
                if (type.IsEnum)
                {
                    values = $"vs_{Id}_{field.Name.ToLowerInvariant()}";
                    var entries = Enum.GetValues(type).Cast<object>()
                        .Select(v => (Value: Convert.ToUInt64(v, CultureInfo.InvariantCulture), Name: Enum.GetName(type, v)!))
                        .GroupBy(e => e.Value).Select(g => g.First());
                    lua.AppendLine($"local {values} = {{ {string.Join(", ", entries.Select(e => $"[{e.Value.ToString(CultureInfo.InvariantCulture)}] = {Quote(e.Name)}"))} }}");
                }
                lua.AppendLine($"local {FieldVar(field)} = {ProtoField(field, values)}");
                declared.Add(FieldVar(field));
                if (Verification(field) is not null)
                {
                    lua.AppendLine($"local e_{Id}_{field.Name.ToLowerInvariant()} = ProtoExpert.new({Quote(Abbrev(field) + ".bad")}, {Quote($"Bad {field.Name}")}, expert.group.CHECKSUM, expert.severity.ERROR)");
                    experts.Add($"e_{Id}_{field.Name.ToLowerInvariant()}");
                }
            }
            if (LengthField is not null)
            {
                lua.AppendLine($"local f_{Id}_options = ProtoField.bytes({Quote(ProtoName + ".options")}, \"Options\")");
                declared.Add($"f_{Id}_options");
            }
            lua.AppendLine($"local e_{Id}_length = ProtoExpert.new({Quote(ProtoName + ".length.bad")}, \"Header length outside the packet\", expert.group.MALFORMED, expert.severity.ERROR)");
            experts.Add($"e_{Id}_length");
            lua.AppendLine($"{Proto}.fields = {{ {string.Join(", ", declared)} }}");
            lua.AppendLine($"{Proto}.experts = {{ {string.Join(", ", experts)} }}");
            lua.AppendLine();
        }

        private string ProtoField(Field field, string? values)
        {
            var type = field.Info.FieldType;
            string name = Quote(field.Name);
            string abbrev = Quote(Abbrev(field));
            string mask = field.WholeBytes ? "nil" : field.Mask <= (1UL << 53) ? Hex(field.Mask) : $"UInt64.fromhex(\"{field.Mask:x16}\")";
            if (type == typeof(bool))
            {
                return $"ProtoField.bool({abbrev}, {name}, {field.ByteSpan * 8}, nil, {Hex(field.Mask)})";
            }
            if (type == typeof(MacAddress))
            {
                return $"ProtoField.ether({abbrev}, {name})";
            }
            if (type == typeof(Ipv4Address))
            {
                return $"ProtoField.ipv4({abbrev}, {name})";
            }
            var integral = type.IsEnum ? Enum.GetUnderlyingType(type) : type;
            if (!integral.IsPrimitive)
            {
                return $"ProtoField.bytes({abbrev}, {name})";
            }
            bool signed = integral == typeof(sbyte) || integral == typeof(short) || integral == typeof(int) || integral == typeof(long);
            string size = field.ByteSpan switch { 1 => "8", 2 => "16", 3 => "24", 4 => "32", _ => "64" };
            bool hex = field.Info.GetCustomAttribute<CrcAttribute>() is not null || field.Info.GetCustomAttribute<InternetChecksumAttribute>() is not null;
            return $"ProtoField.{(signed ? "int" : "uint")}{size}({abbrev}, {name}, {(hex ? "base.HEX" : "base.DEC")}, {values ?? "nil"}, {mask})";
        }

        /// <summary>Lua that computes what a checksum field should make of the bytes, or null where Lua cannot check it.</summary>
        private string? Verification(Field field)
        {
            if (field.Info.GetCustomAttribute<CrcAttribute>() is { Coverage: CrcCoverage.HeaderBeforeField } crc && field.WholeBytes && !field.LittleEndian)
            {
                var parameters = crc.Algorithm is { } algorithm && CrcCatalogue.TryGet(algorithm, out var known)
                    ? known
                    : new CrcParameters("declared", crc.Width, crc.Polynomial, crc.Initial, crc.ReflectIn, crc.ReflectOut, crc.XorOut, 0);
                if (parameters.Width > 32)
                {
                    return null;   // Lua numbers hold 53 bits exactly; a CRC-64 is shown, not checked
                }
                return $"hg_crc(tvb, 0, {field.ByteOffset}, {parameters.Width}, {Hex(parameters.Polynomial)}, {Hex(parameters.Initial)}, " +
                    $"{(parameters.ReflectIn ? "true" : "false")}, {(parameters.ReflectOut ? "true" : "false")}, {Hex(parameters.XorOut)})";
            }
            if (field.Info.GetCustomAttribute<InternetChecksumAttribute>() is { PseudoHeader: null, PseudoHeaders: null } checksum && field.WholeBytes && field.BitWidth == 16)
            {
                return checksum.Coverage == ChecksumCoverage.Header ? "hg_inet(tvb, 0, hlen)" : "hg_inet(tvb, 0, tvb:len())";
            }
            return null;
        }

        public void WriteDissector(StringBuilder lua, IReadOnlyList<Header> all)
        {
            lua.AppendLine($"function {Proto}.dissector(tvb, pinfo, tree)");
            lua.AppendLine($"  if tvb:len() < {FixedLength} then return 0 end");
            lua.AppendLine($"  local hlen = {FixedLength}");
            if (LengthField is { } length)
            {
                var attribute = length.Info.GetCustomAttribute<HeaderLengthAttribute>()!;
                lua.AppendLine(attribute.Bias == 0
                    ? $"  hlen = {length.Read} * {attribute.Unit}"
                    : $"  hlen = ({length.Read} + {attribute.Bias}) * {attribute.Unit}");
            }
            lua.AppendLine($"  pinfo.cols.protocol = {Quote(Display)}");
            lua.AppendLine($"  local t = tree:add({Proto}, tvb(0, math.min(math.max(hlen, {FixedLength}), tvb:len())))");
            lua.AppendLine($"  if hlen < {FixedLength} or hlen > tvb:len() then");
            lua.AppendLine($"    t:add_proto_expert_info(e_{Id}_length, string.format(\"header length %d: the packet holds %d bytes\", hlen, tvb:len()))");
            lua.AppendLine("    return tvb:len()");
            lua.AppendLine("  end");
            foreach (var field in Fields)
            {
                string add = field.LittleEndian ? "add_le" : "add";
                if (Verification(field) is { } expected)
                {
                    string value = $"{field.Range}:uint()";
                    string var = $"e_{Id}_{field.Name.ToLowerInvariant()}";
                    bool inet = field.Info.GetCustomAttribute<InternetChecksumAttribute>() is not null;
                    bool zeroIsNone = field.Info.GetCustomAttribute<InternetChecksumAttribute>()?.ZeroMeansNone == true;
                    lua.AppendLine("  do");
                    lua.AppendLine($"    local item = t:{add}({FieldVar(field)}, {field.Range})");
                    if (zeroIsNone)
                    {
                        lua.AppendLine($"    if {value} == 0 then item:append_text(\" [none]\") else");
                    }
                    lua.AppendLine($"    local expected = {expected}");
                    lua.AppendLine(inet
                        ? $"    if expected == 0xffff then item:append_text(\" [correct]\") else item:add_proto_expert_info({var}, string.format(\"{field.Name} 0x%04x is wrong (the sum is 0x%04x, not 0xffff)\", {value}, expected)) end"
                        : $"    if {value} == expected then item:append_text(\" [correct]\") else item:add_proto_expert_info({var}, string.format(\"{field.Name} 0x%x should be 0x%x\", {value}, expected)) end");
                    if (zeroIsNone)
                    {
                        lua.AppendLine("    end");
                    }
                    lua.AppendLine("  end");
                    continue;
                }
                lua.AppendLine($"  t:{add}({FieldVar(field)}, {field.Range})");
            }
            if (LengthField is not null)
            {
                lua.AppendLine($"  if hlen > {FixedLength} then t:add(f_{Id}_options, tvb({FixedLength}, hlen - {FixedLength})) end");
            }
            lua.AppendLine("  if tvb:len() <= hlen then return tvb:len() end");
            lua.AppendLine("  local rest = tvb(hlen):tvb()");
            if (Type.GetCustomAttribute<CarriesAttribute>() is { } carries)
            {
                string next = all.FirstOrDefault(h => h.Type == carries.Header) is { } mine
                    ? $"{mine.Proto}.dissector(rest, pinfo, tree)"
                    : WiresharkDissectors.TryGetValue(carries.Header.FullName!, out var theirs)
                        ? $"Dissector.get({Quote(theirs)}):call(rest, pinfo, tree)"
                        : "hg_data:call(rest, pinfo, tree)";
                lua.AppendLine($"  {next}");
                lua.AppendLine("  return tvb:len()");
                lua.AppendLine("end");
                lua.AppendLine();
                return;
            }
            var selectors = Fields
                .Select(f => (Field: f, Attribute: f.Info.GetCustomAttribute<NextLayerAttribute>()))
                .Where(s => s.Attribute is not null && s.Field.BitWidth <= 32)
                .OrderBy(s => s.Attribute!.Order)
                .ToList();
            foreach (var (field, attribute) in selectors)
            {
                // UnlessNonZero: one field or several, comma-separated; integers and bools alike read as numbers here.
                string guard = string.Concat((attribute!.UnlessNonZero ?? "").Split(',').Select(n => n.Trim())
                    .Select(n => Fields.FirstOrDefault(f => f.Name == n)).Where(f => f is not null).Select(f => $"{f!.Read} == 0 and "));
                lua.AppendLine("  do");
                lua.AppendLine($"    local next = {guard}hg_table({Quote(attribute.Table)}):get_dissector({field.Read})");
                lua.AppendLine("    if next then next:call(rest, pinfo, tree) return tvb:len() end");
                lua.AppendLine("  end");
            }
            if (Type.GetCustomAttribute<PayloadSelectorAttribute>() is { } payloadSelector)
            {
                // [PayloadSelector]: the payload's first bits choose, when no field did.
                lua.AppendLine("  do");
                lua.AppendLine($"    local next = hg_table({Quote(payloadSelector.Table)}):get_dissector(rest(0, 1):bitfield(0, {payloadSelector.Bits}))");
                lua.AppendLine("    if next then next:call(rest, pinfo, tree) return tvb:len() end");
                lua.AppendLine("  end");
            }
            lua.AppendLine("  hg_data:call(rest, pinfo, tree)");
            lua.AppendLine("  return tvb:len()");
            lua.AppendLine("end");
            lua.AppendLine();
        }
    }
}
