using HeaderGen;
using HeaderGen.Protocols;

namespace Quickstart;

/// <summary>
/// The frame the send path builds, as a template: the generator writes its whole build (<c>TryBuild</c>) and its whole
/// parse (<c>TryParse</c>) as one method each, for a stack known when the code is written.
/// </summary>
[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader), typeof(EthernetTrailer), PadTo = 60)]
public static partial class UdpFrame;
