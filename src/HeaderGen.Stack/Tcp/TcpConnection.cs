using System;
using HeaderGen.Protocols;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Tcp;

/// <summary>
/// One TCP connection (RFC 9293): its transmission control block, the segment-arrival rules of 3.10.7 for every
/// state, retransmission (RFC 6298: SRTT, RTTVAR, Karn's rule, back-off), congestion control (CUBIC or NewReno, with
/// NewReno or SACK recovery: RFC 9438, 5681, 6582, 6675), window scaling and timestamps with PAWS (RFC 7323), SACK
/// (RFC 2018), Nagle's rule, delayed ACKs, zero-window probes, keep-alive, out-of-order data held in the receive
/// buffer, RFC 5961's challenge ACKs, and TIME-WAIT. The application side is <see cref="Send"/>,
/// <see cref="Receive"/>, <see cref="Close"/> and <see cref="Abort"/>.
/// </summary>
public sealed partial class TcpConnection
{
    /// <summary>RFC 9293 3.7.1: the MSS assumed when the peer sends no MSS option.</summary>
    public const int DefaultMss = 536;

    /// <summary>RFC 6298 2.1: the RTO before any RTT sample.</summary>
    public const long InitialRto = Scheduler.Second;

    /// <summary>The smallest RTO (Linux's <c>TCP_RTO_MIN</c>, 200 ms; RFC 6298 2.4 suggests 1 s).</summary>
    public const long MinimumRto = 200 * Scheduler.Millisecond;

    /// <summary>RFC 6298 2.5: the largest RTO, at least 60 s.</summary>
    public const long MaximumRto = 60 * Scheduler.Second;

    /// <summary>Retransmissions of one segment before the connection is abandoned (Linux's <c>tcp_retries2</c>).</summary>
    public const int MaxRetransmissions = 15;

    /// <summary>SYN retransmissions before a connect fails (Linux's <c>tcp_syn_retries</c>).</summary>
    public const int MaxSynRetransmissions = 6;

    /// <summary>How long TIME-WAIT lasts, twice the maximum segment lifetime (Linux's <c>TCP_TIMEWAIT_LEN</c>, 60 s).</summary>
    public const long TimeWaitDuration = 60 * Scheduler.Second;

    /// <summary>How long an ACK may be delayed (Linux's <c>TCP_DELACK_MIN</c>, 40 ms; RFC 9293 3.8.6.3: under 0.5 s).</summary>
    public const long DelayedAckTimeout = 40 * Scheduler.Millisecond;

    private const int DuplicateAckThreshold = 3;

    private readonly TcpLayer _layer;
    private readonly TcpListener? _listener;
    private readonly ByteRing _send;
    private readonly ByteRing _receive;
    private readonly Timer _retransmitTimer;
    private readonly Timer _delayedAckTimer;
    private readonly Timer _timeWaitTimer;
    private readonly Timer _keepAliveTimer;
    private int _keepAliveProbesSent;
    private bool _keepAlive;
    private readonly int _localMss;

    // The transmission control block (RFC 9293 3.3.1).
    private uint _iss, _sndUna, _sndNxt, _sndWl1, _sndWl2, _irs, _rcvNxt;
    private uint _sndMax;                // the highest sequence number sent: SND.NXT goes back to SND.UNA after a timeout, this does not
    private uint _sndWnd;
    private uint _sendBufferSeq;        // the sequence number of the send buffer's first byte
    private uint _finSeq;
    private bool _finQueued, _finSent, _finReceived;
    private int _mss;

    // Retransmission (RFC 6298) and congestion control (RFC 5681, 6582).
    private long _srtt, _rttvar, _rto = InitialRto;
    private bool _rttMeasured;
    private uint _rttSeq;
    private long _rttStart = -1;
    private int _retransmissions;
    private uint _cwnd, _ssthresh = uint.MaxValue;
    private readonly CongestionController _congestion;
    private int _duplicateAcks;
    private bool _inRecovery;
    private uint _recover;
    private int _unackedSegments;
    private int _advertisedWindow;

    // Window scaling (RFC 7323 2): this side's shift, offered in its SYN and used once the peer's SYN offered one too.
    private readonly int _rcvScale;
    private int _sndScale;
    private bool _scaling;

    // SACK (RFC 2018): whether the peer's SYN permitted it; the receiver then lists its out-of-order ranges in its ACKs.
    private bool _sackPermitted;
    private uint _lastSackStart;

    // Timestamps (RFC 7323 3 to 5): on when both SYNs carried the option; TS.Recent and Last.ACK.sent for PAWS and for
    // what to echo; this side's clock in milliseconds from a per-connection offset (RFC 7323 7.1).
    private bool _timestamps;
    private uint _tsRecent;
    private uint _lastAckSent;
    private uint _tsOffset;

    /// <summary>The timestamps option: NOP, NOP, kind 8, length 10, TSval, TSecr.</summary>
    private const int TimestampOptionLength = 12;

    // The sender's scoreboard (RFC 6675 2): what the peer has SACKed above SND.UNA, disjoint, and the highest sequence
    // number retransmitted in this recovery.
    private readonly (uint Start, uint End)[] _scoreboard = new (uint, uint)[MaxOutOfOrderRanges];
    private int _scoreboardCount;
    private uint _highRxt;

    // Out-of-order data parked in the receive buffer's free space: up to this many disjoint ranges after RCV.NXT.
    private readonly (uint Start, uint End)[] _holes = new (uint, uint)[MaxOutOfOrderRanges];
    private int _holeCount;
    private const int MaxOutOfOrderRanges = 16;

    internal TcpConnection(TcpLayer layer, Ipv4Address local, ushort localPort, Ipv4Address remote, ushort remotePort, TcpListener? listener, int mtu)
    {
        _layer = layer;
        _listener = listener;
        LocalAddress = local;
        LocalPort = localPort;
        RemoteAddress = remote;
        RemotePort = remotePort;
        _send = new ByteRing(layer.BufferSize);
        _receive = new ByteRing(layer.BufferSize);
        _congestion = CongestionController.Create(layer.CongestionControl);
        CongestionControl = layer.CongestionControl;
        _localMss = mtu - Ipv4Header.FixedLength - TcpHeader.FixedLength;
        while (_rcvScale < Segment.MaxWindowScale && ((long)(ushort.MaxValue + 1) << _rcvScale) < _receive.Capacity)
        {
            _rcvScale++;
        }
        _mss = DefaultMss;
        _retransmitTimer = new Timer(this, TimerKind.Retransmit);
        _delayedAckTimer = new Timer(this, TimerKind.DelayedAck);
        _timeWaitTimer = new Timer(this, TimerKind.TimeWait);
        _keepAliveTimer = new Timer(this, TimerKind.KeepAlive);
    }

    /// <summary>The listener that accepted it, for a passive open.</summary>
    internal TcpListener? Listener => _listener;

    /// <summary>This side's address.</summary>
    public Ipv4Address LocalAddress { get; }

    /// <summary>This side's port.</summary>
    public ushort LocalPort { get; }

    /// <summary>The peer's address.</summary>
    public Ipv4Address RemoteAddress { get; }

    /// <summary>The peer's port.</summary>
    public ushort RemotePort { get; }

    /// <summary>The state (RFC 9293 3.3.2).</summary>
    public TcpState State { get; private set; } = TcpState.Closed;

    /// <summary>Why the connection ended, if not by a normal close.</summary>
    public TcpError Error { get; private set; }

    /// <summary>Whether data can flow: ESTABLISHED, or CLOSE-WAIT (the peer closed, we can still send).</summary>
    public bool IsConnected => State is TcpState.Established or TcpState.CloseWait;

    /// <summary>Bytes received in order and not yet read.</summary>
    public int Available => _receive.Count;

    /// <summary>Room left in the send buffer.</summary>
    public int SendSpace => _finQueued ? 0 : _send.Free;

    /// <summary>Bytes sent and not yet acknowledged, or not yet sent.</summary>
    public int Unacknowledged => _send.Count;

    /// <summary>Whether the peer has closed its direction and everything it sent has been read.</summary>
    public bool EndOfStream => _finReceived && _receive.Count == 0;

    /// <summary>The MSS this side sends with: the peer's MSS option, at most what this side's MTU allows.</summary>
    public int Mss => _mss;

    /// <summary>The congestion window in bytes.</summary>
    public long CongestionWindow => _cwnd;

    /// <summary>The congestion controller (the host's <c>TcpCongestionControl</c> when the connection opened).</summary>
    public TcpCongestionControl CongestionControl { get; }

    /// <summary>The slow-start threshold in bytes.</summary>
    public long SlowStartThreshold => _ssthresh;

    /// <summary>The retransmission timeout in nanoseconds.</summary>
    public long RetransmissionTimeout => _rto;

    /// <summary>The smoothed round-trip time in nanoseconds, once measured.</summary>
    public long SmoothedRtt => _srtt;

    /// <summary>
    /// Keep-alive (RFC 9293 3.8.4, <c>SO_KEEPALIVE</c>; off by default): after <see cref="KeepAliveIdle"/> with nothing
    /// from the peer, a probe (an ACK at SND.UNA - 1, which the peer must answer) every <see cref="KeepAliveInterval"/>;
    /// after <see cref="KeepAliveProbes"/> unanswered, the connection ends with <see cref="TcpError.TimedOut"/>.
    /// </summary>
    public bool KeepAlive
    {
        get => _keepAlive;
        set
        {
            _keepAlive = value;
            if (value)
            {
                _keepAliveTimer.Arm(KeepAliveIdle);
            }
            else
            {
                _keepAliveTimer.Disarm();
            }
        }
    }

    /// <summary>Idle time before the first probe (Linux's <c>tcp_keepalive_time</c>, 2 hours).</summary>
    public long KeepAliveIdle { get; set; } = 2 * 3600 * Scheduler.Second;

    /// <summary>Time between probes (Linux's <c>tcp_keepalive_intvl</c>, 75 s).</summary>
    public long KeepAliveInterval { get; set; } = 75 * Scheduler.Second;

    /// <summary>Unanswered probes before the connection is dropped (Linux's <c>tcp_keepalive_probes</c>, 9).</summary>
    public int KeepAliveProbes { get; set; } = 9;

    /// <summary>Disables Nagle's rule (<c>TCP_NODELAY</c>): small segments go at once even while data is unacknowledged.</summary>
    public bool NoDelay { get; set; }

    private TcpCounters Counters => _layer.Counters;

    /// <summary>
    /// Copies as much of <paramref name="data"/> as the send buffer holds and sends what the windows allow
    /// (<c>write()</c>); returns the bytes taken (0 when the buffer is full, or the connection cannot send).
    /// </summary>
    public int Send(ReadOnlySpan<byte> data)
    {
        if (_finQueued || State is not (TcpState.Established or TcpState.CloseWait or TcpState.SynSent or TcpState.SynReceived))
        {
            return 0;
        }
        int taken = _send.Write(data);
        if (State is TcpState.Established or TcpState.CloseWait)
        {
            Output();
        }
        return taken;
    }

    /// <summary>Reads in-order data into <paramref name="destination"/> (<c>read()</c>); returns the bytes read (0: none yet, or end of stream).</summary>
    public int Receive(Span<byte> destination)
    {
        int read = _receive.Read(destination);
        if (read > 0 && State is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2)
        {
            // Receiver-side silly window avoidance (RFC 9293 3.8.6.2.2): announce the opened window once it has grown
            // by a full segment or half the buffer.
            if (ReceiveWindow() - _advertisedWindow >= Math.Min(_localMss, _receive.Capacity / 2))
            {
                SendAck();
            }
        }
        return read;
    }

    /// <summary>Closes this direction (<c>close()</c>, <c>shutdown(SHUT_WR)</c>): a FIN follows the data still queued.</summary>
    public void Close()
    {
        switch (State)
        {
            case TcpState.SynSent:
                Terminate(TcpError.None);
                return;
            case TcpState.SynReceived:
            case TcpState.Established:
                _finQueued = true;
                SetState(TcpState.FinWait1);
                Output();
                return;
            case TcpState.CloseWait:
                _finQueued = true;
                SetState(TcpState.LastAck);
                Output();
                return;
        }
    }

    /// <summary>Aborts (<c>SO_LINGER</c> 0): a reset goes to the peer and the connection ends at once.</summary>
    public void Abort()
    {
        if (State is TcpState.SynReceived or TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2 or TcpState.CloseWait)
        {
            Counters.ResetsSent++;
            Transmit(new TcpHeader { SequenceNumber = _sndNxt, Rst = true }, default);
        }
        Terminate(TcpError.Aborted);
    }

    /// <summary>Active open: SYN with the MSS option.</summary>
    internal void Open(uint iss)
    {
        _iss = iss;
        _tsOffset = iss * 2654435761u;
        _sndUna = iss;
        _sndNxt = iss + 1;
        _sndMax = _sndNxt;
        _sendBufferSeq = iss + 1;
        _cwnd = InitialWindow(_mss);
        SetState(TcpState.SynSent);
        SendSyn(ack: false);
        StartRetransmitTimer();
    }

    /// <summary>Passive open from a listener's SYN (RFC 9293 3.10.7.2).</summary>
    internal void Accept(in Segment syn, uint iss)
    {
        _irs = syn.Seq;
        _rcvNxt = syn.Seq + 1;
        _iss = iss;
        _tsOffset = iss * 2654435761u;
        _sndUna = iss;
        _sndNxt = iss + 1;
        _sndMax = _sndNxt;
        _sendBufferSeq = iss + 1;
        TakeSynOptions(syn);
        _sndWnd = syn.Window;   // a SYN's window is never scaled
        _sndWl1 = syn.Seq;
        _sndWl2 = iss;
        _cwnd = InitialWindow(_mss);
        SetState(TcpState.SynReceived);
        SendSyn(ack: true);
        StartRetransmitTimer();
    }

    /// <summary>RFC 7323 2.2: scaling is on when both SYNs carried the option.</summary>
    private void TakeSynOptions(in Segment syn)
    {
        TakeMss(syn.Mss);
        TakeWindowScale(syn.WindowScale);
        _sackPermitted = syn.SackPermitted;
        _timestamps = syn.HasTimestamp;
        if (_timestamps)
        {
            _tsRecent = syn.TsVal;
            _mss -= TimestampOptionLength;   // every segment carries the option: less room for data, as Linux counts it
        }
    }

    private uint TsClock() => (uint)(_layer.Now / Scheduler.Millisecond) + _tsOffset;

    private void TakeWindowScale(int peerScale)
    {
        _scaling = peerScale >= 0;
        _sndScale = _scaling ? peerScale : 0;
    }

    /// <summary>The peer's window field in bytes: shifted, except in a SYN.</summary>
    private uint PeerWindow(in Segment segment) => segment.IsSyn ? segment.Window : (uint)segment.Window << _sndScale;

    private void TakeMss(ushort peerMss) => _mss = Math.Min(peerMss == 0 ? DefaultMss : peerMss, _localMss);

    /// <summary>RFC 6928: the initial congestion window, min(10 MSS, max(2 MSS, 14,600 bytes)).</summary>
    private static uint InitialWindow(int mss) => (uint)Math.Min(10 * mss, Math.Max(2 * mss, 14_600));

    private void SetState(TcpState state)
    {
        if (_layer.Host.Tracing)
        {
            _layer.Host.Emit(TraceLayer.Transport, TraceKind.StateChanged, $"{LocalPort} -> {RemoteAddress}:{RemotePort}: {State} -> {state}");
        }
        State = state;
    }

    /// <summary>Ends the connection: timers stopped, the host forgets it, a listener's half-open count drops.</summary>
    private void Terminate(TcpError error)
    {
        if (State == TcpState.SynReceived && _listener is not null)
        {
            _listener.HalfOpen--;
        }
        Error = error;
        SetState(TcpState.Closed);
        _retransmitTimer.Disarm();
        _delayedAckTimer.Disarm();
        _timeWaitTimer.Disarm();
        _keepAliveTimer.Disarm();
        _layer.Remove(this);
    }

    private enum TimerKind
    {
        Retransmit,
        DelayedAck,
        TimeWait,
        KeepAlive,
    }

    /// <summary>
    /// A connection timer armed and disarmed by a deadline, not by the scheduler: the RTO is re-armed on nearly every
    /// ACK and the delayed-ACK timer disarmed on nearly every segment, and starting and stopping a scheduler timer each
    /// time would leave a stale queue entry behind each (the queue grew, and allocated, with the transfer). The
    /// scheduler holds at most one entry; when it comes due early, it waits on to the deadline.
    /// </summary>
    private sealed class Timer(TcpConnection connection, TimerKind kind) : SimulationTimer
    {
        private long _deadline = -1;
        private long _due = -1;

        public bool IsArmed => _deadline >= 0;

        public void Arm(long delay)
        {
            var scheduler = connection._layer.Host.Scheduler;
            _deadline = scheduler.Now + delay;
            if (!IsRunning || _deadline < _due)
            {
                _due = _deadline;
                scheduler.Start(this, delay);
            }
        }

        public void Disarm() => _deadline = -1;

        protected override void OnFire(long now)
        {
            _due = -1;
            if (_deadline < 0)
            {
                return;
            }
            if (now < _deadline)
            {
                _due = _deadline;
                connection._layer.Host.Scheduler.Start(this, _deadline - now);
                return;
            }
            _deadline = -1;
            switch (kind)
            {
                case TimerKind.Retransmit:
                    connection.OnRetransmitTimer();
                    break;
                case TimerKind.DelayedAck:
                    connection.SendAck();
                    break;
                case TimerKind.TimeWait:
                    connection.Terminate(TcpError.None);
                    break;
                case TimerKind.KeepAlive:
                    connection.OnKeepAliveTimer();
                    break;
            }
            connection.Wake();
        }
    }
}
