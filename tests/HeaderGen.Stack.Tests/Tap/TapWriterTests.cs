using System;
using System.Buffers.Binary;
using HeaderGen.Stack.Hosts;
using Xunit;

namespace HeaderGen.Stack.Tests.Tap;

public partial class KernelPeerTests
{
    [SkippableFact]
    public void Background_writes_reach_linux_every_frame_in_the_order_sent()
    {
        // HeaderGen numbers 5,000 UDP datagrams and sends them through a TAP device that writes from its own thread;
        // a Linux socket (with a receive buffer large enough for all) reports how many came and whether in order.
        SkipUnlessKernelPeer();
        const int Count = 5000;
        string server = $$"""
            import socket, struct
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, 33, 32 << 20)  # SO_RCVBUFFORCE: root may pass rmem_max
            s.bind(("10.77.0.1", 7005))
            s.settimeout(5)
            s.sendto(b"go", ("10.77.0.2", 7005))
            last, n, ordered = -1, 0, True
            try:
                while n < {{Count}}:
                    data, _ = s.recvfrom(2048)
                    seq = struct.unpack(">i", data[:4])[0]
                    ordered = ordered and seq == last + 1
                    last, n = seq, n + 1
            except socket.timeout:
                pass
            print("received", n, "ordered", ordered, "last", last, flush=True)
            """;
        using var namespaces = new Namespaces();
        var ns = namespaces.Add("tapw");
        var tap = namespaces.Tap(ns, "w", "10.77.0.1/24", backgroundWrites: true);
        var (host, nic, runner) = HostOn(tap, 0x21);
        var socket = host.OpenUdp(7005);
        using var process = Namespaces.Start(ns, "python3", "-c", server);
        var payload = new byte[64];
        var buffer = new byte[2048];
        int sent = 0;
        bool started = false;
        bool done = runner.RunUntil(() =>
        {
            // Linux's "go" also teaches the host its address (ARP), so nothing waits on resolution.
            started |= socket.TryReceive(buffer, out _, out _, out _);
            for (int i = 0; started && i < 200 && sent < Count; i++)
            {
                BinaryPrimitives.WriteInt32BigEndian(payload, sent);
                Assert.True(socket.SendTo(Ipv4Address.Parse("10.77.0.1"), 7005, payload));
                sent++;
            }
            return process.HasExited;
        }, TimeSpan.FromSeconds(60));
        string text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        output.WriteLine(text);
        tap.Dispose();
        output.WriteLine($"sent {sent}; NIC transmitted {nic.Counters.TxPackets}, TX ring full {nic.Counters.TxRingFull}; written {tap.Written}, failed {tap.WriteFailures}, queue full {tap.WriteQueueFull} times");
        Assert.True(done, "the Linux server did not finish");
        Assert.Equal(Count, sent);
        Assert.Contains($"received {Count} ordered True last {Count - 1}", text, StringComparison.Ordinal);
        Assert.Equal(0, tap.WriteFailures);
        Assert.Equal(nic.Counters.TxPackets, tap.Written);
    }
}
