using System;

namespace HeaderGen;

/// <summary>
/// Marks a <c>partial struct</c> as a protocol header. Its instance fields, in declaration order, are the header's
/// fields in wire (big-endian) order; the generator emits a zero-copy <c>View</c>/<c>ReadOnlyView</c>,
/// <c>TryRead</c>/<c>TryWrite</c>, layout constants and <c>ToString</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class HeaderAttribute : Attribute
{
    /// <summary>Creates the attribute; the display name defaults to the struct's name.</summary>
    public HeaderAttribute() { }

    /// <summary>Creates the attribute with the name used by <c>ToString</c> (for example <c>"IPv4"</c>).</summary>
    public HeaderAttribute(string name) => Name = name;

    /// <summary>The short protocol name shown by <c>ToString</c>.</summary>
    public string? Name { get; }
}
