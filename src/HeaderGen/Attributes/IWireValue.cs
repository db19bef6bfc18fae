using System;

namespace HeaderGen;

/// <summary>
/// A value with a fixed wire size (declared by <see cref="WireSizeAttribute"/>) that generated headers read and
/// write in place. Implementations read and write exactly that many bytes and never allocate.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IWireValue<TSelf> where TSelf : struct, IWireValue<TSelf>
{
    /// <summary>Reads the value from the first wire-size bytes of <paramref name="source"/>.</summary>
    static abstract TSelf Read(ReadOnlySpan<byte> source);

    /// <summary>Writes the value to the first wire-size bytes of <paramref name="destination"/>.</summary>
    void Write(Span<byte> destination);
}
