using System;

namespace HeaderGen;

/// <summary>
/// Binds a header into a lower layer's table: IPv4 into <c>"ethertype"</c> at 0x0800, UDP into <c>"ip.proto"</c>
/// at 17, a user's protocol into <c>"udp.port"</c> at 4789, without touching the lower header's declaration. The
/// generated decoder then walks from the lower layer into this one, and the builder fills the selector.
/// </summary>
/// <remarks>
/// On an assembly, <c>[assembly: BindsTo(typeof(Ipv4Header), "my.table", 4)]</c> binds a header declared elsewhere
/// (HeaderGen's own, or another library's) into a table, for this assembly's decoder and builder only.
/// </remarks>
[AttributeUsage(AttributeTargets.Struct | AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class BindsToAttribute : Attribute
{
    /// <summary>Binds <paramref name="header"/>, a header of any assembly, into <paramref name="table"/> at <paramref name="value"/> (on an assembly).</summary>
    /// <param name="header">The header type.</param>
    /// <param name="table">The table, as a lower header's <see cref="NextLayerAttribute"/> names it.</param>
    /// <param name="value">The selector value that means the header.</param>
    public BindsToAttribute(Type header, string table, ulong value)
        : this(table, value) => Header = header;

    /// <summary>The header bound, when the attribute is on an assembly.</summary>
    public Type? Header { get; }

    /// <summary>Creates the attribute.</summary>
    /// <param name="table">The table, as a lower header's <see cref="NextLayerAttribute"/> names it.</param>
    /// <param name="value">The selector value that means this header.</param>
    public BindsToAttribute(string table, ulong value)
    {
        Table = table;
        Value = value;
    }

    /// <summary>The table.</summary>
    public string Table { get; }

    /// <summary>The selector value.</summary>
    public ulong Value { get; }
}
