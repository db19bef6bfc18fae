using System;

namespace HeaderGen;

/// <summary>
/// Declares a frame whose layers are known when the code is written (Ethernet, IPv4, UDP; or Ethernet, IPv4, GRE,
/// IPv4, UDP), on a <c>static partial class</c>. The generator adds <c>TryBuild</c>, which writes the frame at the
/// start of a buffer in one method: the payload, then each header from the innermost out, with what
/// <c>FrameBuilder</c>'s pushes fill filled the same way (lengths, selectors left at zero, checksums with their
/// pseudo-headers), then the padding and the trailer. It builds what a chain of <c>FrameBuilder</c> steps over the same
/// layers builds, byte for byte, without the builder's state between steps, so the JIT keeps the whole frame in
/// registers and folds what the layering fixes.
/// </summary>
/// <example>
/// <code>
/// [FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader), typeof(EthernetTrailer), PadTo = 60)]
/// public static partial class UdpFrame;
///
/// UdpFrame.TryBuild(buffer, new EthernetHeader { ... }, new Ipv4Header { ... }, new UdpHeader { ... }, payload,
///     out int length, out HeaderError error);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class FrameTemplateAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="layers">
    /// The <c>[Header]</c> types from the outermost (the link layer) in: each bound under the one before it. The last may
    /// be a trailer (a header with a <c>CrcCoverage.Preceding</c> CRC, such as <c>EthernetTrailer</c>).
    /// </param>
    public FrameTemplateAttribute(params Type[] layers) => Layers = layers;

    /// <summary>The layers, outermost first.</summary>
    public Type[] Layers { get; }

    /// <summary>
    /// The length in bytes the frame is padded to with zeros before the trailer when it is shorter (Ethernet: 60, so
    /// that with the 4-byte FCS it reaches the 64-byte minimum); 0, the default, pads nothing.
    /// </summary>
    public int PadTo { get; set; }
}
