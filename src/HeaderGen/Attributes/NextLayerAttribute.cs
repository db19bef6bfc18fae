using System;

namespace HeaderGen;

/// <summary>
/// Marks a field whose value selects the next layer, and names the table of bindings it is looked up in (as
/// Wireshark's dissector tables do): Ethernet's EtherType in <c>"ethertype"</c>, IPv4's protocol in
/// <c>"ip.proto"</c>, UDP's ports in <c>"udp.port"</c>. Headers bind themselves into a table with
/// <see cref="BindsToAttribute"/>. A header may have several selector fields; they are tried in <see cref="Order"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class NextLayerAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="table">The binding table the field's value is looked up in.</param>
    public NextLayerAttribute(string table) => Table = table;

    /// <summary>The binding table the field's value is looked up in.</summary>
    public string Table { get; }

    /// <summary>The order in which a header's selector fields are tried, lowest first (declaration order breaks ties).</summary>
    public int Order { get; set; }

    /// <summary>
    /// The name of a field of the same header, or several separated by commas, any of which, when not zero (an
    /// integer) or true (a bool), means the payload is not the next layer's whole header and payload: IPv4's
    /// <c>nameof(FragmentOffset) + "," + nameof(MoreFragments)</c>, since a later fragment carries no transport
    /// header and a first one only part of its datagram. The walk then ends with the payload as data, as Wireshark
    /// shows a fragment it has not reassembled.
    /// </summary>
    public string? UnlessNonZero { get; set; }
}
