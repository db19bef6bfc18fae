using System;

namespace HeaderGen;

/// <summary>
/// Declares the only value a field may hold (IPv4's version is 4). Reading fails with
/// <see cref="HeaderErrorReason.BadConstant"/> when the bytes hold another value; the generated parameterless
/// constructor sets the field to it; writing a value that differs fails the same way.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class ConstantAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="value">The required value.</param>
    public ConstantAttribute(ulong value) => Value = value;

    /// <summary>The required value.</summary>
    public ulong Value { get; }
}
