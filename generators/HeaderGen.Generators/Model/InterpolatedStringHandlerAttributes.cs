// netstandard2.0 lacks the attributes that let the compiler build interpolated strings through a handler; the
// compiler finds them by name, so the emitter's line handlers (SourceWriter) work with these.
namespace System.Runtime.CompilerServices;

[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
internal sealed class InterpolatedStringHandlerAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
internal sealed class InterpolatedStringHandlerArgumentAttribute : Attribute
{
    public InterpolatedStringHandlerArgumentAttribute(string argument) => Arguments = new[] { argument };

    public string[] Arguments { get; }
}
