using System;

namespace HeaderGen;

/// <summary>
/// Marks a field that gives the length in bytes of the header and its payload together (IPv4's total length,
/// UDP's length), or, with <see cref="ExcludesHeader"/>, of the payload after the header alone (IPv6's payload
/// length). The decoder hands the next layer only those bytes (so link-layer padding is not taken for data) and
/// reports a value below the header length or past the buffer; the builder fills it.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class TotalLengthAttribute : Attribute
{
    /// <summary>Whether the field counts only the bytes after the header (IPv6's payload length, RFC 8200 3).</summary>
    public bool ExcludesHeader { get; set; }
}
