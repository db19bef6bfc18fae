using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HeaderGen;

/// <summary>Throws for generated code, keeping the throw out of the inlined setters. Not for direct use.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ThrowHelper
{
    /// <summary>A view setter got a value wider than its field.</summary>
    [DoesNotReturn]
    public static void FieldOutOfRange(string header, string field, ulong max, long actual) =>
        throw new ArgumentOutOfRangeException(field, actual, string.Create(CultureInfo.InvariantCulture, $"{header}.{field} holds 0 to {max}."));

    /// <summary>A view setter was given null, or a field its header does not carry.</summary>
    [DoesNotReturn]
    public static void FieldAbsent(string header, string field) =>
        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"{header}.{field} is not present in these bytes: its flag is clear and setting it in place would move what follows; write the header again with a value for it."));
}
