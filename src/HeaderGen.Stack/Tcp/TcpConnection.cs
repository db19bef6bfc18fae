using System;
using HeaderGen.Protocols;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tracing;

namespace HeaderGen.Stack.Tcp;

/// <summary>
/// One TCP connection (RFC 9293): its transmission control block, the segment-arrival rules of 3.10.7 for every
/// state, the send path with retransmission (RFC 6298: SRTT, RTTVAR, Karn's rule, back-off), NewReno congestion control
/// (RFC 5681, RFC 6582: slow start, congestion avoidance, fast retransmit and recovery), Nagle's rule, delayed ACKs,
/// zero-window probes, out-of-order data held in the receive buffer, RFC 5961's challenge ACKs, and TIME-WAIT. The
/// application side is <see cref="Send"/>, <see cref="Receive"/>, <see cref="Close"/> and <see cref="Abort"/>.
/// Not yet: window scaling, timestamps and SACK (RFC 7323, 2018): the window is at most 65,535 bytes.
/// </summary>
public sealed class TcpConnection
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

    /// <summary>Segment arrival for every state but LISTEN (RFC 9293 3.10.7.3 and 3.10.7.4).</summary>
    internal void OnSegment(in Segment segment)
    {
        if (_keepAlive)
        {
            _keepAliveProbesSent = 0;
            _keepAliveTimer.Arm(KeepAliveIdle);   // anything from the peer shows it is there
        }
        if (State == TcpState.SynSent)
        {
            OnSynSent(segment);
            return;
        }
        if (State == TcpState.SynReceived && segment.IsSyn && !segment.IsRst && segment.Seq == _irs)
        {
            if (!segment.IsAck)
            {
                SendSyn(ack: true);   // the peer's SYN again: our SYN,ACK was lost
                return;
            }
            // Simultaneous open (RFC 9293 figure 7): the peer's SYN,ACK repeats its SYN, whose sequence number the first
            // check would refuse; its ACK of our SYN is what counts, as Linux takes it.
            if (SequenceNumber.Lt(_sndUna, segment.Ack) && SequenceNumber.Le(segment.Ack, _sndNxt))
            {
                SetState(TcpState.Established);
                _sndWnd = PeerWindow(segment);
                _sndWl1 = segment.Seq;
                _sndWl2 = segment.Ack;
                Acknowledge(segment.Ack);
                SendAck();
                Output();
            }
            return;
        }
        // RFC 7323 5.3, PAWS: a segment whose timestamp is older than TS.Recent is an old duplicate.
        if (_timestamps && segment.HasTimestamp && !segment.IsRst && SequenceNumber.Lt(segment.TsVal, _tsRecent))
        {
            Counters.PawsRejected++;
            SendAck();
            return;
        }
        // First: the sequence number must fall in the window (a zero-length segment at RCV.NXT always does).
        if (!Acceptable(segment))
        {
            if (!segment.IsRst)
            {
                Counters.OutOfWindow++;
                SendAck();
                if (State == TcpState.TimeWait && segment.IsFin)
                {
                    // The peer's FIN again: it did not get our ACK. Say it again, and wait the full time again.
                    _timeWaitTimer.Arm(TimeWaitDuration);
                }
            }
            else
            {
                Counters.Ignored++;
            }
            return;
        }
        // RFC 7323 4.3: remember the timestamp of a segment that covers Last.ACK.sent, to echo it.
        if (_timestamps && segment.HasTimestamp && SequenceNumber.Le(segment.Seq, _lastAckSent) && SequenceNumber.Ge(segment.TsVal, _tsRecent))
        {
            _tsRecent = segment.TsVal;
        }
        // Second: RST. RFC 5961 3.2: only an exact RCV.NXT resets; elsewhere in the window it earns a challenge ACK.
        if (segment.IsRst)
        {
            if (segment.Seq != _rcvNxt)
            {
                ChallengeAck();
                return;
            }
            Counters.ResetsReceived++;
            if (State == TcpState.SynReceived && _listener is not null)
            {
                Terminate(TcpError.None);   // a passive open goes back to LISTEN: the listener still listens
                return;
            }
            Terminate(State is TcpState.Closing or TcpState.LastAck or TcpState.TimeWait ? TcpError.None : TcpError.Reset);
            return;
        }
        // Fourth: a SYN in a synchronized state (RFC 5961 4.2): a challenge ACK, whatever its sequence number.
        if (segment.IsSyn)
        {
            ChallengeAck();
            return;
        }
        // Fifth: ACK.
        if (!segment.IsAck)
        {
            Counters.Ignored++;
            return;
        }
        if (State == TcpState.SynReceived)
        {
            if (!(SequenceNumber.Lt(_sndUna, segment.Ack) && SequenceNumber.Le(segment.Ack, _sndNxt)))
            {
                _layer.ResetFor(LocalAddress, LocalPort, RemoteAddress, RemotePort, segment);
                return;
            }
            SetState(TcpState.Established);
            _sndWnd = PeerWindow(segment);
            _sndWl1 = segment.Seq;
            _sndWl2 = segment.Ack;
            if (_listener is not null)
            {
                _listener.HalfOpen--;
                if (!_listener.Enqueue(this))
                {
                    Counters.AcceptQueueDrops++;
                    Abort();
                    return;
                }
            }
        }
        if (!OnAck(segment))
        {
            return;
        }
        // Seventh: data, in the states that still receive.
        if (segment.Data.Length > 0 && State is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2)
        {
            OnData(segment);
        }
        // Eighth: FIN, once everything before it has arrived.
        if (segment.IsFin && !_finReceived && segment.Seq + (uint)segment.Data.Length == _rcvNxt)
        {
            OnFin();
        }
        if (State is TcpState.Established or TcpState.CloseWait or TcpState.FinWait1 or TcpState.LastAck or TcpState.Closing)
        {
            Output();
        }
    }

    /// <summary>RFC 9293 3.10.7.3, SYN-SENT.</summary>
    private void OnSynSent(in Segment segment)
    {
        bool ackAcceptable = segment.IsAck && SequenceNumber.Gt(segment.Ack, _iss) && SequenceNumber.Le(segment.Ack, _sndNxt);
        if (segment.IsAck && !ackAcceptable)
        {
            _layer.ResetFor(LocalAddress, LocalPort, RemoteAddress, RemotePort, segment);
            return;
        }
        if (segment.IsRst)
        {
            if (ackAcceptable)
            {
                Counters.ResetsReceived++;
                Terminate(TcpError.Refused);
            }
            else
            {
                Counters.Ignored++;
            }
            return;
        }
        if (!segment.IsSyn)
        {
            Counters.Ignored++;
            return;
        }
        _irs = segment.Seq;
        _rcvNxt = segment.Seq + 1;
        TakeSynOptions(segment);
        _cwnd = InitialWindow(_mss);
        _sndWnd = segment.Window;   // a SYN's window is never scaled
        _sndWl1 = segment.Seq;
        if (ackAcceptable)
        {
            _sndWl2 = segment.Ack;
            Acknowledge(segment.Ack);
            SetState(TcpState.Established);
            SendAck();
            Output();
            return;
        }
        // Simultaneous open: both SYNs crossed; answer with SYN,ACK and wait in SYN-RECEIVED.
        SetState(TcpState.SynReceived);
        SendSyn(ack: true);
    }

    /// <summary>RFC 9293 3.10.7.4, first check: the four cases of segment length and receive window.</summary>
    private bool Acceptable(in Segment segment)
    {
        uint window = (uint)ReceiveWindow();
        uint length = segment.Length;
        if (length == 0)
        {
            return window == 0 ? segment.Seq == _rcvNxt : SequenceNumber.InWindow(segment.Seq, _rcvNxt, window);
        }
        if (window == 0)
        {
            return false;
        }
        return SequenceNumber.InWindow(segment.Seq, _rcvNxt, window) || SequenceNumber.InWindow(segment.Seq + length - 1, _rcvNxt, window);
    }

    /// <summary>The ACK field (fifth check): what it acknowledges, the send window, and the state changes our FIN's ACK brings. False: drop the segment.</summary>
    private bool OnAck(in Segment segment)
    {
        if (SequenceNumber.Gt(segment.Ack, _sndMax))
        {
            // RFC 9293: an ACK of something not yet sent is answered with an ACK and dropped.
            Counters.AckOfUnsent++;
            SendAck();
            return false;
        }
        if (SequenceNumber.Gt(segment.Ack, _sndNxt))
        {
            _sndNxt = segment.Ack;   // after a timeout went back: the peer had more than the first segment sent again
        }
        bool newData = SequenceNumber.Gt(segment.Ack, _sndUna);
        bool duplicate = !newData && segment.Ack == _sndUna && segment.Data.Length == 0 && !segment.IsFin
            && PeerWindow(segment) == _sndWnd && _sndNxt != _sndUna;
        if (_sackPermitted && segment.SackCount > 0)
        {
            long before = SackedBytes();
            for (int i = 0; i < segment.SackCount; i++)
            {
                var (left, right) = segment.Sack[i];
                AddSacked(left, right);
            }
            // RFC 6675 2, DupAck: an ACK at SND.UNA that SACKs new data counts, whatever its window says.
            duplicate |= !newData && segment.Ack == _sndUna && _sndNxt != _sndUna && SackedBytes() > before;
        }
        if (newData)
        {
            Acknowledge(segment.Ack, segment.HasTimestamp ? segment.TsEcr : 0);
        }
        // The send window, from the newest segment (RFC 9293 3.10.7.4: SND.WL1 and SND.WL2).
        if (SequenceNumber.Lt(_sndWl1, segment.Seq) || (_sndWl1 == segment.Seq && SequenceNumber.Le(_sndWl2, segment.Ack)))
        {
            _sndWnd = PeerWindow(segment);
            _sndWl1 = segment.Seq;
            _sndWl2 = segment.Ack;
        }
        if (duplicate)
        {
            OnDuplicateAck();
        }
        if (_finSent && SequenceNumber.Gt(_sndUna, _finSeq))
        {
            switch (State)
            {
                case TcpState.FinWait1:
                    SetState(TcpState.FinWait2);
                    break;
                case TcpState.Closing:
                    EnterTimeWait();
                    return false;
                case TcpState.LastAck:
                    Terminate(TcpError.None);
                    return false;
            }
        }
        return true;
    }

    /// <summary>New data acknowledged: the buffer, the RTT sample (Karn: never from a retransmission), congestion control, the timer.</summary>
    private void Acknowledge(uint ack, uint tsEcr = 0)
    {
        uint acked = ack - _sndUna;
        _sndUna = ack;
        int bytes = (int)Math.Min((uint)_send.Count, ack - _sendBufferSeq);
        if (SequenceNumber.Gt(ack, _sendBufferSeq) && bytes > 0)
        {
            _send.Discard(bytes);
            _sendBufferSeq += (uint)bytes;
            Counters.BytesAcknowledged += bytes;
        }
        if (_timestamps && tsEcr != 0)
        {
            // RFC 7323 4.1: the echoed timestamp times the segment that this ACK answers, retransmitted or not.
            SampleRtt((long)(TsClock() - tsEcr) * Scheduler.Millisecond);
            _rttStart = -1;
        }
        else if (_rttStart >= 0 && SequenceNumber.Ge(ack, _rttSeq))
        {
            SampleRtt(_layer.Now - _rttStart);
            _rttStart = -1;
        }
        _retransmissions = 0;
        PruneScoreboard();
        if (SequenceNumber.Lt(_highRxt, _sndUna))
        {
            _highRxt = _sndUna;
        }
        if (_inRecovery)
        {
            if (SequenceNumber.Ge(ack, _recover))
            {
                // RFC 6582 3.2 step 3, full acknowledgment: deflate the window and leave recovery.
                _cwnd = Math.Max(Math.Min(_ssthresh, FlightSize() + (uint)_mss), (uint)_mss);
                _inRecovery = false;
            }
            else if (_sackPermitted)
            {
                SackRecovery();   // RFC 6675 5, step (C): a partial ACK sends what the pipe allows
            }
            else
            {
                // Partial acknowledgment: retransmit the next hole, deflate by what was acknowledged, add back one segment.
                RetransmitFirst();
                _cwnd = _cwnd > acked ? _cwnd - acked + (uint)_mss : (uint)_mss;
            }
        }
        else if (_cwnd < _ssthresh)
        {
            _cwnd += Math.Min(acked, (uint)_mss);   // slow start (RFC 5681 3.1)
        }
        else
        {
            _cwnd = _congestion.OnCongestionAvoidance(_cwnd, acked, _mss, _layer.Now, _srtt);   // congestion avoidance
        }
        _duplicateAcks = 0;
        if (_sndUna == _sndNxt)
        {
            _retransmitTimer.Disarm();
        }
        else
        {
            _retransmitTimer.Arm(_rto);   // RFC 6298 5.3
        }
    }

    /// <summary>RFC 5681 3.2 and RFC 6582: the third duplicate ACK retransmits and enters fast recovery; later ones inflate the window.</summary>
    private void OnDuplicateAck()
    {
        Counters.DuplicateAcks++;
        if (_inRecovery)
        {
            if (_sackPermitted)
            {
                SackRecovery();
            }
            else
            {
                _cwnd += (uint)_mss;
            }
            return;
        }
        // RFC 6582 3.2 step 2: not again for losses of the window a timeout or a recovery already dealt with.
        if (++_duplicateAcks != DuplicateAckThreshold || (_recoverValid && SequenceNumber.Le(_sndUna, _recover)))
        {
            return;
        }
        Counters.FastRetransmits++;
        _ssthresh = _congestion.OnLoss(_cwnd, FlightSize(), _mss, _layer.Now);
        _recover = _sndNxt;
        _recoverValid = true;
        _inRecovery = true;
        _highRxt = _sndUna + RetransmitFirst();
        if (_sackPermitted)
        {
            // RFC 6675 5 step (4): cwnd = ssthresh, and the pipe decides what goes next.
            _cwnd = _ssthresh;
            SackRecovery();
            return;
        }
        _cwnd = _ssthresh + DuplicateAckThreshold * (uint)_mss;
    }

    /// <summary>Adds a SACKed range to the scoreboard (ignoring what is at or below SND.UNA or beyond what was sent), merging overlaps.</summary>
    private void AddSacked(uint start, uint end)
    {
        if (!SequenceNumber.Lt(start, end) || SequenceNumber.Le(end, _sndUna) || SequenceNumber.Gt(end, _sndMax))
        {
            return;
        }
        if (SequenceNumber.Lt(start, _sndUna))
        {
            start = _sndUna;
        }
        for (int i = 0; i < _scoreboardCount; i++)
        {
            var (s, e) = _scoreboard[i];
            if (SequenceNumber.Le(start, e) && SequenceNumber.Ge(end, s))
            {
                start = SequenceNumber.Lt(start, s) ? start : s;
                end = SequenceNumber.Gt(end, e) ? end : e;
                _scoreboard[i--] = _scoreboard[--_scoreboardCount];
            }
        }
        if (_scoreboardCount < _scoreboard.Length)
        {
            _scoreboard[_scoreboardCount++] = (start, end);
        }
    }

    private long SackedBytes()
    {
        long sacked = 0;
        for (int i = 0; i < _scoreboardCount; i++)
        {
            sacked += _scoreboard[i].End - _scoreboard[i].Start;
        }
        return sacked;
    }

    private void PruneScoreboard()
    {
        for (int i = 0; i < _scoreboardCount; i++)
        {
            var (s, e) = _scoreboard[i];
            if (SequenceNumber.Le(e, _sndUna))
            {
                _scoreboard[i--] = _scoreboard[--_scoreboardCount];
            }
            else if (SequenceNumber.Lt(s, _sndUna))
            {
                _scoreboard[i] = (_sndUna, e);
            }
        }
    }

    /// <summary>The highest SACKed sequence number, or SND.UNA when nothing is SACKed.</summary>
    private uint HighSacked()
    {
        uint high = _sndUna;
        for (int i = 0; i < _scoreboardCount; i++)
        {
            if (SequenceNumber.Gt(_scoreboard[i].End, high))
            {
                high = _scoreboard[i].End;
            }
        }
        return high;
    }

    /// <summary>The SACKed range holding <paramref name="seq"/>'s byte, as its end, or <paramref name="seq"/> itself when none does.</summary>
    private uint SkipSacked(uint seq)
    {
        for (bool moved = true; moved;)
        {
            moved = false;
            for (int i = 0; i < _scoreboardCount; i++)
            {
                var (s, e) = _scoreboard[i];
                if (SequenceNumber.Le(s, seq) && SequenceNumber.Lt(seq, e))
                {
                    seq = e;
                    moved = true;
                }
            }
        }
        return seq;
    }

    /// <summary>Where the next SACKed range above <paramref name="seq"/> starts, or <paramref name="limit"/>.</summary>
    private uint NextSackedStart(uint seq, uint limit)
    {
        uint next = limit;
        for (int i = 0; i < _scoreboardCount; i++)
        {
            var s = _scoreboard[i].Start;
            if (SequenceNumber.Gt(s, seq) && SequenceNumber.Lt(s, next))
            {
                next = s;
            }
        }
        return next;
    }

    /// <summary>
    /// RFC 6675 2, pipe: the bytes still in the network: what was sent and not acknowledged, less what was SACKed, less
    /// the holes below the highest SACKed byte that were not retransmitted yet (taken as lost).
    /// </summary>
    private long Pipe()
    {
        long sacked = SackedBytes();
        uint high = HighSacked();
        uint from = SequenceNumber.Gt(_highRxt, _sndUna) ? _highRxt : _sndUna;
        long lost = 0;
        for (uint seq = SkipSacked(from); SequenceNumber.Lt(seq, high);)
        {
            uint end = NextSackedStart(seq, high);
            lost += end - seq;
            seq = SkipSacked(end);
        }
        return Math.Max(0, (long)(_sndNxt - _sndUna) - sacked - lost);
    }

    /// <summary>RFC 6675 5 (C): while the pipe has room, retransmit the next hole below the highest SACK (NextSeg rule 1), then send new data.</summary>
    private void SackRecovery()
    {
        uint high = HighSacked();
        while (Pipe() < _cwnd)
        {
            uint seq = SkipSacked(SequenceNumber.Gt(_highRxt, _sndUna) ? _highRxt : _sndUna);
            if (!SequenceNumber.Lt(seq, high))
            {
                break;
            }
            int length = (int)Math.Min(Math.Min(NextSackedStart(seq, high) - seq, (uint)_mss), (uint)_send.Count - (seq - _sendBufferSeq));
            if (length <= 0)
            {
                break;
            }
            Counters.Retransmissions++;
            _rttStart = -1;
            SendData(seq, (int)(seq - _sendBufferSeq), length);
            _highRxt = seq + (uint)length;
        }
        Output();   // NextSeg rule 2: new data, if the pipe still has room
    }

    private bool _recoverValid;

    private uint FlightSize() => _sndNxt - _sndUna;

    /// <summary>RFC 6298 2.2 and 2.3, with G taken as 1 ns.</summary>
    private void SampleRtt(long r)
    {
        if (!_rttMeasured)
        {
            _srtt = r;
            _rttvar = r / 2;
            _rttMeasured = true;
        }
        else
        {
            _rttvar = (3 * _rttvar + Math.Abs(_srtt - r)) / 4;
            _srtt = (7 * _srtt + r) / 8;
        }
        _rto = Math.Clamp(_srtt + Math.Max(1, 4 * _rttvar), MinimumRto, MaximumRto);
    }

    /// <summary>In-order data goes to the receive buffer; data after a gap waits in its free space until the gap fills.</summary>
    private void OnData(in Segment segment)
    {
        var data = segment.Data;
        uint seq = segment.Seq;
        if (SequenceNumber.Lt(seq, _rcvNxt))
        {
            int old = (int)(_rcvNxt - seq);   // already received: keep what is new
            data = old >= data.Length ? default : data[old..];
            seq = _rcvNxt;
        }
        int offset = (int)(seq - _rcvNxt);
        int room = _receive.Free - offset;
        if (room <= 0 || data.IsEmpty)
        {
            if (!data.IsEmpty)
            {
                Counters.ReceiveBufferDrops++;
            }
            SendAck();
            return;
        }
        if (data.Length > room)
        {
            Counters.ReceiveBufferDrops++;
            data = data[..room];
        }
        if (offset > 0)
        {
            Counters.OutOfOrderSegments++;
            if (!AddHole(seq, seq + (uint)data.Length))
            {
                Counters.ReceiveBufferDrops++;
                SendAck();
                return;
            }
            _receive.WriteAt(offset, data);
            SendAck();   // RFC 5681 4.2: an out-of-order segment is acknowledged at once (a duplicate ACK)
            return;
        }
        _receive.WriteAt(0, data);
        _receive.Commit(data.Length);
        _rcvNxt += (uint)data.Length;
        Counters.BytesReceived += data.Length;
        bool filledGap = MergeHoles();
        // RFC 9293 3.8.6.3 and RFC 5681 4.2: ACK at least every second full segment, at once when a gap filled; else delay.
        if (filledGap || ++_unackedSegments >= 2 || segment.IsFin)
        {
            SendAck();
        }
        else if (!_delayedAckTimer.IsArmed)
        {
            _delayedAckTimer.Arm(DelayedAckTimeout);
        }
    }

    /// <summary>Records out-of-order data [start, end) (merging overlaps); false when the table of ranges is full.</summary>
    private bool AddHole(uint start, uint end)
    {
        // Merge every range the new one touches into it, so that the ranges (and the SACK blocks) stay disjoint.
        for (int i = 0; i < _holeCount; i++)
        {
            var (s, e) = _holes[i];
            if (SequenceNumber.Le(start, e) && SequenceNumber.Ge(end, s))
            {
                start = SequenceNumber.Lt(start, s) ? start : s;
                end = SequenceNumber.Gt(end, e) ? end : e;
                _holes[i--] = _holes[--_holeCount];
            }
        }
        if (_holeCount == _holes.Length)
        {
            return false;
        }
        _holes[_holeCount++] = (start, end);
        _lastSackStart = start;
        return true;
    }

    /// <summary>Takes into the in-order data every parked range that now starts at or before RCV.NXT; true when one did.</summary>
    private bool MergeHoles()
    {
        bool merged = false;
        for (bool again = true; again;)
        {
            again = false;
            for (int i = 0; i < _holeCount; i++)
            {
                var (s, e) = _holes[i];
                if (SequenceNumber.Le(s, _rcvNxt))
                {
                    if (SequenceNumber.Gt(e, _rcvNxt))
                    {
                        int gained = (int)(e - _rcvNxt);
                        _receive.Commit(gained);
                        _rcvNxt = e;
                        Counters.BytesReceived += gained;
                    }
                    _holes[i] = _holes[--_holeCount];
                    merged = again = true;
                    break;
                }
            }
        }
        return merged;
    }

    /// <summary>Eighth check: the peer's FIN, in order. It takes one sequence number and moves the state on.</summary>
    private void OnFin()
    {
        _finReceived = true;
        _rcvNxt++;
        SendAck();
        switch (State)
        {
            case TcpState.SynReceived:
            case TcpState.Established:
                SetState(TcpState.CloseWait);
                break;
            case TcpState.FinWait1:
                SetState(TcpState.Closing);   // our FIN is not acknowledged yet (else OnAck took us to FIN-WAIT-2)
                break;
            case TcpState.FinWait2:
                EnterTimeWait();
                break;
        }
    }

    private void EnterTimeWait()
    {
        SetState(TcpState.TimeWait);
        _retransmitTimer.Disarm();
        _timeWaitTimer.Arm(TimeWaitDuration);
    }

    /// <summary>RFC 5961: an ACK of what we expect, rate-limited host-wide.</summary>
    private void ChallengeAck()
    {
        if (_layer.MayChallenge())
        {
            Counters.ChallengeAcks++;
            SendAck();
        }
        else
        {
            Counters.Ignored++;
        }
    }

    /// <summary>
    /// Sends what the windows allow: new data in segments of at most one MSS within min(SND.WND, cwnd), holding back a
    /// small segment while data is unacknowledged (Nagle, unless <see cref="NoDelay"/>), then our FIN once the data has
    /// gone; a window probe when the peer's window is zero.
    /// </summary>
    private void Output()
    {
        if (State is not (TcpState.Established or TcpState.CloseWait or TcpState.FinWait1 or TcpState.LastAck or TcpState.Closing))
        {
            return;
        }
        while (true)
        {
            int sent = (int)(_sndNxt - _sendBufferSeq);
            int unsent = _send.Count - sent;
            if (unsent <= 0)
            {
                break;
            }
            long window = Math.Min(_sndWnd, _cwnd) - (_inRecovery && _sackPermitted ? Pipe() : (long)FlightSize());
            if (window <= 0)
            {
                if (_sndWnd == 0 && _sndUna == _sndNxt && !_retransmitTimer.IsArmed)
                {
                    _retransmitTimer.Arm(_rto);   // the persist timer: probe the zero window
                }
                break;
            }
            int length = (int)Math.Min(Math.Min(unsent, _mss), window);
            if (length < _mss && _sndNxt != _sndUna && !NoDelay && !(_finQueued && length == unsent))
            {
                break;   // Nagle (RFC 9293 3.7.4): one small segment in flight at a time
            }
            SendData(_sndNxt, sent, length);
            _sndNxt += (uint)length;
            Advance();
        }
        if (_finQueued && !_finSent && (int)(_sndNxt - _sendBufferSeq) == _send.Count)
        {
            _finSeq = _sndNxt;
            _finSent = true;
            Transmit(new TcpHeader { SequenceNumber = _finSeq, AcknowledgmentNumber = _rcvNxt, Ack = true, Fin = true }, default);
            _sndNxt++;
            Advance();
        }
        if (_sndNxt != _sndUna && !_retransmitTimer.IsArmed)
        {
            StartRetransmitTimer();
        }
    }

    /// <summary>Sends <paramref name="length"/> bytes from the send buffer's <paramref name="offset"/> as sequence <paramref name="seq"/>.</summary>
    private void SendData(uint seq, int offset, int length)
    {
        var data = _layer.Scratch(length);
        _send.CopyTo(offset, data);
        if (_rttStart < 0 && seq == _sndNxt)
        {
            _rttSeq = seq + (uint)length;
            _rttStart = _layer.Now;
        }
        bool push = offset + length == _send.Count;
        Transmit(new TcpHeader { SequenceNumber = seq, AcknowledgmentNumber = _rcvNxt, Ack = true, Psh = push }, data);
    }

    /// <summary>
    /// Sends the first unacknowledged segment again (a fast retransmit, a partial ACK, a timeout): up to one MSS of the
    /// data sent before, or our FIN when only it is unacknowledged. Returns the sequence space it covers.
    /// </summary>
    private uint RetransmitFirst()
    {
        Counters.Retransmissions++;
        _rttStart = -1;   // Karn: no sample from a segment sent more than once
        if (State is TcpState.SynSent or TcpState.SynReceived)
        {
            SendSyn(ack: State == TcpState.SynReceived);
            return 1;
        }
        int sentBefore = (int)Math.Min((uint)_send.Count, _sndMax - _sendBufferSeq - (_finSent && SequenceNumber.Lt(_finSeq, _sndMax) ? 1u : 0u));
        int length = Math.Min(sentBefore, _mss);
        if (length > 0)
        {
            SendData(_sendBufferSeq, 0, length);
            return (uint)length;
        }
        if (_finSent && SequenceNumber.Le(_sndUna, _finSeq))
        {
            Transmit(new TcpHeader { SequenceNumber = _finSeq, AcknowledgmentNumber = _rcvNxt, Ack = true, Fin = true }, default);
            return 1;
        }
        return 0;
    }

    private void OnKeepAliveTimer()
    {
        if (!_keepAlive || State is not (TcpState.Established or TcpState.CloseWait or TcpState.FinWait1 or TcpState.FinWait2))
        {
            return;
        }
        if (_keepAliveProbesSent >= KeepAliveProbes)
        {
            Counters.ConnectionTimeouts++;
            Terminate(TcpError.TimedOut);
            return;
        }
        _keepAliveProbesSent++;
        Counters.KeepAliveProbes++;
        // An old sequence number (SND.UNA - 1) and no data: the peer answers with an ACK, as to any unacceptable segment.
        Transmit(new TcpHeader { SequenceNumber = _sndUna - 1, AcknowledgmentNumber = _rcvNxt, Ack = true }, default);
        _keepAliveTimer.Arm(KeepAliveInterval);
    }

    /// <summary>RFC 6298 5.4 to 5.7 on expiry; a window probe when the peer's window is zero.</summary>
    private void OnRetransmitTimer()
    {
        if (State is TcpState.Closed or TcpState.TimeWait)
        {
            return;
        }
        int limit = State is TcpState.SynSent or TcpState.SynReceived ? MaxSynRetransmissions : MaxRetransmissions;
        if (++_retransmissions > limit)
        {
            Counters.ConnectionTimeouts++;
            Terminate(TcpError.TimedOut);
            return;
        }
        _rto = Math.Min(_rto * 2, MaximumRto);   // RFC 6298 5.5: back off
        if (_sndWnd == 0 && _sndUna == _sndNxt && _send.Count > (int)(_sndNxt - _sendBufferSeq))
        {
            // A probe of one byte beyond the closed window; its ACK reopens the window (RFC 9293 3.8.6.1).
            Counters.WindowProbes++;
            SendData(_sndNxt, (int)(_sndNxt - _sendBufferSeq), 1);
            _retransmitTimer.Arm(_rto);
            return;
        }
        Counters.RetransmissionTimeouts++;
        if (State is TcpState.SynSent or TcpState.SynReceived)
        {
            RetransmitFirst();
            _retransmitTimer.Arm(_rto);
            return;
        }
        // RFC 5681 3.1 eqn 4 and the loss window: start again from one segment, from the first unacknowledged byte; what
        // follows goes again as ACKs open the window (go-back-N; the receiver keeps what it already has).
        _ssthresh = _congestion.OnLoss(_cwnd, FlightSize(), _mss, _layer.Now);
        _cwnd = (uint)_mss;
        _inRecovery = false;
        _recover = _sndMax;
        _recoverValid = true;
        _duplicateAcks = 0;
        _scoreboardCount = 0;   // after a timeout, start again from SND.UNA (RFC 6675 5.1: the receiver may have reneged)
        uint covered = RetransmitFirst();
        _highRxt = _sndUna + covered;
        _sndNxt = _sndUna + covered;
        if (_finSent && SequenceNumber.Gt(_finSeq, _sndNxt) || (_finSent && _finSeq == _sndNxt))
        {
            _finSent = false;   // the FIN goes again after the data before it
        }
        _retransmitTimer.Arm(_rto);
    }

    private void Advance()
    {
        if (SequenceNumber.Gt(_sndNxt, _sndMax))
        {
            _sndMax = _sndNxt;
        }
    }

    private void StartRetransmitTimer() => _retransmitTimer.Arm(_rto);

    private void SendSyn(bool ack)
    {
        // MSS (RFC 9293 3.2), and window scale (RFC 7323 2.2: NOP then kind 3), offered in a SYN, answered in a SYN,ACK
        // only when the peer's SYN offered it.
        // SACK-permitted (RFC 2018 2, with two NOPs) likewise.
        Span<byte> options = stackalloc byte[24];
        int length = 0;
        options[length++] = 2;
        options[length++] = 4;
        options[length++] = (byte)(_localMss >> 8);
        options[length++] = (byte)_localMss;
        bool active = State == TcpState.SynSent;
        if (active || _scaling)
        {
            options[length++] = 1;
            options[length++] = 3;
            options[length++] = 3;
            options[length++] = (byte)_rcvScale;
        }
        if (active || _sackPermitted)
        {
            options[length++] = 1;
            options[length++] = 1;
            options[length++] = 4;
            options[length++] = 2;
        }
        if (active || _timestamps)
        {
            // RFC 7323 3.2: TSval, and in a SYN,ACK the peer's TSval echoed.
            WriteTimestamp(options[length..], ack ? _tsRecent : 0);
            length += TimestampOptionLength;
        }
        Transmit(new TcpHeader { SequenceNumber = _iss, AcknowledgmentNumber = ack ? _rcvNxt : 0, Syn = true, Ack = ack }, default, options[..length]);
    }

    private void SendAck()
    {
        _unackedSegments = 0;
        _delayedAckTimer.Disarm();
        if (!_sackPermitted || _holeCount == 0)
        {
            Transmit(new TcpHeader { SequenceNumber = _sndNxt, AcknowledgmentNumber = _rcvNxt, Ack = true }, default);
            return;
        }
        // RFC 2018 4: up to four blocks of data held beyond a gap, the one with the latest segment first.
        Span<byte> options = stackalloc byte[2 + 2 + 4 * 8];
        options[0] = 1;
        options[1] = 1;
        options[2] = 5;
        int blocks = 0;
        int first = 0;
        for (int i = 0; i < _holeCount; i++)
        {
            if (_holes[i].Start == _lastSackStart)
            {
                first = i;
            }
        }
        for (int k = 0; k < _holeCount && blocks < (_timestamps ? 3 : 4); k++)   // with timestamps, three fit in 40 bytes
        {
            var (start, end) = _holes[(first + k) % _holeCount];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(options[(4 + 8 * blocks)..], start);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(options[(8 + 8 * blocks)..], end);
            blocks++;
        }
        options[3] = (byte)(2 + 8 * blocks);
        Transmit(new TcpHeader { SequenceNumber = _sndNxt, AcknowledgmentNumber = _rcvNxt, Ack = true }, default, options[..(4 + 8 * blocks)]);
    }

    private void WriteTimestamp(Span<byte> destination, uint echo)
    {
        destination[0] = 1;
        destination[1] = 1;
        destination[2] = 8;
        destination[3] = 10;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(destination[4..], TsClock());
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(destination[8..], echo);
    }

    private void Transmit(TcpHeader header, ReadOnlySpan<byte> data, ReadOnlySpan<byte> options = default)
    {
        header.SourcePort = LocalPort;
        header.DestinationPort = RemotePort;
        Span<byte> combined = stackalloc byte[40];
        scoped ReadOnlySpan<byte> all = options;
        if (_timestamps && !header.Syn && !header.Rst)
        {
            // RFC 7323 3.2: every segment but a reset carries the timestamps option once it is on, first.
            WriteTimestamp(combined, _tsRecent);
            options.CopyTo(combined[TimestampOptionLength..]);
            all = combined[..(TimestampOptionLength + options.Length)];
        }
        if (header.Ack)
        {
            _lastAckSent = header.AcknowledgmentNumber;
        }
        if (!header.Rst)
        {
            // RFC 7323 2.2: a SYN's window is never scaled; later ones are, once both sides agreed.
            int shift = header.Syn || !_scaling ? 0 : _rcvScale;
            int window = Math.Min(ReceiveWindow() >> shift, ushort.MaxValue);
            header.Window = (ushort)window;
            _advertisedWindow = window << shift;
        }
        if (header.Ack)
        {
            _unackedSegments = 0;
            _delayedAckTimer.Disarm();
        }
        _layer.Send(RemoteAddress, header, all, data);
    }

    /// <summary>The receive window in bytes: the buffer's free space, at most what the window field can say.</summary>
    private int ReceiveWindow() => Math.Min(_receive.Free, ushort.MaxValue << (_scaling ? _rcvScale : 0));

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
        }
    }
}
