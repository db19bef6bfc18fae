using System;

namespace HeaderGen;

/// <summary>
/// Marks a field that gives the length in bytes of the header and its payload together (IPv4's total length,
/// UDP's length). The decoder hands the next layer only that many bytes (so link-layer padding is not taken for
/// data) and reports a value below the header length or past the buffer; the builder fills it.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class TotalLengthAttribute : Attribute
{
}
