using System;

namespace HeaderGen;

/// <summary>
/// Stores a whole, byte-aligned 16-, 32- or 64-bit integer field least significant byte first, for the few wire
/// fields that are (Ethernet's FCS is sent that way).
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class LittleEndianAttribute : Attribute
{
}
