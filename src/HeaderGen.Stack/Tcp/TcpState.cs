namespace HeaderGen.Stack.Tcp;

/// <summary>The states of a TCP connection (RFC 9293, 3.3.2).</summary>
public enum TcpState
{
    /// <summary>No connection: never opened, or ended.</summary>
    Closed,

    /// <summary>Waiting for a SYN (a listener's state; connections it accepts start in <see cref="SynReceived"/>).</summary>
    Listen,

    /// <summary>Our SYN is sent; waiting for the peer's.</summary>
    SynSent,

    /// <summary>Both SYNs seen; waiting for the ACK of ours.</summary>
    SynReceived,

    /// <summary>Open: data flows both ways.</summary>
    Established,

    /// <summary>We closed; our FIN is not yet acknowledged.</summary>
    FinWait1,

    /// <summary>Our FIN is acknowledged; waiting for the peer's.</summary>
    FinWait2,

    /// <summary>The peer closed; we may still send.</summary>
    CloseWait,

    /// <summary>Both closed at once; waiting for the ACK of our FIN.</summary>
    Closing,

    /// <summary>The peer closed first, then we did; waiting for the ACK of our FIN.</summary>
    LastAck,

    /// <summary>Both FINs acknowledged; waiting twice the maximum segment lifetime so that old duplicates die.</summary>
    TimeWait,
}

/// <summary>Why a connection ended, when it did not end by a normal close.</summary>
public enum TcpError
{
    /// <summary>No error (open, or closed normally).</summary>
    None,

    /// <summary>The peer answered our SYN with a reset: no listener there.</summary>
    Refused,

    /// <summary>The peer reset the connection.</summary>
    Reset,

    /// <summary>Retransmissions went unanswered until the limit.</summary>
    TimedOut,

    /// <summary>This side aborted (<see cref="TcpConnection.Abort"/>), sending a reset.</summary>
    Aborted,
}
