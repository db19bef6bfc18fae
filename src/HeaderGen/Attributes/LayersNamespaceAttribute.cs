using System;

namespace HeaderGen;

/// <summary>
/// The namespace the generator puts the assembly's layer types in (<c>LayerKind</c>, <c>Layer</c>,
/// <c>LayerEnumerator</c>, <c>LayerDecoder</c>, <c>FrameBuilder</c>); without it, the assembly's name. A library of
/// headers sets it to a namespace of its own (HeaderGen's is <c>HeaderGen.Layers</c>), so that an application that
/// imports the library's header namespace and its own never sees two <c>FrameBuilder</c> types and needs no alias.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false, Inherited = false)]
public sealed class LayersNamespaceAttribute(string name) : Attribute
{
    /// <summary>The namespace, dotted (<c>Acme.Protocols.Layers</c>).</summary>
    public string Name { get; } = name;
}
