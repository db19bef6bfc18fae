using System;

namespace HeaderGen;

/// <summary>
/// Marks a struct that implements <see cref="IWireValue{TSelf}"/> as a value of a fixed number of bytes on the wire
/// (a 6-byte MAC address, a 4-byte IPv4 address), so that header declarations can use it as a field type.
/// </summary>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class WireSizeAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="bytes">The value's size on the wire.</param>
    public WireSizeAttribute(int bytes) => Bytes = bytes;

    /// <summary>The value's size on the wire.</summary>
    public int Bytes { get; }
}
