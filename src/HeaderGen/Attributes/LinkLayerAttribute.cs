using System;

namespace HeaderGen;

/// <summary>Marks the header a frame starts with (Ethernet), where the generated <c>LayerDecoder.Decode(frame)</c> begins.</summary>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class LinkLayerAttribute : Attribute
{
}
