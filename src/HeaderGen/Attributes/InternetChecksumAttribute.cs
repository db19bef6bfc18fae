using System;

namespace HeaderGen;

/// <summary>What an Internet checksum covers.</summary>
public enum ChecksumCoverage
{
    /// <summary>The header alone, options included (IPv4).</summary>
    Header,

    /// <summary>The header and everything after it in the view's buffer, preceded by a pseudo-header if one is declared (UDP, TCP, ICMP).</summary>
    HeaderAndPayload,
}

/// <summary>
/// Marks a 16-bit field at an even offset as an Internet checksum (RFC 1071). The generator emits
/// <c>ComputeChecksum</c>, <c>VerifyChecksum</c> and <c>FillChecksum</c> on the views, and an <c>Update{Field}</c>
/// per other field that writes it and updates the checksum incrementally (RFC 1624).
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class InternetChecksumAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="coverage">What the checksum covers.</param>
    public InternetChecksumAttribute(ChecksumCoverage coverage) => Coverage = coverage;

    /// <summary>What the checksum covers.</summary>
    public ChecksumCoverage Coverage { get; }

    /// <summary>
    /// A <c>[Header]</c> type summed before the header (the IPv4 pseudo-header of UDP and TCP); the generated methods
    /// then take it as a parameter. Only with <see cref="ChecksumCoverage.HeaderAndPayload"/>.
    /// </summary>
    public Type? PseudoHeader { get; set; }

    /// <summary>
    /// Several pseudo-headers, one for each lower layer the header can sit on (UDP and TCP: IPv4's and IPv6's); each
    /// gets its own <c>ComputeChecksum</c>, <c>VerifyChecksum</c> and <c>FillChecksum</c>, and the decoder and builder use
    /// the one whose <see cref="PseudoHeaderOfAttribute"/> names the nearest such layer below. Instead of
    /// <see cref="PseudoHeader"/>, not with it.
    /// </summary>
    public Type[]? PseudoHeaders { get; set; }

    /// <summary>
    /// A checksum of 0 means none was sent, so a computed 0 is sent as 0xFFFF and a received 0 verifies (RFC 768).
    /// </summary>
    public bool ZeroMeansNone { get; set; }
}
