using System;

namespace HeaderGen;

/// <summary>
/// Makes a field optional: present on the wire only when an earlier field of the fixed part says so. With one argument
/// the field is present when that field is set (a <c>bool</c> flag, or an integer other than 0); with two, when it
/// equals the value. The field is declared nullable (<c>uint? Key</c>): null when absent.
/// <para>
/// Optional fields follow the fixed part, in declaration order, each at the offset the present ones before it leave;
/// the header's length is the fixed part plus the present optional fields (GRE, RFC 2784/2890: checksum, key and
/// sequence number behind the C, K and S bits). Writing sets a <c>bool</c> flag from the value: set when any field it
/// governs holds a value (the others of its group are written as 0); an integer or equality condition must agree with
/// the values given, or writing fails with <see cref="HeaderErrorReason.PresenceMismatch"/>.
/// </para>
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class PresentWhenAttribute : Attribute
{
    /// <summary>Present when <paramref name="field"/> is set: a <c>bool</c> true, or an integer or enum other than 0.</summary>
    /// <param name="field">A field of the fixed part, before this one (<c>nameof(KeyPresent)</c>).</param>
    public PresentWhenAttribute(string field) => Field = field;

    /// <summary>Present when <paramref name="field"/> holds <paramref name="value"/>.</summary>
    /// <param name="field">An integer or enum field of the fixed part, before this one.</param>
    /// <param name="value">The value that makes this field present.</param>
    public PresentWhenAttribute(string field, ulong value)
    {
        Field = field;
        Value = value;
        HasValue = true;
    }

    /// <summary>The field the condition reads.</summary>
    public string Field { get; }

    /// <summary>The value the field must hold, when <see cref="HasValue"/>.</summary>
    public ulong Value { get; }

    /// <summary>Whether the condition is an equality (two arguments) rather than "set".</summary>
    public bool HasValue { get; }
}
