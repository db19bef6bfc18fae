using System;
using System.Collections.Generic;
using HeaderGen.Options;
using HeaderGen.Protocols;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Tcp;

/// <summary>A received segment's header fields and data, read once from the generated view.</summary>
internal readonly ref struct Segment
{
    public Segment(TcpHeader.ReadOnlyView tcp, ReadOnlySpan<byte> data)
    {
        Seq = tcp.SequenceNumber;
        Ack = tcp.AcknowledgmentNumber;
        Window = tcp.Window;
        IsAck = tcp.Ack;
        IsSyn = tcp.Syn;
        IsFin = tcp.Fin;
        IsRst = tcp.Rst;
        Data = data;
        Mss = 0;
        WindowScale = -1;
        SackPermitted = false;
        foreach (var option in new OptionReader(tcp.Options, "TCP options"))
        {
            if (TcpOptions.TryGetMaximumSegmentSize(option, out ushort mss))
            {
                Mss = mss;
            }
            else if (TcpOptions.TryGetWindowScale(option, out byte shift))
            {
                WindowScale = Math.Min((int)shift, MaxWindowScale);   // RFC 7323 2.3: more than 14 is taken as 14
            }
            else if (TcpOptions.IsSackPermitted(option))
            {
                SackPermitted = true;
            }
            else if (TcpOptions.TryGetTimestamps(option, out uint value, out uint echo))
            {
                HasTimestamp = true;
                TsVal = value;
                TsEcr = echo;
            }
            else
            {
                for (int i = 0; i < TcpOptions.SackBlockCount(option) && SackCount < 4; i++)
                {
                    TcpOptions.TryGetSackBlock(option, i, out uint left, out uint right);
                    Sack = Sack.With(SackCount++, left, right);
                }
            }
        }
    }

    /// <summary>The SACK blocks (RFC 2018 3), up to four.</summary>
    public SackBlocks Sack { get; }

    /// <summary>How many of <see cref="Sack"/> hold blocks.</summary>
    public int SackCount { get; }

    /// <summary>Whether the timestamps option is present (RFC 7323 3).</summary>
    public bool HasTimestamp { get; }

    /// <summary>The sender's timestamp clock.</summary>
    public uint TsVal { get; }

    /// <summary>The timestamp echoed back.</summary>
    public uint TsEcr { get; }

    /// <summary>RFC 7323 2.3: the largest shift.</summary>
    public const int MaxWindowScale = 14;

    /// <summary>The window scale option's shift, or -1 when there is none.</summary>
    public int WindowScale { get; }

    /// <summary>Whether the SACK-permitted option is present (RFC 2018).</summary>
    public bool SackPermitted { get; }

    public uint Seq { get; }

    public uint Ack { get; }

    public ushort Window { get; }

    public bool IsAck { get; }

    public bool IsSyn { get; }

    public bool IsFin { get; }

    public bool IsRst { get; }

    public ReadOnlySpan<byte> Data { get; }

    /// <summary>The MSS option's value, or 0 when there is none.</summary>
    public ushort Mss { get; }

    /// <summary>The sequence space it occupies: its data, and one each for SYN and FIN.</summary>
    public uint Length => (uint)Data.Length + (IsSyn ? 1u : 0u) + (IsFin ? 1u : 0u);
}

/// <summary>Up to four SACK blocks, held by value (a segment allocates nothing).</summary>
internal readonly record struct SackBlocks(uint L0, uint R0, uint L1, uint R1, uint L2, uint R2, uint L3, uint R3)
{
    public SackBlocks With(int index, uint left, uint right) => index switch
    {
        0 => this with { L0 = left, R0 = right },
        1 => this with { L1 = left, R1 = right },
        2 => this with { L2 = left, R2 = right },
        _ => this with { L3 = left, R3 = right },
    };

    public (uint Left, uint Right) this[int index] => index switch { 0 => (L0, R0), 1 => (L1, R1), 2 => (L2, R2), _ => (L3, R3) };
}

/// <summary>A connection's key in its host: local port, remote address and port (the local address is the host's).</summary>
internal readonly record struct ConnectionKey(ushort LocalPort, Ipv4Address Remote, ushort RemotePort);

/// <summary>
/// The host's TCP (RFC 9293): listeners by port, connections by their addresses and ports, the receive path (header
/// and checksum checks, demultiplexing, resets for segments no socket wants), the send path (header, options and
/// checksum over the IPv4 pseudo-header, through <c>Ipv4Layer</c>), ISNs (RFC 6528) and the challenge-ACK limit
/// (RFC 5961 7).
/// </summary>
internal sealed class TcpLayer : IIpv4Transport
{
    /// <summary>RFC 5961 7: challenge ACKs a host sends per second at most (Linux's <c>tcp_challenge_ack_limit</c> was 1000).</summary>
    public const int ChallengeAckLimit = 1000;

    /// <summary>The first ephemeral port (IANA's dynamic range, RFC 6335).</summary>
    private const ushort FirstEphemeralPort = 49152;

    private readonly Dictionary<ushort, TcpListener> _listeners = new();
    private readonly Dictionary<ConnectionKey, TcpConnection> _connections = new();
    private readonly InitialSequenceNumbers _isn;
    private readonly byte[] _segment;
    private ushort _nextEphemeral = FirstEphemeralPort;
    private long _challengeSecond = -1;
    private int _challengesThisSecond;

    internal TcpLayer(Host host)
    {
        Host = host;
        _isn = new InitialSequenceNumbers(host.Scheduler.Random);
        _segment = new byte[ushort.MaxValue];
    }

    internal Host Host { get; }

    /// <summary>The counters.</summary>
    public TcpCounters Counters { get; } = new();

    /// <summary>Connections the host holds (all states but LISTEN and CLOSED).</summary>
    public int Connections => _connections.Count;

    /// <summary>Bytes in each new connection's send and receive buffers (256 KB, a window scaling shift of 2; 64 KB at most when the peer does not scale).</summary>
    public int BufferSize { get; set; } = 256 * 1024;

    /// <summary>The congestion controller of connections opened from now on (CUBIC by default, as Linux).</summary>
    public TcpCongestionControl CongestionControl { get; set; } = TcpCongestionControl.Cubic;

    internal long Now => Host.Scheduler.Now;

    /// <summary>Opens a listener on <paramref name="port"/> (<c>listen()</c>).</summary>
    public TcpListener Listen(ushort port, int backlog = 16, int maxHalfOpen = 64)
    {
        if (_listeners.ContainsKey(port))
        {
            throw new InvalidOperationException($"TCP port {port} already has a listener on {Host.Name}.");
        }
        var listener = new TcpListener(this, port, backlog, maxHalfOpen);
        _listeners.Add(port, listener);
        return listener;
    }

    /// <summary>Starts an active open to <paramref name="remote"/>:<paramref name="remotePort"/> from an ephemeral port (<c>connect()</c>).</summary>
    public TcpConnection Connect(Ipv4Address remote, ushort remotePort)
    {
        var route = Host.Routes.Lookup(remote) ?? throw new InvalidOperationException($"{Host.Name} has no route to {remote}.");
        ushort local = NextEphemeralPort(remote, remotePort);
        var connection = new TcpConnection(this, route.Interface.Address, local, remote, remotePort, listener: null, route.Interface.Mtu);
        _connections.Add(new ConnectionKey(local, remote, remotePort), connection);
        connection.Open(_isn.Next(route.Interface.Address, local, remote, remotePort, Now));
        return connection;
    }

    private ushort NextEphemeralPort(Ipv4Address remote, ushort remotePort)
    {
        for (int tries = 0; tries < 65536 - FirstEphemeralPort; tries++)
        {
            ushort port = _nextEphemeral;
            _nextEphemeral = _nextEphemeral == ushort.MaxValue ? FirstEphemeralPort : (ushort)(_nextEphemeral + 1);
            if (!_listeners.ContainsKey(port) && !_connections.ContainsKey(new ConnectionKey(port, remote, remotePort)))
            {
                return port;
            }
        }
        throw new InvalidOperationException($"{Host.Name} has no ephemeral port left to {remote}:{remotePort}.");
    }

    /// <inheritdoc/>
    public void Receive(Ipv4Header.ReadOnlyView ip, Span<byte> segment)
    {
        if (!TcpHeader.ReadOnlyView.TryCreate(segment, out var tcp))
        {
            Counters.HeaderErrors++;
            Host.Emit(TraceLayer.Transport, TraceKind.Dropped, "malformed TCP header");
            return;
        }
        if (!tcp.VerifyChecksum(Ipv4PseudoHeader.For(ip)))
        {
            Counters.BadChecksum++;
            Host.Emit(TraceLayer.Transport, TraceKind.Dropped, $"TCP checksum 0x{tcp.Checksum:x4} does not verify");
            return;
        }
        if (Host.Tracing)
        {
            Host.Emit(TraceLayer.Transport, TraceKind.HeaderStripped, tcp.ToString() + " [checksum good]");
        }
        var received = new Segment(tcp, tcp.Payload);
        if (_connections.TryGetValue(new ConnectionKey(tcp.DestinationPort, ip.SourceAddress, tcp.SourcePort), out var connection))
        {
            Counters.SegmentsReceived++;
            connection.OnSegment(received);
            connection.Wake();
            connection.Listener?.Wake();
            return;
        }
        if (_listeners.TryGetValue(tcp.DestinationPort, out var listener))
        {
            Counters.SegmentsReceived++;
            OnListen(listener, ip, tcp, received);
            return;
        }
        Counters.NoSocket++;
        Host.Emit(TraceLayer.Transport, TraceKind.Dropped, $"no TCP socket on port {tcp.DestinationPort}");
        ResetFor(ip.DestinationAddress, tcp.DestinationPort, ip.SourceAddress, tcp.SourcePort, received);
    }

    /// <summary>RFC 9293 3.10.7.2, LISTEN: a SYN opens a connection in SYN-RECEIVED; an ACK is answered by a reset; the rest is dropped.</summary>
    private void OnListen(TcpListener listener, Ipv4Header.ReadOnlyView ip, TcpHeader.ReadOnlyView tcp, Segment segment)
    {
        if (segment.IsRst)
        {
            Counters.Ignored++;
            return;
        }
        if (segment.IsAck)
        {
            ResetFor(ip.DestinationAddress, tcp.DestinationPort, ip.SourceAddress, tcp.SourcePort, segment);
            return;
        }
        if (!segment.IsSyn)
        {
            Counters.Ignored++;
            return;
        }
        if (listener.HalfOpen >= listener.MaxHalfOpen)
        {
            Counters.SynQueueDrops++;
            Host.Emit(TraceLayer.Transport, TraceKind.Dropped, $"SYN queue of port {listener.Port} full ({listener.HalfOpen})");
            return;
        }
        var route = Host.Routes.Lookup(ip.SourceAddress);
        if (route is null)
        {
            Counters.Ignored++;
            return;
        }
        var connection = new TcpConnection(this, ip.DestinationAddress, tcp.DestinationPort, ip.SourceAddress, tcp.SourcePort, listener, route.Interface.Mtu);
        _connections.Add(new ConnectionKey(tcp.DestinationPort, ip.SourceAddress, tcp.SourcePort), connection);
        listener.HalfOpen++;
        connection.Accept(segment, _isn.Next(ip.DestinationAddress, tcp.DestinationPort, ip.SourceAddress, tcp.SourcePort, Now));
    }

    /// <summary>
    /// The reset for a segment no connection wants (RFC 9293 3.10.7.1): none for a reset; &lt;SEQ=SEG.ACK&gt;&lt;RST&gt; when it
    /// carries an ACK; else &lt;SEQ=0&gt;&lt;ACK=SEG.SEQ+SEG.LEN&gt;&lt;RST,ACK&gt;.
    /// </summary>
    internal void ResetFor(Ipv4Address local, ushort localPort, Ipv4Address remote, ushort remotePort, in Segment segment)
    {
        if (segment.IsRst)
        {
            return;
        }
        var reset = segment.IsAck
            ? new TcpHeader { SourcePort = localPort, DestinationPort = remotePort, SequenceNumber = segment.Ack, Rst = true }
            : new TcpHeader { SourcePort = localPort, DestinationPort = remotePort, AcknowledgmentNumber = segment.Seq + segment.Length, Rst = true, Ack = true };
        Counters.ResetsSent++;
        Send(remote, reset, default, default);
    }

    /// <summary>RFC 5961 7: whether another challenge ACK may go this second.</summary>
    internal bool MayChallenge()
    {
        long second = Now / Simulation.Scheduler.Second;
        if (second != _challengeSecond)
        {
            _challengeSecond = second;
            _challengesThisSecond = 0;
        }
        return ++_challengesThisSecond <= ChallengeAckLimit;
    }

    /// <summary>Builds the segment (header, options, data; checksum over the IPv4 pseudo-header) and hands it to IPv4.</summary>
    internal bool Send(Ipv4Address remote, TcpHeader header, ReadOnlySpan<byte> options, ReadOnlySpan<byte> data)
    {
        header.DataOffset = (byte)((TcpHeader.FixedLength + options.Length) / 4);
        if (!Host.Ipv4.TryStart(remote, Ipv4Header.FixedLength + TcpHeader.FixedLength + options.Length + data.Length, out var packet))
        {
            return false;
        }
        packet.Builder.Payload(data).Push(header, options);
        if (Host.Tracing)
        {
            Host.Emit(TraceLayer.Transport, TraceKind.TransportHeaderAdded, TcpHeader.ReadOnlyView.CreateUnchecked(packet.Builder.Frame).ToString());
        }
        Counters.SegmentsSent++;
        return Host.Ipv4.Finish(ref packet);
    }

    /// <summary>A scratch buffer for a segment's data copied out of a send buffer.</summary>
    internal Span<byte> Scratch(int length) => _segment.AsSpan(0, length);

    internal void Remove(TcpConnection connection) =>
        _connections.Remove(new ConnectionKey(connection.LocalPort, connection.RemoteAddress, connection.RemotePort));
}
