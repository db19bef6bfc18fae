using System;
using System.Collections.Generic;
using HeaderGen.Protocols;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Hosts;

/// <summary>
/// The host's UDP (RFC 768): sockets by port, the send path (header, checksum over the IPv4 pseudo-header), the
/// receive path (header and checksum checks, demultiplexing to the socket buffer), and the local short-circuit for
/// datagrams to the host itself.
/// </summary>
internal sealed class UdpLayer : IIpv4Transport
{
    private readonly Host _host;
    private readonly Dictionary<ushort, UdpSocket> _sockets = new();

    public UdpLayer(Host host) => _host = host;

    public UdpSocket Open(ushort port, int bufferLimit)
    {
        if (_sockets.ContainsKey(port))
        {
            throw new InvalidOperationException($"Port {port} is already bound on {_host.Name}.");
        }
        var socket = new UdpSocket(_host, port, bufferLimit);
        _sockets.Add(port, socket);
        return socket;
    }

    public bool Send(UdpSocket socket, Ipv4Address destination, ushort port, ReadOnlySpan<byte> payload)
    {
        if (_host.Tracing)
        {
            _host.Emit(TraceLayer.Application, TraceKind.SyscallEntry, $"sendto(port {socket.Port} -> {destination}:{port}, {payload.Length} bytes)");
        }
        if (_host.IsLocal(destination))
        {
            return ShortCircuit(socket, destination, port, payload);
        }
        if (!_host.Ipv4.TryStart(destination, Ipv4Header.FixedLength + UdpHeader.FixedLength + payload.Length, out var packet))
        {
            return false;
        }
        packet.AllowFragments = !socket.DontFragment;
        packet.Builder.Payload(payload).Push(new UdpHeader { SourcePort = socket.Port, DestinationPort = port });
        if (_host.Tracing)
        {
            _host.Emit(TraceLayer.Transport, TraceKind.TransportHeaderAdded, UdpHeader.ReadOnlyView.CreateUnchecked(packet.Builder.Frame).ToString());
        }
        _host.Counters.UdpSent++;
        return _host.Ipv4.Finish(ref packet);
    }

    public void Receive(Ipv4Header.ReadOnlyView ip, Span<byte> segment)
    {
        var counters = _host.Counters;
        if (!UdpHeader.View.TryCreate(segment, out var udp) || udp.Length < UdpHeader.FixedLength || udp.Length > segment.Length)
        {
            counters.UdpHeaderErrors++;
            _host.Emit(TraceLayer.Transport, TraceKind.Dropped, "malformed UDP header");
            return;
        }
        var datagram = UdpHeader.View.CreateUnchecked(segment[..udp.Length]);
        if (!datagram.VerifyChecksum(Ipv4PseudoHeader.For(ip)))
        {
            counters.UdpBadChecksum++;
            _host.Emit(TraceLayer.Transport, TraceKind.Dropped, $"UDP checksum 0x{udp.Checksum:x4} does not verify");
            return;
        }
        if (_host.Tracing)
        {
            _host.Emit(TraceLayer.Transport, TraceKind.HeaderStripped, datagram.ToString() + " [checksum good]");
        }
        if (!_sockets.TryGetValue(udp.DestinationPort, out var socket))
        {
            counters.UdpNoPort++;
            _host.Emit(TraceLayer.Transport, TraceKind.Dropped, $"no socket on port {udp.DestinationPort}");
            return;
        }
        if (Deliver(socket, datagram.Payload, ip.SourceAddress, udp.SourcePort))
        {
            counters.UdpDelivered++;
        }
        else
        {
            counters.SocketBufferDrops++;
        }
    }

    private bool ShortCircuit(UdpSocket from, Ipv4Address destination, ushort port, ReadOnlySpan<byte> payload)
    {
        _host.Emit(TraceLayer.Socket, TraceKind.LocalShortCircuit, $"{destination} is this host: copy {payload.Length} bytes socket to socket; no headers, no frame, no NIC");
        if (!_sockets.TryGetValue(port, out var socket))
        {
            _host.Counters.LocalDrops++;
            _host.Emit(TraceLayer.Socket, TraceKind.Dropped, $"no socket on port {port}");
            return false;
        }
        if (!Deliver(socket, payload, destination, from.Port))
        {
            _host.Counters.LocalDrops++;
            return false;
        }
        _host.Counters.LocalDeliveries++;
        return true;
    }

    private bool Deliver(UdpSocket socket, ReadOnlySpan<byte> payload, Ipv4Address source, ushort sourcePort)
    {
        if (!socket.Enqueue(payload, source, sourcePort, _host.Scheduler.Now, out bool woken))
        {
            _host.Emit(TraceLayer.Socket, TraceKind.Dropped, $"socket buffer of port {socket.Port} full ({socket.Buffered} of {socket.BufferLimit} bytes)");
            return false;
        }
        if (_host.Tracing)
        {
            _host.Emit(TraceLayer.Socket, TraceKind.SocketBuffered, $"port {socket.Port}: {payload.Length} bytes from {source}:{sourcePort}");
            if (woken)
            {
                _host.Emit(TraceLayer.Application, TraceKind.ReceiverWoken, $"process sleeping in recvfrom on port {socket.Port} woken");
            }
        }
        return true;
    }
}
