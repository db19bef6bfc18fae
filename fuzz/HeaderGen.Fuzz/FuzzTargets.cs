using System;
using HeaderGen.Options;
using HeaderGen.Protocols;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Wire;
using HeaderGen.Layers;

namespace HeaderGen.Fuzz;

/// <summary>
/// What the fuzzer drives: arbitrary bytes into the decoder and every bundled header's readers, and into a host and a
/// router's receive paths as frames their links deliver. A target throws only on a bug: an exception from HeaderGen,
/// or a broken invariant (a frame not accounted for, a table past its limit), which it reports as
/// <see cref="InvariantException"/>.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The decoder and the readers: a walk, a description, a hex dump, each header's TryRead and views, options.</summary>
    public static void Decoder(ReadOnlySpan<byte> data)
    {
        // Each layer lies inside the frame, inside the layer before it, and after that one's header: the walk always
        // moves on, so it ends within one layer per byte. No depth limit: MPLS stacks and IPv6 extension chains hundreds
        // deep are walked to their end (AFL++ found such frames; LayerDecoderTests pins them down).
        var walk = LayerDecoder.Decode(data);
        int floor = 0, ceiling = data.Length;
        // The walk's first layers, for the templates below.
        Span<(LayerKind Kind, int Offset, int Length)> walked = stackalloc (LayerKind, int, int)[8];
        int count = 0;
        while (walk.MoveNext())
        {
            var layer = walk.Current;
            if (count < walked.Length)
            {
                walked[count++] = (layer.Kind, layer.Offset, layer.Data.Length);
            }
            int end = layer.Offset + layer.Data.Length;
            if (layer.Offset < floor || end > ceiling || layer.HeaderLength < 1 || layer.HeaderLength > layer.Data.Length)
            {
                throw new InvariantException($"layer {layer.Kind} [{layer.Offset}, {end}) with a {layer.HeaderLength}-byte header is not inside [{floor}, {ceiling}) of the {data.Length}-byte frame");
            }
            floor = layer.PayloadOffset;
            ceiling = end;
            _ = layer.ToString();
        }
        Templates(data, walked[..count]);
        _ = LayerDecoder.Describe(data);
        _ = LayerDecoder.HexDump(data, LayerKind.EthernetHeader);
        _ = EthernetHeader.TryRead(data, out _, out _);
        _ = Ieee8021QTag.TryRead(data, out _, out _);
        _ = ArpPacket.TryRead(data, out _, out _);
        _ = IcmpHeader.TryRead(data, out _, out _);
        _ = UdpHeader.TryRead(data, out _, out _);
        if (Ipv4Header.ReadOnlyView.TryCreate(data, out var ip, out _))
        {
            _ = ip.VerifyChecksum();
            _ = ip.ToString();
            Walk(new OptionReader(ip.Options, "IPv4 options"));
        }
        Ipv6(data);
        if (data.Length > EthernetHeader.FixedLength)
        {
            Ipv6(data.Slice(EthernetHeader.FixedLength));
        }
        _ = Icmpv6Header.TryRead(data, out _, out _);
        Tunnels(data);
        if (TcpHeader.ReadOnlyView.TryCreate(data, out var tcp, out _))
        {
            _ = tcp.ToString();
            var reader = new OptionReader(tcp.Options, "TCP options");
            while (reader.MoveNext())
            {
                var option = reader.Current;
                _ = TcpOptions.TryGetMaximumSegmentSize(option, out _) | TcpOptions.TryGetTimestamps(option, out _, out _)
                    | TcpOptions.TryGetWindowScale(option, out _) | TcpOptions.IsSackPermitted(option);
                for (int i = 0; i < TcpOptions.SackBlockCount(option); i++)
                {
                    _ = TcpOptions.TryGetSackBlock(option, i, out _, out _);
                }
            }
        }
    }

    /// <summary>Inputs a template parsed, so far (the smoke test checks that the templates' invariant was exercised).</summary>
    public static long TemplateMatches;

    // Each template parses exactly the frames whose walk begins with its layers, its innermost view over the bytes the
    // walk gives that layer and its payload inside them.
    private static void Templates(ReadOnlySpan<byte> data, ReadOnlySpan<(LayerKind Kind, int Offset, int Length)> walked)
    {
        Match(data, walked, [LayerKind.EthernetHeader, LayerKind.Ipv4Header, LayerKind.UdpHeader],
            UdpOverIpv4.TryParse(data, out _, out _, out var udp, out var payload), udp.Buffer, payload);
        Match(data, walked, [LayerKind.EthernetHeader, LayerKind.Ipv4Header, LayerKind.GreHeader, LayerKind.Ipv4Header, LayerKind.UdpHeader],
            UdpOverGre.TryParse(data, out _, out _, out _, out _, out udp, out payload), udp.Buffer, payload);
        Match(data, walked, [LayerKind.EthernetHeader, LayerKind.Ipv6Header, LayerKind.Ipv6HopByHopHeader, LayerKind.Ipv6FragmentHeader, LayerKind.UdpHeader],
            UdpOverIpv6Extensions.TryParse(data, out _, out _, out _, out _, out udp, out payload), udp.Buffer, payload);
        Match(data, walked, [LayerKind.EthernetHeader, LayerKind.MplsHeader, LayerKind.MplsHeader, LayerKind.Ipv6Header],
            Ipv6OverMpls.TryParse(data, out _, out _, out _, out var ip6, out payload), ip6.Buffer, payload);
        Match(data, walked, [LayerKind.EthernetHeader, LayerKind.Ipv4Header, LayerKind.UdpHeader, LayerKind.VxlanHeader, LayerKind.EthernetHeader],
            EthernetOverVxlan.TryParse(data, out _, out _, out _, out _, out var inner, out payload), inner.Buffer, payload);
    }

    private static void Match(ReadOnlySpan<byte> data, ReadOnlySpan<(LayerKind Kind, int Offset, int Length)> walked, ReadOnlySpan<LayerKind> layers,
        bool parsed, ReadOnlySpan<byte> innermost, ReadOnlySpan<byte> payload)
    {
        bool walks = walked.Length >= layers.Length;
        for (int i = 0; walks && i < layers.Length; i++)
        {
            walks = walked[i].Kind == layers[i];
        }
        if (walks != parsed)
        {
            throw new InvariantException($"a template of {layers.Length} layers {(parsed ? "parsed" : "refused")} a frame the walk {(walks ? "reads" : "does not read")} as those layers");
        }
        if (parsed)
        {
            TemplateMatches++;
            var last = walked[layers.Length - 1];
            long at = System.Runtime.CompilerServices.Unsafe.ByteOffset(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(data),
                ref System.Runtime.InteropServices.MemoryMarshal.GetReference(innermost));
            long payloadAt = System.Runtime.CompilerServices.Unsafe.ByteOffset(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(data),
                ref System.Runtime.InteropServices.MemoryMarshal.GetReference(payload));
            if (at != last.Offset || innermost.Length != last.Length || payloadAt < at || payloadAt + payload.Length != at + innermost.Length)
            {
                throw new InvariantException($"a template's innermost layer [{at}, {at + innermost.Length}) and payload at {payloadAt} are not the walk's [{last.Offset}, {last.Offset + last.Length})");
            }
        }
    }

    // The headers the declaration language added, read at the input's start: optional fields at offsets the flags give,
    // option lists walked by their own lengths, never outside the header.
    private static void Tunnels(ReadOnlySpan<byte> data)
    {
        if (GreHeader.ReadOnlyView.TryCreate(data, out var gre, out _))
        {
            if (gre.HeaderLength > data.Length)
            {
                throw new InvariantException($"GRE claims {gre.HeaderLength} bytes of {data.Length}");
            }
            _ = gre.VerifyChecksum();
            _ = gre.ToString();
        }
        if (GeneveHeader.ReadOnlyView.TryCreate(data, out var geneve, out _))
        {
            var list = geneve.OptionList;
            int covered = 0;
            while (list.MoveNext())
            {
                covered += list.Current.Length;
                _ = GeneveOption.ReadOnlyView.CreateUnchecked(list.Current).ToString();
            }
            if (covered > geneve.Options.Length || (covered < geneve.Options.Length && list.Error.IsNone))
            {
                throw new InvariantException($"Geneve options covered {covered} of {geneve.Options.Length} bytes, error {list.Error}");
            }
        }
        _ = MplsHeader.TryRead(data, out _, out _);
        _ = VxlanHeader.TryRead(data, out _, out _);
        _ = AuthenticationHeader.TryRead(data, out _, out _);
        if (data.Length > EthernetHeader.FixedLength && Ipv4Header.ReadOnlyView.TryCreate(data.Slice(EthernetHeader.FixedLength), out var ip, out _)
            && ip.TotalLength >= ip.HeaderLength && ip.TotalLength <= ip.Buffer.Length)
        {
            // Past an AH the pseudo-header's length shrinks by the AH's: never past the datagram.
            var pseudo = Ipv4PseudoHeader.For(ip);
            if (pseudo.Length > ip.TotalLength - ip.HeaderLength)
            {
                throw new InvariantException($"the IPv4 pseudo-header claims {pseudo.Length} bytes of {ip.TotalLength - ip.HeaderLength}");
            }
        }
    }

    private static void Ipv6(ReadOnlySpan<byte> data)
    {
        if (Ipv6Header.ReadOnlyView.TryCreate(data, out var ip6, out _))
        {
            // The pseudo-header walks the extension headers by their own lengths: any bytes, never outside them.
            var pseudo = Ipv6PseudoHeader.For(ip6);
            if (pseudo.Length > (uint)ip6.Payload.Length)
            {
                throw new InvariantException($"the IPv6 pseudo-header claims {pseudo.Length} upper-layer bytes of {ip6.Payload.Length}");
            }
            if (UdpHeader.ReadOnlyView.TryCreate(ip6.Payload, out var udp6))
            {
                _ = udp6.VerifyChecksum(pseudo);
            }
            if (Icmpv6Header.ReadOnlyView.TryCreate(ip6.Payload, out var icmp6))
            {
                _ = icmp6.VerifyChecksum(pseudo);
            }
        }
    }

    private static void Walk(OptionReader reader)
    {
        int steps = 0;
        while (reader.MoveNext())
        {
            if (++steps > 40)
            {
                throw new InvariantException("the option reader walked more options than the region has bytes");
            }
        }
    }

    /// <summary>
    /// The receive paths: <paramref name="data"/> is cut into frames (a byte choosing the NIC, two bytes of length, the
    /// frame), each delivered with a good FCS to a host or a router as its link would, the clock run between them. Then
    /// every frame must be accounted for and every table within its limit.
    /// </summary>
    public static void HostReceive(ReadOnlySpan<byte> data, Network network)
    {
        var nics = network.Nics;
        var frame = new byte[PacketBuffer.Size + 8];
        while (data.Length >= 3)
        {
            var nic = nics[data[0] % nics.Length];
            int length = Math.Min((data[1] << 8 | data[2]) % 1600, data.Length - 3);
            var bytes = data.Slice(3, length);
            data = data[(3 + length)..];
            bytes.CopyTo(frame);
            EthernetTrailer.TryAppend(frame, length, out int withFcs);
            nic.ReceiveFromWire(frame.AsSpan(0, withFcs));
            network.Scheduler.RunUntil(network.Scheduler.Now + 50 * Scheduler.Microsecond);
        }
        network.Scheduler.RunUntil(network.Scheduler.Now + 2 * Scheduler.Second);
        network.Check();
    }

    /// <summary>A host (10.0.1.10) and a router (10.0.1.1, 10.0.2.1) on one link, the router's other link to a host (10.0.2.2).</summary>
    public sealed class Network
    {
        public Network()
        {
            Scheduler = new Scheduler(1);
            var h = new Nic("eth0", MacAddress.Parse("02:00:00:00:01:0a"), Scheduler);
            var r0 = new Nic("eth0", MacAddress.Parse("02:00:00:00:01:01"), Scheduler);
            var r1 = new Nic("eth1", MacAddress.Parse("02:00:00:00:02:01"), Scheduler);
            var b = new Nic("eth0", MacAddress.Parse("02:00:00:00:02:0b"), Scheduler);
            new PointToPointLink("h-r", Scheduler).Connect(h, r0);
            new PointToPointLink("r-b", Scheduler).Connect(r1, b);
            Host = new Host("H", Scheduler);
            Host.AddInterface(h, Ipv4Address.Parse("10.0.1.10"), 24);
            Host.AddDefaultRoute(Ipv4Address.Parse("10.0.1.1"));
            Host.OpenUdp(5000);
            Router = new Router("R", Scheduler);
            Router.AddInterface(r0, Ipv4Address.Parse("10.0.1.1"), 24);
            Router.AddInterface(r1, Ipv4Address.Parse("10.0.2.1"), 24);
            Far = new Host("B", Scheduler);
            Far.AddInterface(b, Ipv4Address.Parse("10.0.2.2"), 24);
            Far.AddDefaultRoute(Ipv4Address.Parse("10.0.2.1"));
            Far.OpenUdp(6000);
            Nics = [h, r0, r1, b];
            // TCP: a listener on each host and a connection between them, open before the first input.
            Host.ListenTcp(TcpPort, backlog: 8, maxHalfOpen: 16);
            var farListener = Far.ListenTcp(TcpPort, backlog: 8, maxHalfOpen: 16);
            var connection = Host.ConnectTcp(Ipv4Address.Parse("10.0.2.2"), TcpPort);
            Scheduler.RunUntil(Scheduler.Now + Scheduler.Second);
            if (connection.State != Stack.Tcp.TcpState.Established || !farListener.TryAccept(out _))
            {
                throw new InvariantException($"the fuzz network's TCP connection did not open: {connection.State}");
            }
        }

        /// <summary>The port both hosts listen on.</summary>
        public const ushort TcpPort = 80;

        /// <summary>Connections a host may hold: the open one, and each listener's half-open and accept queues.</summary>
        private const int MaxTcpConnections = 1 + 16 + 8;

        public Scheduler Scheduler { get; }

        public Host Host { get; }

        public Router Router { get; }

        public Host Far { get; }

        public Nic[] Nics { get; }

        /// <summary>Throws <see cref="InvariantException"/> when a frame is unaccounted for or a table is past its limit.</summary>
        public void Check()
        {
            foreach (var host in new[] { Host, Router, Far })
            {
                if (host.UnaccountedFrames != 0)
                {
                    throw new InvariantException($"{host.Name}: {host.UnaccountedFrames} frames without an outcome");
                }
                foreach (var networkInterface in host.Interfaces)
                {
                    if (networkInterface.Neighbors.Count > networkInterface.Neighbors.Capacity)
                    {
                        throw new InvariantException($"{host.Name} {networkInterface.Nic.Name}: neighbour table past its capacity");
                    }
                }
                if (host.EchoReplies.Count > host.EchoReplies.Capacity || host.IcmpMessages.Count > host.IcmpMessages.Capacity)
                {
                    throw new InvariantException($"{host.Name}: ICMP records past their capacity");
                }
                if (host.TcpConnections > MaxTcpConnections)
                {
                    throw new InvariantException($"{host.Name}: {host.TcpConnections} TCP connections, past the listeners' limits");
                }
            }
        }
    }
}

/// <summary>A broken invariant the fuzzer found.</summary>
public sealed class InvariantException(string message) : Exception(message);

[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader))]
internal static partial class UdpOverIpv4;

[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(GreHeader), typeof(Ipv4Header), typeof(UdpHeader))]
internal static partial class UdpOverGre;

[FrameTemplate(typeof(EthernetHeader), typeof(Ipv6Header), typeof(Ipv6HopByHopHeader), typeof(Ipv6FragmentHeader), typeof(UdpHeader))]
internal static partial class UdpOverIpv6Extensions;

[FrameTemplate(typeof(EthernetHeader), typeof(MplsHeader), typeof(MplsHeader), typeof(Ipv6Header))]
internal static partial class Ipv6OverMpls;

[FrameTemplate(typeof(EthernetHeader), typeof(Ipv4Header), typeof(UdpHeader), typeof(VxlanHeader), typeof(EthernetHeader))]
internal static partial class EthernetOverVxlan;
