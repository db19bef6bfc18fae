using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HeaderGen.Generators.Model;

/// <summary>A diagnostic to report, held without compilation data (descriptors are static, so compare by reference).</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object?[] messageArgs) =>
        new(descriptor, location, messageArgs.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), MessageArgs.Select(a => (object?)a).ToArray());
}
