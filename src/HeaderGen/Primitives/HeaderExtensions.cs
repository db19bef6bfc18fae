using System;
using System.Runtime.CompilerServices;

namespace HeaderGen;

/// <summary>
/// What every header has that does not depend on its declaration, written once here rather than emitted for each
/// (C# 14 extension members; a project pinned to an older C# gets these from the generator, in each header): the
/// read for callers that need only the answer. It calls the header's own overload with an error, which builds it only
/// on failure, so the success path is the same code. (The write without an error stays in each header: an extension's
/// receiver of a generic header type is a copy, which the IPv4 write measured at 1.3 ns.)
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
}

