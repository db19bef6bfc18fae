using System;
using HeaderGen.Protocols;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Hosts;

/// <summary>
/// The host's ICMP (RFC 792): answers echo requests, records echo replies and error messages (bounded), and sends
/// echo requests and the errors the forwarder raises.
/// </summary>
internal sealed class IcmpLayer : IIpv4Transport
{
    private readonly Host _host;

    public IcmpLayer(Host host) => _host = host;

    public RecentRecords<EchoReply> EchoReplies { get; } = new();

    public RecentRecords<(Ipv4Address From, IcmpType Type, byte Code, long Time)> Messages { get; } = new();

    /// <summary>Sends an ICMP message of <paramref name="icmp"/> with <paramref name="data"/> to <paramref name="destination"/>.</summary>
    public bool Send(Ipv4Address destination, IcmpHeader icmp, ReadOnlySpan<byte> data)
    {
        if (!_host.Ipv4.TryStart(destination, Ipv4Header.FixedLength + IcmpHeader.FixedLength + data.Length, out var packet))
        {
            return false;
        }
        packet.Builder.Payload(data).Push(icmp);
        if (_host.Tracing)
        {
            _host.Emit(TraceLayer.Transport, TraceKind.TransportHeaderAdded, IcmpHeader.ReadOnlyView.CreateUnchecked(packet.Builder.Frame).ToString());
        }
        return _host.Ipv4.Finish(ref packet);
    }

    public void Receive(Ipv4Header.ReadOnlyView ip, Span<byte> message)
    {
        var counters = _host.Counters;
        if (!IcmpHeader.View.TryCreate(message, out var icmp) || !icmp.VerifyChecksum())
        {
            counters.IcmpBadChecksum++;
            _host.Emit(TraceLayer.Transport, TraceKind.Dropped, "ICMP checksum does not verify");
            return;
        }
        if (_host.Tracing)
        {
            _host.Emit(TraceLayer.Transport, TraceKind.HeaderStripped, icmp.ToString() + " [checksum good]");
        }
        switch (icmp.Type)
        {
            case IcmpType.EchoRequest:
                _host.Emit(TraceLayer.Transport, TraceKind.EchoReplied, $"echo request from {ip.SourceAddress}: replying");
                if (Send(ip.SourceAddress, new IcmpHeader { Type = IcmpType.EchoReply, RestOfHeader = icmp.RestOfHeader }, icmp.Payload))
                {
                    counters.EchoRequestsAnswered++;
                }
                else
                {
                    counters.EchoReplyFailed++;
                }
                break;
            case IcmpType.EchoReply:
                counters.EchoRepliesReceived++;
                EchoReplies.Add(new EchoReply(ip.SourceAddress, (ushort)(icmp.RestOfHeader >> 16), (ushort)icmp.RestOfHeader, ip.TimeToLive, _host.Scheduler.Now));
                break;
            default:
                counters.IcmpOtherReceived++;
                Messages.Add((ip.SourceAddress, icmp.Type, icmp.Code, _host.Scheduler.Now));
                break;
        }
    }

    /// <summary>Sends an ICMP error about <paramref name="packet"/> back to its source, quoting its header and 8 bytes of its data (RFC 792).</summary>
    public void SendError(IcmpType type, byte code, uint restOfHeader, Span<byte> packet, string why)
    {
        var ip = Ipv4Header.ReadOnlyView.CreateUnchecked(packet);
        // Never an error about an ICMP error (RFC 1122, 3.2.2).
        if (ip.Protocol == IpProtocol.Icmp && packet.Length > ip.HeaderLength
            && (IcmpType)packet[ip.HeaderLength] is not (IcmpType.EchoRequest or IcmpType.EchoReply))
        {
            return;
        }
        int quoted = Math.Min(packet.Length, ip.HeaderLength + 8);
        _host.Emit(TraceLayer.Network, TraceKind.IcmpErrorSent, $"{why}: {type} code {code} to {ip.SourceAddress}, quoting {quoted} bytes");
        Send(ip.SourceAddress, new IcmpHeader { Type = type, Code = code, RestOfHeader = restOfHeader }, packet[..quoted]);
    }
}
