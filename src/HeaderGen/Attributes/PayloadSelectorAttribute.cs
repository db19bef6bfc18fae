using System;

namespace HeaderGen;

/// <summary>
/// Selects the next layer by the first <paramref name="bits"/> bits of the payload, looked up in
/// <paramref name="table"/>, when no <see cref="NextLayerAttribute"/> field of the header chose one: after MPLS' bottom of
/// stack, the IP version nibble (4 for IPv4, 6 for IPv6; RFC 3032 leaves the choice to the payload). Upper headers bind
/// into the table as into any other (<c>[assembly: BindsTo(typeof(Ipv4Header), "mpls.payload", 4)]</c>). The builder
/// has nothing to fill: the payload's own first bits say what it is.
/// </summary>
/// <param name="table">The binding table.</param>
/// <param name="bits">How many leading bits of the payload, 1 to 8.</param>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class PayloadSelectorAttribute(string table, int bits) : Attribute
{
    /// <summary>The binding table.</summary>
    public string Table { get; } = table;

    /// <summary>How many leading bits of the payload select, 1 to 8.</summary>
    public int Bits { get; } = bits;
}
