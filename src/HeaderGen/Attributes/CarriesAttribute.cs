using System;

namespace HeaderGen;

/// <summary>
/// Says that a header's payload is always a given header, with no selector field to look up (VXLAN carries an
/// Ethernet frame). The decoder walks into it after this header; tried after the header's selectors, if it has any.
/// </summary>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class CarriesAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="header">The <c>[Header]</c> type the payload always is.</param>
    public CarriesAttribute(Type header) => Header = header;

    /// <summary>The header type the payload always is.</summary>
    public Type Header { get; }
}
