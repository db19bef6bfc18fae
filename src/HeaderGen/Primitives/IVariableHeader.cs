using System;

namespace HeaderGen;

/// <summary>
/// A header with a <see cref="HeaderLengthAttribute"/> field: its length covers a variable part (options, or an
/// option's data) after the fixed part. The generator implements this for such declarations.
/// </summary>
/// <typeparam name="TSelf">The header type.</typeparam>
public interface IVariableHeader<TSelf> : IHeader<TSelf> where TSelf : struct, IVariableHeader<TSelf>
{
    /// <summary>
    /// Writes the header and its variable part to the start of <paramref name="destination"/>. Fails, writing nothing,
    /// when a field's value does not fit its width, a constant field holds another value, the variable part is not as
    /// long as the length field says, or the destination is too short. Never throws.
    /// </summary>
    /// <param name="destination">Where the header goes.</param>
    /// <param name="options">The bytes after the fixed part.</param>
    /// <param name="bytesWritten">The header's length, when written.</param>
    /// <param name="error">Why and where it could not be written.</param>
    bool TryWrite(Span<byte> destination, ReadOnlySpan<byte> options, out int bytesWritten, out HeaderError error);
}
