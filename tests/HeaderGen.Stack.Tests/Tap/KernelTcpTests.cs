using System;
using System.Linq;
using System.Security.Cryptography;
using HeaderGen.Stack.Capture;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tap;
using HeaderGen.Stack.Tcp;
using HeaderGen.Stack.Tests.Infrastructure;
using HeaderGen.Stack.Wire;
using Xunit;

namespace HeaderGen.Stack.Tests.Tap;

/// <summary>
/// TCP between the Linux kernel and HeaderGen over TAP, in a network namespace: bulk data both ways, with HeaderGen's
/// fault wrapper dropping frames in each direction (the kernel here has no netem), SHA-256 compared on both ends.
/// </summary>
public partial class KernelPeerTests
{
    private const int Megabyte = 1 << 20;
    private const int WarmUp = 128 * Megabyte;

    // Bytes both sides can make: a SHA-256 counter stream (block i is SHA-256 of i's 8 bytes), so that Python and C#
    // agree on the data without sending it twice.
    private static byte[] Pattern(int length)
    {
        var data = new byte[length];
        Span<byte> counter = stackalloc byte[8];
        for (int i = 0; i * 32 < length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, i);
            var block = SHA256.HashData(counter);
            block.AsSpan(0, Math.Min(32, length - i * 32)).CopyTo(data.AsSpan(i * 32));
        }
        return data;
    }

    private const string PythonPattern = """
        import hashlib, struct
        def pattern(n):
            return b"".join(hashlib.sha256(struct.pack(">q", i)).digest() for i in range((n + 31) // 32))[:n]
        """;

    [SkippableTheory]
    [InlineData(256, 0.0)]
    [InlineData(256, 0.01)]
    public void A_linux_client_sends_to_a_headergen_server(int megabytes, double loss)
    {
        SkipUnlessKernelPeer();
        int length = megabytes * Megabyte;
        // The measured run (no loss) first sends a warm-up connection's 128 MB and waits a second, as the test below.
        bool warmUp = loss == 0;
        string client = PythonPattern + $$"""

            import socket, time
            data = pattern({{length}})
            def send(n):
                s = socket.create_connection(("10.77.0.2", 7001), timeout=60)
                start = time.time()
                s.sendall(memoryview(data)[:n])
                s.shutdown(socket.SHUT_WR)
                while s.recv(65536):
                    pass
                s.close()
                return time.time() - start  # before the hash below: 0.19 s of SHA-256 is not the transfer's
            if {{(warmUp ? "True" : "False")}}:
                print("warm-up", {{WarmUp}}, "seconds", round(send({{WarmUp}}), 3), flush=True)
                time.sleep(1)
            elapsed = send(len(data))
            print("sent", len(data), "sha256", hashlib.sha256(data).hexdigest(), "seconds", round(elapsed, 3))
            """;
        using var namespaces = new Namespaces();
        var ns = namespaces.Add("tcpin");
        // HeaderGen mostly writes ACKs here, and Linux's sender does its work inside those writes: on a thread of their
        // own, that work runs on the second core (0.47-0.61 s instead of 0.65-0.72 for the measured 256 MB).
        var tap = namespaces.Tap(ns, "i", "10.77.0.1/24", backgroundWrites: true);
        var (host, runner, faults) = TcpHost(tap, 0x11, loss);
        var listener = host.ListenTcp(7001);
        using var process = Namespaces.Start(ns, "python3", "-c", client);
        // The bytes are kept and hashed after the transfer: hashed as they came, on the one thread that runs the stack
        // (and, through its TAP reads and writes, the kernel's side of the connection), they were a tenth of its time.
        var kept = GC.AllocateUninitializedArray<byte>(length);
        TcpConnection? connection = null;
        int received = 0;
        bool done = runner.RunUntil(() =>
        {
            if (listener.TryAccept(out var accepted))
            {
                // The warm-up connection has ended (the client waits for its close): the next one starts over.
                connection = accepted;
                received = 0;
            }
            if (connection is not null)
            {
                int n;
                while (received < length && (n = connection.Receive(kept.AsSpan(received))) > 0)
                {
                    received += n;
                }
                if (connection.EndOfStream && connection.State == TcpState.CloseWait)
                {
                    connection.Close();
                }
            }
            return process.HasExited;
        }, TimeSpan.FromSeconds(300));
        string text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        output.WriteLine(text);
        output.WriteLine($"received {received}; retransmissions {host.TcpCounters.Retransmissions}; lost in {faults.Inbound.Lost}, out {faults.Outbound.Lost}; the TAP writer's queue full {tap.WriteQueueFull} times");
        Assert.True(done, "the Linux client did not finish");
        // The writing thread drains its queue on Dispose: then every frame the NIC put on the wire has been written.
        tap.Dispose();
        Assert.Equal(0, tap.WriteFailures);
        Assert.Equal(host.Interfaces[0].Nic.Counters.TxPackets - faults.Outbound.Lost, tap.Written);
        Assert.Equal(length, received);
        Assert.Contains("sha256 " + Convert.ToHexString(SHA256.HashData(kept)).ToLowerInvariant(), text, StringComparison.Ordinal);
        Assert.Contains("sha256 " + Convert.ToHexString(SHA256.HashData(Pattern(length))).ToLowerInvariant(), text, StringComparison.Ordinal);
        Assert.Equal(0, host.TcpCounters.BadChecksum);
    }

    [SkippableTheory]
    [InlineData(256, 0.0, false)]
    [InlineData(256, 0.01, false)]
    [InlineData(16, 0.01, true)]   // captured for tshark: 256 MB of capture would take tshark minutes to read
    public void A_headergen_client_sends_to_a_linux_server(int megabytes, double loss, bool capture)
    {
        SkipUnlessKernelPeer();
        int length = megabytes * Megabyte;
        // The server's timing runs from the accept to the end of the stream, as the client's does the other way.
        // The measured runs (no loss, no capture) first send a warm-up connection's 64 MB: the JIT has compiled the
        // stack's hot paths with profile data (tier 1) by the time the measured 256 MB starts, as in a long-running
        // process. Measured cold, the first 256 MB ran partly in tier-0 code and took 0.66 s instead of 0.45-0.5.
        bool warmUp = loss == 0 && !capture;
        string server = $$"""
            import socket, hashlib, time
            l = socket.socket()
            l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            l.bind(("10.77.0.1", 7002))
            l.listen(1)
            print("listening", flush=True)
            for connection in range({{(warmUp ? 2 : 1)}}):
                c, _ = l.accept()
                start = time.time()
                h = hashlib.sha256()
                n = 0
                while True:
                    b = c.recv(1 << 20)
                    if not b:
                        break
                    h.update(b)
                    n += len(b)
                elapsed = time.time() - start
                c.close()
                print("received", n, "sha256", h.hexdigest(), "seconds", round(elapsed, 3), flush=True)
            """;
        using var namespaces = new Namespaces();
        var ns = namespaces.Add("tcpout");
        var tap = namespaces.Tap(ns, "o", "10.77.0.1/24");
        var (host, runner, faults) = TcpHost(tap, 0x12, loss);
        // Under loss, the frames HeaderGen sends and receives are captured for Wireshark to judge.
        string pcapPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"headergen-tcp-{Environment.ProcessId}.pcap");
        var pcap = capture ? new PcapWriter(System.IO.File.Create(pcapPath), framesHaveFcs: false) : null;
        if (pcap is not null)
        {
            host.Interfaces[0].Nic.Wrap(new CaptureWrapper(pcap));
        }
        using var process = Namespaces.Start(ns, "python3", "-c", server);
        Assert.Equal("listening", process.StandardOutput.ReadLine());
        var data = Pattern(length);
        if (warmUp)
        {
            var first = host.ConnectTcp(Ipv4Address.Parse("10.77.0.1"), 7002);
            Assert.True(SendAndClose(runner, first, data.AsSpan(0, WarmUp).ToArray(), TimeSpan.FromSeconds(60)), "the warm-up connection did not finish");
            string warm = process.StandardOutput.ReadLine() ?? "";
            output.WriteLine("warm-up: " + warm);
            Assert.StartsWith($"received {WarmUp} ", warm);
            // Idle for the JIT's background tier-up to finish.
            runner.RunUntil(() => false, TimeSpan.FromMilliseconds(1000));
        }
        var connection = host.ConnectTcp(Ipv4Address.Parse("10.77.0.1"), 7002);
        bool done = SendAndClose(runner, connection, data, TimeSpan.FromSeconds(300), () => process.HasExited);
        string text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        output.WriteLine(text);
        output.WriteLine($"state {connection.State} {connection.Error}; retransmissions {host.TcpCounters.Retransmissions}, fast {host.TcpCounters.FastRetransmits}, timeouts {host.TcpCounters.RetransmissionTimeouts}; lost in {faults.Inbound.Lost}, out {faults.Outbound.Lost}; the TAP writer's queue full {tap.WriteQueueFull} times");
        Assert.True(done, "the Linux server did not finish");
        Assert.Equal(0, tap.WriteFailures);
        Assert.Contains($"received {length} sha256 {Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant()} seconds", text, StringComparison.Ordinal);
        if (pcap is not null)
        {
            pcap.Dispose();
            try
            {
                if (Tshark.Available)
                {
                    // Every segment of the connection, either way, dissects, and every checksum Wireshark verifies is good.
                    var bad = Tshark.Fields(pcapPath, "tcp.port == 7002 && (_ws.malformed || tcp.checksum.status == 0 || ip.checksum.status == 0)" +
                        // Linux writes 0xFFFF where the checksum folds to 0 (CSUM_MANGLED_0); Wireshark warns, the sum is good
                        // (about one segment in 65,536; ChecksumTests has one). HeaderGen's own segments get no such pass.
                        " && !(ip.src == 10.77.0.1 && tcp.checksum == 0xffff && tcp.checksum_calculated == 0x0000)", "frame.number", "frame.protocols", "tcp.flags.str", "tcp.len",
                        "ip.src", "ip.len", "tcp.seq_raw", "tcp.ack_raw", "tcp.checksum", "tcp.checksum.status", "ip.checksum.status", "_ws.malformed");
                    if (bad.Count > 0)
                    {
                        // Kept for a look at the bytes: the report names the file.
                        System.IO.File.Copy(pcapPath, pcapPath + ".failed", overwrite: true);
                        output.WriteLine("capture kept: " + pcapPath + ".failed");
                    }
                    Assert.True(bad.Count == 0, string.Join("\n", bad.Select(row => string.Join(" ", row))));
                    Assert.True(Tshark.Fields(pcapPath, "tcp.port == 7002", "frame.number").Count > 10_000);
                }
            }
            finally
            {
                System.IO.File.Delete(pcapPath);
            }
        }
    }

    [SkippableFact]
    public void A_linux_client_reaches_a_headergen_server_through_the_headergen_router()
    {
        // Linux (10.77.3.1) -> TAP -> HeaderGen router (10.77.3.254 | 10.77.4.254) -> simulated link -> HeaderGen host (10.77.4.2).
        SkipUnlessKernelPeer();
        const int Length = 16 * Megabyte;
        string client = PythonPattern + $$"""

            import socket
            data = pattern({{Length}})
            s = socket.create_connection(("10.77.4.2", 7003), timeout=60)
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            while s.recv(65536):
                pass
            print("sent", len(data), "sha256", hashlib.sha256(data).hexdigest())
            """;
        using var namespaces = new Namespaces();
        var ns = namespaces.Add("tcpr");
        var tap = namespaces.Tap(ns, "t", "10.77.3.1/24", "10.77.3.254");
        var scheduler = new Scheduler(13);
        var router = new Router("router", scheduler);
        var tapNic = new Nic("tap0", MacAddress.Parse("02:48:47:00:03:fe"), scheduler, options: TapNic);
        router.AddInterface(tapNic, Ipv4Address.Parse("10.77.3.254"), 24);
        var routerRight = new Nic("eth1", MacAddress.Parse("02:48:47:00:04:fe"), scheduler);
        var serverNic = new Nic("eth0", MacAddress.Parse("02:48:47:00:04:02"), scheduler);
        var link = new PointToPointLink("right", scheduler);
        link.Connect(routerRight, serverNic);
        router.AddInterface(routerRight, Ipv4Address.Parse("10.77.4.254"), 24);
        var server = new Host("server", scheduler);
        server.AddInterface(serverNic, Ipv4Address.Parse("10.77.4.2"), 24);
        server.AddDefaultRoute(Ipv4Address.Parse("10.77.4.254"));
        var runner = new RealTimeRunner(scheduler);
        runner.Attach(tap, tapNic);
        var listener = server.ListenTcp(7003);
        using var process = Namespaces.Start(ns, "python3", "-c", client);
        // Kept, then hashed after the transfer (as in the test above).
        var kept = GC.AllocateUninitializedArray<byte>(Length);
        TcpConnection? connection = null;
        int received = 0;
        bool done = runner.RunUntil(() =>
        {
            if (connection is null && listener.TryAccept(out var accepted))
            {
                connection = accepted;
            }
            if (connection is not null)
            {
                int n;
                while (received < Length && (n = connection.Receive(kept.AsSpan(received))) > 0)
                {
                    received += n;
                }
                if (connection.EndOfStream && connection.State == TcpState.CloseWait)
                {
                    connection.Close();
                }
            }
            return process.HasExited;
        }, TimeSpan.FromSeconds(120));
        string text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        output.WriteLine(text);
        Assert.True(done, "the Linux client did not finish");
        Assert.Equal(Length, received);
        Assert.Contains("sha256 " + Convert.ToHexString(SHA256.HashData(kept)).ToLowerInvariant(), text, StringComparison.Ordinal);
        Assert.True(router.Interfaces[1].Forwarding.Forwarded > Length / 1460, $"{router.Interfaces[1].Forwarding.Forwarded} forwarded");
    }

    /// <summary>
    /// Sends <paramref name="data"/> on <paramref name="connection"/> and closes it; true when it has closed (or, given
    /// <paramref name="until"/>, when that holds) within <paramref name="timeout"/>.
    /// </summary>
    private static bool SendAndClose(RealTimeRunner runner, TcpConnection connection, byte[] data, TimeSpan timeout, Func<bool>? until = null)
    {
        int written = 0;
        bool closed = false;
        return runner.RunUntil(() =>
        {
            if (connection.IsConnected && written < data.Length)
            {
                written += connection.Send(data.AsSpan(written));
            }
            if (written == data.Length && !closed && connection.State == TcpState.Established)
            {
                connection.Close();
                closed = true;
            }
            return until is not null ? until() : connection.State is TcpState.TimeWait or TcpState.Closed;
        }, timeout);
    }

    /// <summary>A HeaderGen host at 10.77.0.2 on <paramref name="tap"/>, its NIC wrapped to lose <paramref name="loss"/> of the frames each way.</summary>
    private static (Host Host, RealTimeRunner Runner, FaultInjector Faults) TcpHost(TapDevice tap, byte macSuffix, double loss)
    {
        var scheduler = new Scheduler(11);
        var nic = new Nic("tap0", new MacAddress(0x02_48_47_00_00_00UL | macSuffix), scheduler, options: TapNic);
        var faults = nic.Wrap(new FaultInjector(new FaultOptions { Loss = loss }, new FaultOptions { Loss = loss }));
        var host = new Host("hg", scheduler);
        host.AddInterface(nic, Ipv4Address.Parse("10.77.0.2"), 24);
        var runner = new RealTimeRunner(scheduler);
        runner.Attach(tap, nic);
        return (host, runner, faults);
    }

    [SkippableFact]
    public void Linux_to_linux_over_a_veth_pair_is_the_reference_for_the_tap_figures()
    {
        // The same 256 MB, the same Python sender, between two Linux namespaces joined by a veth pair: what the kernel
        // does without HeaderGen, measured in the same run as the TAP figures it is compared with.
        SkipUnlessKernelPeer();
        const int Length = 256 * Megabyte;
        const string Server = """
            import socket, hashlib
            l = socket.socket()
            l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            l.bind(("10.77.5.2", 7004))
            l.listen(1)
            print("listening", flush=True)
            c, _ = l.accept()
            h = hashlib.sha256()
            while True:
                b = c.recv(1 << 20)
                if not b:
                    break
                h.update(b)
            c.close()
            print("sha256", h.hexdigest())
            """;
        string client = PythonPattern + $$"""

            import socket, time
            data = pattern({{Length}})
            s = socket.create_connection(("10.77.5.2", 7004), timeout=60)
            start = time.time()
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            while s.recv(65536):
                pass
            elapsed = time.time() - start  # before the hash below: 0.19 s of SHA-256 is not the transfer's
            print("sent", len(data), "sha256", hashlib.sha256(data).hexdigest(), "seconds", round(elapsed, 3))
            """;
        using var namespaces = new Namespaces();
        var left = namespaces.Add("vl");
        var right = namespaces.Add("vr");
        string suffix = left[^4..];
        Namespaces.Run("ip", "link", "add", "hgva" + suffix, "netns", left, "type", "veth", "peer", "name", "hgvb" + suffix, "netns", right);
        Namespaces.Run("ip", "-n", left, "addr", "add", "10.77.5.1/24", "dev", "hgva" + suffix);
        Namespaces.Run("ip", "-n", right, "addr", "add", "10.77.5.2/24", "dev", "hgvb" + suffix);
        Namespaces.Run("ip", "-n", left, "link", "set", "hgva" + suffix, "up");
        Namespaces.Run("ip", "-n", right, "link", "set", "hgvb" + suffix, "up");
        using var server = Namespaces.Start(right, "python3", "-c", Server);
        Assert.Equal("listening", server.StandardOutput.ReadLine());
        using var sender = Namespaces.Start(left, "python3", "-c", client);
        Assert.True(sender.WaitForExit(120_000) && server.WaitForExit(10_000), "the veth transfer did not finish");
        string sent = sender.StandardOutput.ReadToEnd() + sender.StandardError.ReadToEnd();
        string received = server.StandardOutput.ReadToEnd();
        output.WriteLine(sent + received);
        Assert.Contains(received.Trim(), sent, StringComparison.Ordinal);
    }
}
