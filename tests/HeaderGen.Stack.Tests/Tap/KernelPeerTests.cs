using System;
using System.Diagnostics;
using System.Text.RegularExpressions;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tap;
using Xunit;
using Xunit.Abstractions;

namespace HeaderGen.Stack.Tests.Tap;

/// <summary>
/// The Linux kernel as the peer: HeaderGen's host and forwarder on TAP devices, the kernel's stack in network
/// namespaces. If the kernel accepts HeaderGen's frames and HeaderGen the kernel's, the headers, checksums, ARP and
/// forwarding are right in the way that matters. Where it cannot run here, each test reports itself skipped, with the reason.
/// </summary>
[Collection("kernel")]
public partial class KernelPeerTests(ITestOutputHelper output)
{
    private static readonly NicOptions TapNic = new() { FcsOnWire = false, DeferredWorkDelay = 0 };

    [SkippableFact]
    public void Linux_pings_the_headergen_host_ten_times_out_of_ten()
    {
        SkipUnlessKernelPeer();
        using var namespaces = new Namespaces();
        var ns = namespaces.Add("ping");
        var tap = namespaces.Tap(ns, "p", "10.77.0.1/24");
        var (host, _, runner) = HostOn(tap, 0x01);

        using var ping = Namespaces.Start(ns, "ping", "-c", "10", "-i", "0.2", "-W", "2", "10.77.0.2");
        Assert.True(runner.RunUntil(() => ping.HasExited, TimeSpan.FromSeconds(30)), "ping did not finish");
        string text = ping.StandardOutput.ReadToEnd();
        output.WriteLine(text);
        Assert.Contains("10 packets transmitted, 10 received", text, StringComparison.Ordinal);
        Assert.Equal(10, host.Counters.EchoRequestsAnswered);
        Assert.True(host.Counters.ArpRepliesSent >= 1);
    }

    [SkippableFact]
    public void Udp_goes_both_ways_between_a_linux_socket_and_a_headergen_socket_at_every_size()
    {
        SkipUnlessKernelPeer();
        // Linux sends every size from 1 to 1472 bytes and expects each back, byte for byte; the kernel drops
        // datagrams with bad checksums silently, so a missing reply is a bug.
        const string Client = """
            import socket, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(2)
            bad = 0
            for n in range(1, 1473):
                data = bytes((n * 7 + i) % 251 for i in range(n))
                s.sendto(data, ("10.77.0.2", 7000))
                try:
                    reply, _ = s.recvfrom(2048)
                    bad += reply != data
                except socket.timeout:
                    bad += 1
            print("bad", bad)
            """;
        var (text, host, echo) = EchoForLinux("udp", 0x02, Client, TimeSpan.FromSeconds(120));
        Assert.Contains("bad 0", text, StringComparison.Ordinal);
        Assert.Equal(1472, echo.Received);
        Assert.Equal(0, host.Counters.UdpBadChecksum);
    }

    /// <summary>A HeaderGen host at 10.77.0.2/24 on <paramref name="tap"/> (MAC 02:48:47:00:00:<paramref name="macSuffix"/>), with the runner that drives it.</summary>
    private static (Host Host, Nic Nic, RealTimeRunner Runner) HostOn(TapDevice tap, byte macSuffix)
    {
        var scheduler = new Scheduler();
        var nic = new Nic("tap0", new MacAddress(0x02_48_47_00_00_00UL | macSuffix), scheduler, options: TapNic);
        var host = new Host("hg", scheduler);
        host.AddInterface(nic, Ipv4Address.Parse("10.77.0.2"), 24);
        var runner = new RealTimeRunner(scheduler);
        runner.Attach(tap, nic);
        return (host, nic, runner);
    }

    /// <summary>
    /// A HeaderGen host at 10.77.0.2 on a TAP device whose kernel side (10.77.0.1) is in a new namespace, echoing every
    /// datagram on UDP port 7000 while <paramref name="client"/> (Python) runs in the namespace; returns its output.
    /// </summary>
    private (string Output, Host Host, UdpSocket Echo) EchoForLinux(string name, byte macSuffix, string client, TimeSpan timeout)
    {
        using var namespaces = new Namespaces();
        var ns = namespaces.Add(name);
        var tap = namespaces.Tap(ns, name[..1], "10.77.0.1/24");
        var (host, _, runner) = HostOn(tap, macSuffix);
        var echo = host.OpenUdp(7000);
        using var process = Namespaces.Start(ns, "python3", "-c", client);
        var buffer = new byte[70_000];
        bool done = runner.RunUntil(() =>
        {
            while (echo.TryReceive(buffer, out int length, out var from, out ushort port))
            {
                echo.SendTo(from, port, buffer.AsSpan(0, length));
            }
            return process.HasExited;
        }, timeout);
        Assert.True(done, "the Linux client did not finish");
        string text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        output.WriteLine(text);
        return (text, host, echo);
    }

    [SkippableFact]
    public void Linux_namespaces_route_through_the_headergen_forwarder_ping_tcp_and_ttl_expiry()
    {
        SkipUnlessKernelPeer();
        using var namespaces = new Namespaces();
        var left = namespaces.Add("l");
        var right = namespaces.Add("r");
        var tapLeft = namespaces.Tap(left, "l", "10.77.1.1/24", "10.77.1.254");
        var tapRight = namespaces.Tap(right, "r", "10.77.2.1/24", "10.77.2.254");
        var scheduler = new Scheduler();
        var nicLeft = new Nic("tapl", MacAddress.Parse("02:48:47:00:01:fe"), scheduler, options: TapNic);
        var nicRight = new Nic("tapr", MacAddress.Parse("02:48:47:00:02:fe"), scheduler, options: TapNic);
        var router = new Router("hg", scheduler);
        router.AddInterface(nicLeft, Ipv4Address.Parse("10.77.1.254"), 24);
        router.AddInterface(nicRight, Ipv4Address.Parse("10.77.2.254"), 24);
        var runner = new RealTimeRunner(scheduler);
        runner.Attach(tapLeft, nicLeft);
        runner.Attach(tapRight, nicRight);

        // Ping both ways: the TTL Linux sees is its 64 less the one hop through HeaderGen.
        foreach (var (from, to) in new[] { (left, "10.77.2.1"), (right, "10.77.1.1") })
        {
            using var ping = Namespaces.Start(from, "ping", "-c", "3", "-i", "0.2", "-W", "2", to);
            Assert.True(runner.RunUntil(() => ping.HasExited, TimeSpan.FromSeconds(20)));
            string text = ping.StandardOutput.ReadToEnd();
            output.WriteLine(text);
            Assert.Contains("3 packets transmitted, 3 received", text, StringComparison.Ordinal);
            Assert.Matches(TtlSixtyThree(), text);
        }

        // ping -t 1: the TTL runs out at HeaderGen, which answers Time Exceeded; Linux reports it as such.
        using (var expiring = Namespaces.Start(left, "ping", "-c", "1", "-t", "1", "-W", "2", "10.77.2.1"))
        {
            Assert.True(runner.RunUntil(() => expiring.HasExited, TimeSpan.FromSeconds(20)));
            string text = expiring.StandardOutput.ReadToEnd();
            output.WriteLine(text);
            Assert.Contains("From 10.77.1.254 icmp_seq=1 Time to live exceeded", text, StringComparison.Ordinal);
        }

        // A TCP transfer of 4 MB whose checksums the forwarder never touched must arrive intact.
        const string Server = """
            import socket, hashlib
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("10.77.2.1", 9000)); s.listen(1); s.settimeout(60)
            c, _ = s.accept(); h = hashlib.sha256(); n = 0
            while True:
                d = c.recv(65536)
                if not d: break
                h.update(d); n += len(d)
            print(n, h.hexdigest())
            """;
        const string Client = """
            import socket, hashlib, random, time
            data = random.Random(1).randbytes(4 << 20)
            for attempt in range(50):
                try:
                    c = socket.create_connection(("10.77.2.1", 9000), timeout=30); break
                except OSError:
                    time.sleep(0.1)
            c.sendall(data); c.close()
            print(len(data), hashlib.sha256(data).hexdigest())
            """;
        using var server = Namespaces.Start(right, "python3", "-c", Server);
        using var client = Namespaces.Start(left, "python3", "-c", Client);
        Assert.True(runner.RunUntil(() => server.HasExited && client.HasExited, TimeSpan.FromSeconds(120)), "the TCP transfer did not finish");
        string received = server.StandardOutput.ReadToEnd().Trim();
        string sent = client.StandardOutput.ReadToEnd().Trim();
        output.WriteLine($"sent {sent}\nreceived {received}\n{server.StandardError.ReadToEnd()}{client.StandardError.ReadToEnd()}");
        Assert.StartsWith("4194304 ", sent, StringComparison.Ordinal);
        Assert.Equal(sent, received);
        Assert.True(router.Interfaces[1].Forwarding.Forwarded > 2000);
    }

    [SkippableFact]
    public void Udp_datagrams_larger_than_the_mtu_cross_in_fragments_both_ways_between_linux_and_headergen()
    {
        SkipUnlessKernelPeer();
        // Linux fragments each datagram on its way in; HeaderGen reassembles it, echoes it, and fragments the echo,
        // which Linux's reassembly must accept byte for byte.
        const string Client = """
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(3)
            bad = 0
            sizes = [1473, 1480, 1481, 2000, 2952, 2953, 4000, 8000, 16000, 30000, 65507]
            for n in sizes:
                data = bytes((n * 13 + i) % 253 for i in range(n))
                s.sendto(data, ("10.77.0.2", 7000))
                try:
                    reply, _ = s.recvfrom(70000)
                    bad += reply != data
                except socket.timeout:
                    bad += 1
            print("sizes", len(sizes), "bad", bad)
            """;
        var (text, host, _) = EchoForLinux("frag", 0x05, Client, TimeSpan.FromSeconds(60));
        output.WriteLine($"reassembled {host.Counters.ReassembledDatagrams}, fragments sent {host.Counters.FragmentsSent}");
        Assert.Contains("sizes 11 bad 0", text, StringComparison.Ordinal);
        Assert.Equal(11, host.Counters.ReassembledDatagrams);
        Assert.Equal(11, host.Counters.DatagramsFragmented);
        Assert.Equal(0, host.Counters.FragmentOverlaps + host.Counters.FragmentErrors + host.Counters.ReassemblyTimeouts);
        Assert.Equal(0, host.UnaccountedFrames);
    }

    private static void SkipUnlessKernelPeer()
    {
        string? why = Namespaces.Unavailable();
        Skip.If(why is not null, $"the kernel peer tests need root, /dev/net/tun, ip, ping and python3 ({why}).");
    }

    [GeneratedRegex("ttl=63")]
    private static partial Regex TtlSixtyThree();
}
