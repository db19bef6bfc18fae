using System;

namespace HeaderGen;

/// <summary>
/// Links a pseudo-header to the lower layer it is built from: the pseudo-header declares a
/// <c>public static TSelf For(TLower.ReadOnlyView lower)</c> method, and a transport whose
/// <see cref="InternetChecksumAttribute.PseudoHeader"/> names it is checked and filled by the generated decoder and
/// builder whenever it sits on <paramref name="lower"/>. One attribute per lower layer (IPv4's pseudo-header is
/// <c>[PseudoHeaderOf(typeof(Ipv4Header))]</c>). A pseudo-header without it, or without the method, is HG0039: the
/// checksum would otherwise never be filled, silently. A pseudo-header may also declare
/// <c>public static TSelf For(in TLower header, ReadOnlySpan&lt;byte&gt; payload)</c>, built from the lower header's
/// value and the bytes after it: the builder then uses that one and reads nothing back from the bytes it has just written.
/// </summary>
/// <param name="lower">The lower layer's header type.</param>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
public sealed class PseudoHeaderOfAttribute(Type lower) : Attribute
{
    /// <summary>The lower layer's header type.</summary>
    public Type Lower { get; } = lower;

    /// <summary>
    /// Over this lower layer a checksum must be sent even by a transport whose zero means none
    /// (<see cref="InternetChecksumAttribute.ZeroMeansNone"/>): a received zero fails to verify (IPv6, RFC 8200 8.1).
    /// </summary>
    public bool ChecksumRequired { get; set; }
}
