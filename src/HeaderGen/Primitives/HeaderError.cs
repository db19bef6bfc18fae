using System.Globalization;
using System.Runtime.CompilerServices;

namespace HeaderGen;

/// <summary>
/// Why and where a header failed to read or write: the header, the field (when one is to blame), the byte offset
/// in the buffer that was given, and the length required against the length present.
/// Creating one never allocates: the names are string literals from the generated code.
/// </summary>
/// <param name="Reason">What went wrong.</param>
/// <param name="Header">The header's name, as in its declaration.</param>
/// <param name="Field">The field to blame, or null.</param>
/// <param name="Offset">The byte offset, in the buffer given to the reader or writer, where the failure is.</param>
/// <param name="Required">For length failures, the length required; otherwise the expected value, if any.</param>
/// <param name="Available">For length failures, the length present; otherwise the value found, if any.</param>
public readonly record struct HeaderError(
    HeaderErrorReason Reason,
    string Header,
    string? Field,
    int Offset,
    long Required,
    long Available)
{
    /// <summary>
    /// Sets <paramref name="error"/> and returns false: the failure path of generated readers and writers, kept out
    /// of line so that their success path stays small enough to inline.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Fail(out HeaderError error, HeaderErrorReason reason, string header, string? field, int offset, long required, long available)
    {
        error = new HeaderError(reason, header, field, offset, required, available);
        return false;
    }

    /// <summary><see cref="HeaderErrorReason.Truncated"/>: <paramref name="available"/> bytes where the header needs <paramref name="required"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Truncated(out HeaderError error, string header, int available, int required) =>
        Fail(out error, HeaderErrorReason.Truncated, header, null, available, required, available);

    /// <summary><see cref="HeaderErrorReason.DestinationTooSmall"/>: <paramref name="available"/> bytes where the header needs <paramref name="required"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool TooSmall(out HeaderError error, string header, int available, int required) =>
        Fail(out error, HeaderErrorReason.DestinationTooSmall, header, null, available, required, available);

    /// <summary><see cref="HeaderErrorReason.ValueOutOfRange"/>: <paramref name="field"/> at <paramref name="offset"/> holds more than <paramref name="max"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool OutOfRange(out HeaderError error, string header, string field, int offset, ulong max, ulong value) =>
        Fail(out error, HeaderErrorReason.ValueOutOfRange, header, field, offset, unchecked((long)max), unchecked((long)value));

    /// <summary><see cref="HeaderErrorReason.BadConstant"/>: <paramref name="field"/> at <paramref name="offset"/> holds another value than its constant.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool NotConstant(out HeaderError error, string header, string field, int offset, ulong constant, ulong value) =>
        Fail(out error, HeaderErrorReason.BadConstant, header, field, offset, unchecked((long)constant), unchecked((long)value));

    /// <summary>True when this is not an error.</summary>
    public bool IsNone => Reason == HeaderErrorReason.None;

    /// <summary>A one-line description, e.g. <c>IPv4: Truncated at offset 14: 20 bytes required, 14 present</c>.</summary>
    public override string ToString()
    {
        var at = Field is null ? $"{Header}" : $"{Header}.{Field}";
        return Reason switch
        {
            HeaderErrorReason.None => "no error",
            HeaderErrorReason.Truncated or HeaderErrorReason.LengthBeyondBuffer or HeaderErrorReason.DestinationTooSmall
                => string.Create(CultureInfo.InvariantCulture, $"{at}: {Reason} at offset {Offset}: {Required} bytes required, {Available} present"),
            HeaderErrorReason.LengthFieldTooSmall
                => string.Create(CultureInfo.InvariantCulture, $"{at}: {Reason} at offset {Offset}: length {Available} is below the fixed part of {Required} bytes"),
            HeaderErrorReason.OptionsLengthMismatch
                => string.Create(CultureInfo.InvariantCulture, $"{at}: {Reason}: header length requires {Required} option bytes, {Available} given"),
            HeaderErrorReason.PresenceMismatch
                => string.Create(CultureInfo.InvariantCulture, $"{at}: {Reason} at offset {Offset}: its condition says {(Required != 0 ? "present" : "absent")}, the value {(Available != 0 ? "has one" : "has none")}"),
            HeaderErrorReason.ValueOutOfRange
                => string.Create(CultureInfo.InvariantCulture, $"{at}: {Reason} at offset {Offset}: at most {Required}, found {Available}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{at}: {Reason} at offset {Offset}: expected {Required}, found {Available}"),
        };
    }
}
