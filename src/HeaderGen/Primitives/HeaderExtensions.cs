using System;
using System.Runtime.CompilerServices;

namespace HeaderGen;

/// <summary>
/// What every header has that does not depend on its declaration, written once here rather than emitted for each
/// (C# 14 extension members; a project pinned to an older C# gets these from the generator, in each header): the
/// overloads of <see cref="IHeader{TSelf}"/>'s reads and writes for callers that need only the answer. They call the
/// header's own overloads with an error, which build it only on failure, so the success path is the same code.
/// In a file without <c>using HeaderGen;</c> (the package adds it to projects with implicit usings), add it.
/// </summary>
public static class HeaderExtensions
{
    /// <typeparam name="THeader">The header type.</typeparam>
    extension<THeader>(THeader) where THeader : struct, IHeader<THeader>
    {
        /// <summary>Reads the header's fields from the start of <paramref name="source"/>; false when it is not a valid header.</summary>
        /// <param name="source">The bytes, starting at the header's first byte.</param>
        /// <param name="value">The header, when valid.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TryRead(ReadOnlySpan<byte> source, out THeader value) => THeader.TryRead(source, out value, out _);
    }

    /// <typeparam name="THeader">The header type.</typeparam>
    /// <param name="header">The header to write.</param>
    extension<THeader>(THeader header) where THeader : struct, IHeader<THeader>
    {
        /// <summary>Writes the header to the start of <paramref name="destination"/>; false, writing nothing, when it cannot.</summary>
        /// <param name="destination">Where the header's first byte goes.</param>
        /// <param name="bytesWritten">The bytes written, when it succeeds.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryWrite(Span<byte> destination, out int bytesWritten) => header.TryWrite(destination, out bytesWritten, out _);
    }
}
