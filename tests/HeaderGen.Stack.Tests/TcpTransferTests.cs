using System;
using System.Security.Cryptography;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tcp;
using HeaderGen.Stack.Tracing;
using Xunit;

namespace HeaderGen.Stack.Tests;

/// <summary>
/// Whole transfers between two HeaderGen hosts over the simulated link, through the fault-injecting NIC wrapper: the
/// bytes arrive intact and in order (SHA-256 equal), the connection closes both ways, the same seed gives the same run,
/// and the retransmission counters move with the loss.
/// </summary>
public class TcpTransferTests
{
    private const ushort Port = 8080;

    /// <summary>Sends <paramref name="length"/> seeded bytes from A to B (or B to A) and closes; returns the receiver's hash, the sender's counters and the run's end time.</summary>
    private static (byte[] Sent, byte[] Received, TcpCounters SenderCounters, long Time, TwoHosts Net) Transfer(int length, FaultOptions faults, int seed, bool fromA = true)
    {
        var net = new TwoHosts(seed, trace: NoTrace.Instance);
        net.AddArpEntries();
        // Loss both ways: data one way, ACKs the other.
        net.NicA.Wrap(new FaultInjector(outbound: faults));
        net.NicB.Wrap(new FaultInjector(outbound: faults));
        var (client, server) = fromA ? (net.A, net.B) : (net.B, net.A);
        var listener = server.ListenTcp(Port);
        var sender = client.ConnectTcp(fromA ? TwoHosts.AddressB : TwoHosts.AddressA, Port);
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        TcpConnection? receiver = null;
        var chunk = new byte[16_384];
        int written = 0;
        long received = 0;
        bool closed = false;
        var scheduler = net.Scheduler;
        while (scheduler.RunOne())
        {
            if (receiver is null && listener.TryAccept(out var accepted))
            {
                receiver = accepted;
            }
            if (sender.IsConnected && written < length)
            {
                written += sender.Send(data.AsSpan(written));
            }
            if (written == length && !closed && sender.State == TcpState.Established)
            {
                sender.Close();
                closed = true;
            }
            if (receiver is not null)
            {
                int n;
                while ((n = receiver.Receive(chunk)) > 0)
                {
                    hash.AppendData(chunk, 0, n);
                    received += n;
                }
                if (receiver.EndOfStream && receiver.State == TcpState.CloseWait)
                {
                    receiver.Close();
                }
            }
            if (scheduler.Now > 3_600 * Scheduler.Second)
            {
                break;
            }
        }
        Assert.True(length == received, $"{received} of {length} bytes; sender {sender.State} ({sender.Error}), receiver {receiver?.State}, t={scheduler.Now}");
        return (SHA256.HashData(data), hash.GetHashAndReset(), client.TcpCounters, scheduler.Now, net);
    }

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.01, 2)]
    [InlineData(0.05, 3)]
    public void Sixteen_megabytes_cross_intact_through_loss(double loss, int seed)
    {
        var (sent, received, counters, _, net) = Transfer(16 << 20, new FaultOptions { Loss = loss }, seed);
        Assert.Equal(Convert.ToHexString(sent), Convert.ToHexString(received));
        Assert.Equal(0, net.A.TcpConnections);   // both sides closed: A through TIME-WAIT, B through LAST-ACK
        Assert.Equal(0, net.B.TcpConnections);
        Assert.Equal(0, net.A.UnaccountedFrames);
        Assert.Equal(0, net.B.UnaccountedFrames);
        if (loss == 0)
        {
            Assert.Equal(0, counters.Retransmissions);
        }
        else
        {
            // About one retransmission per lost segment (16 MB is about 11,500 segments), not a storm.
            long segments = (16 << 20) / 1460;
            Assert.InRange(counters.Retransmissions, (long)(segments * loss * 0.5), (long)(segments * loss * 3) + 50);
            Assert.True(counters.FastRetransmits > 0, "three duplicate ACKs should trigger fast retransmits");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sixteen_megabytes_cross_intact_either_way_through_loss_reordering_duplication_and_corruption(bool fromA)
    {
        // Corrupted frames die at the FCS check (or, past it, at the TCP checksum); reordered and duplicated ones are
        // put back in order by the receiver.
        var faults = new FaultOptions { Loss = 0.01, Reordering = 0.02, Duplication = 0.02, Corruption = 0.01 };
        var (sent, received, counters, _, _) = Transfer(16 << 20, faults, seed: 9, fromA: fromA);
        Assert.Equal(Convert.ToHexString(sent), Convert.ToHexString(received));
        Assert.True(counters.Retransmissions > 0);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run()
    {
        var first = Transfer(1 << 20, new FaultOptions { Loss = 0.02 }, seed: 5);
        var second = Transfer(1 << 20, new FaultOptions { Loss = 0.02 }, seed: 5);
        Assert.Equal(first.Time, second.Time);
        Assert.Equal(first.SenderCounters.Retransmissions, second.SenderCounters.Retransmissions);
        Assert.Equal(first.SenderCounters.SegmentsSent, second.SenderCounters.SegmentsSent);
    }
}

/// <summary>A bulk transfer's steady state allocates nothing: segments, ACKs, timers and buffers reuse what the connection made at its start.</summary>
public class TcpAllocationTests
{
    [Fact]
    public void The_steady_state_of_a_transfer_allocates_nothing_per_segment()
    {
        var net = new TwoHosts(3, trace: NoTrace.Instance);
        net.AddArpEntries();
        var listener = net.B.ListenTcp(9000);
        var sender = net.A.ConnectTcp(TwoHosts.AddressB, 9000);
        var data = new byte[64 * 1024];
        var sink = new byte[64 * 1024];
        TcpConnection? receiver = null;
        long received = 0;
        void Pump(long until)
        {
            while (received < until && net.Scheduler.RunOne())
            {
                if (receiver is null && listener.TryAccept(out var accepted))
                {
                    receiver = accepted;
                }
                if (sender.IsConnected)
                {
                    sender.Send(data);
                }
                if (receiver is not null)
                {
                    int n;
                    while ((n = receiver.Receive(sink)) > 0)
                    {
                        received += n;
                    }
                }
            }
        }
        Pump(2 << 20);                                     // warm up: JIT, tiering, the scheduler's queue at its size
        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = received;
        Pump(received + (8 << 20));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(received - start >= 8 << 20);
        Assert.Equal(0, allocated);
    }
}
