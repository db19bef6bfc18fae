using System;

namespace HeaderGen;

/// <summary>
/// A header declared with <see cref="HeaderAttribute"/>: the generator implements this for every declaration, so that
/// code can read, check and write any header through one constraint (<c>where T : struct, IHeader&lt;T&gt;</c>), and
/// each generated member carries the documentation written here once rather than a copy per header. The read
/// without an error is <see cref="HeaderExtensions"/>' (<c>Ipv4Header.TryRead(bytes, out var header)</c>), written once
/// for every header.
/// </summary>
/// <typeparam name="TSelf">The header type.</typeparam>
public interface IHeader<TSelf> where TSelf : struct, IHeader<TSelf>
{
    /// <summary>
    /// Checks that <paramref name="source"/> starts with a valid header: long enough for the fixed part, constant fields
    /// as declared, and, for a header with options, a length field that covers the fixed part and fits in the buffer.
    /// Never throws and never reads outside <paramref name="source"/>.
    /// </summary>
    /// <param name="source">The bytes, starting at the header's first byte.</param>
    /// <param name="headerLength">The header's length in bytes, options included, when valid.</param>
    /// <param name="error">Why and where it is not valid.</param>
    static abstract bool TryValidate(ReadOnlySpan<byte> source, out int headerLength, out HeaderError error);

    /// <summary>
    /// Checks <paramref name="source"/> as the overload with an error does, for callers that need only the answer: it
    /// keeps the error (and the stack zeroing its references need) off the hot path.
    /// </summary>
    /// <param name="source">The bytes, starting at the header's first byte.</param>
    /// <param name="headerLength">The header's length in bytes, options included, when valid.</param>
    static abstract bool TryValidate(ReadOnlySpan<byte> source, out int headerLength);

    /// <summary>
    /// Reads the header's fields from the start of <paramref name="source"/> after checking it as <c>TryValidate</c>
    /// does. Never throws and never reads outside <paramref name="source"/>.
    /// </summary>
    /// <param name="source">The bytes, starting at the header's first byte.</param>
    /// <param name="value">The header, when valid.</param>
    /// <param name="error">Why and where it is not valid.</param>
    static abstract bool TryRead(ReadOnlySpan<byte> source, out TSelf value, out HeaderError error);

    /// <summary>
    /// Writes the header, without options, to the start of <paramref name="destination"/>. Fails, writing nothing, when
    /// a field's value does not fit its width, a constant field holds another value, the length field does not give the
    /// fixed length (headers with options have an overload that takes them), or the destination is too short. Never
    /// throws.
    /// </summary>
    /// <param name="destination">Where the header's first byte goes.</param>
    /// <param name="bytesWritten">The bytes written, when it succeeds.</param>
    /// <param name="error">Why it failed and which field is to blame.</param>
    bool TryWrite(Span<byte> destination, out int bytesWritten, out HeaderError error);

    /// <summary>Writes the header to the start of <paramref name="destination"/>; false, writing nothing, when it cannot.</summary>
    /// <param name="destination">Where the header's first byte goes.</param>
    /// <param name="bytesWritten">The bytes written, when it succeeds.</param>
    bool TryWrite(Span<byte> destination, out int bytesWritten);

    /// <summary>The header's length in bytes, options included, as its fields give it.</summary>
    int HeaderLength { get; }
}
