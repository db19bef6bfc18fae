// The lecture's toy example, run: process P1 on host A sends "hello" over UDP to process P2 on host B. A and B
// are on different networks, joined by two routers. Every step of the send path, each link, each router's strip /
// look up / rebuild and the receive path up to P2 waking is printed as it happens on the virtual clock; then the
// same send between two processes on one host, to show what the local short-circuit skips. One pcap per link is
// written to ./journey-pcaps (open them in Wireshark).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using HeaderGen;
using HeaderGen.Protocols;
using HeaderGen.Stack.Capture;
using HeaderGen.Examples.Journey;
using HeaderGen.Stack.Tracing;
using HeaderGen.Layers;

var directory = Directory.CreateDirectory(Path.Combine(Environment.CurrentDirectory, "journey-pcaps"));
var pcaps = new[] { "A-R1", "R1-R2", "R2-B" }.ToDictionary(name => name, name => new PcapWriter(File.Create(Path.Combine(directory.FullName, name + ".pcap"))));
// --summary prints the layers' story only (sockets, UDP, IP, ARP, the routers, the wire); the default prints every
// step down to descriptors, DMA and interrupts.
bool summary = args.Contains("--summary");
var trace = new TraceLog { Echo = summary ? null : Console.Out };
ITraceSink sink = summary ? new SummaryEcho(trace) : trace;
var journey = new TwoRouterJourney(sink, pcaps.ToDictionary(p => p.Key, p => (IFrameTap)p.Value));

Console.WriteLine("Network: A 10.1.0.10 --[A-R1 10.1.0.0/24]-- R1 --[R1-R2 10.2.0.0/24]-- R2 --[R2-B 10.3.0.0/24]-- B 10.3.0.20");
Console.WriteLine();
Console.WriteLine("== P2 on B sleeps in recvfrom(port 5000); P1 on A calls sendto(\"hello\") ==");
var received = journey.P2.ReceiveAsync();
journey.P1.SendTo(TwoRouterJourney.AddressB, 5000, "hello"u8);
journey.Scheduler.RunUntilIdle();
Console.WriteLine();
Console.WriteLine(received.IsCompletedSuccessfully
    ? $"P2 woke with \"{Encoding.ASCII.GetString(received.Result.Data)}\" from {received.Result.Source}:{received.Result.SourcePort} at t={received.Result.Time / 1000.0:F3}us"
    : "P2 is still waiting: something was lost");

Console.WriteLine();
Console.WriteLine("== The frame on each link: the frame is new on every link, the packet inside is the same but for its TTL ==");
Console.WriteLine($"{"link",-6} {"source MAC",-17} {"destination MAC",-17} {"source IP",-10} {"dest IP",-10} {"TTL",3} {"IP checksum",11} {"FCS",4}");
foreach (var (name, recorder) in journey.Captures)
{
    foreach (var frame in recorder.Frames)
    {
        var bytes = frame.Data.AsSpan(0, frame.Data.Length - 4);
        if (!EthernetHeader.ReadOnlyView.TryCreate(bytes, out var ethernet) || ethernet.EtherType != EtherType.Ipv4
            || !Ipv4Header.ReadOnlyView.TryCreate(ethernet.Payload, out var ip) || ip.Protocol != IpProtocol.Udp)
        {
            continue;
        }
        Console.WriteLine($"{name,-6} {ethernet.Source,-17} {ethernet.Destination,-17} {ip.SourceAddress,-10} {ip.DestinationAddress,-10} {ip.TimeToLive,3} {"0x" + ip.HeaderChecksum.ToString("x4"),11} {(EthernetTrailer.Verify(frame.Data) ? "good" : "BAD"),4}");
    }
}
Console.WriteLine();
foreach (var (name, recorder) in journey.Captures)
{
    var data = recorder.Frames.Select(f => f.Data[..^4]).First(f => LayerDecoder.Describe(f).Contains("UDP", StringComparison.Ordinal));
    Console.WriteLine($"-- {name} as a decoder sees it --");
    Console.Write(LayerDecoder.Describe(data));
}

Console.WriteLine();
Console.WriteLine("== The same send between two processes on A: the kernel short-circuits ==");
trace.Clear();
var p3 = journey.A.OpenUdp(6000);
journey.P1.SendTo(TwoRouterJourney.AddressA, 6000, "hello"u8);
journey.Scheduler.RunUntilIdle();
var kinds = trace.Events.Select(e => e.Kind).ToHashSet();
var skipped = new[] { TraceKind.TransportHeaderAdded, TraceKind.IpHeaderAdded, TraceKind.NextHopResolved, TraceKind.FrameBuilt, TraceKind.DescriptorPosted, TraceKind.DmaFromHost, TraceKind.Transmitted, TraceKind.WireDelivered, TraceKind.Forwarded, TraceKind.Interrupt, TraceKind.DeferredPoll, TraceKind.HeaderStripped }
    .Where(k => !kinds.Contains(k));
Console.WriteLine($"skipped: {string.Join(", ", skipped)}");
Console.WriteLine($"P3 has {p3.Count} datagram in its socket buffer; {trace.Events.Count} steps instead of {journey.Captures.Values.Sum(c => c.Frames.Count)} frames on three links.");

Console.WriteLine();
Console.WriteLine("== TCP: B listens on port 80; A connects, sends \"hello\" and closes; B reads it and closes too ==");
trace.Clear();
var listener = journey.B.ListenTcp(80);
var client = journey.A.ConnectTcp(TwoRouterJourney.AddressB, 80);
HeaderGen.Stack.Tcp.TcpConnection? server = null;
bool sent = false;
var greeting = new byte[16];
while (journey.Scheduler.RunOne())
{
    if (!sent && client.IsConnected)
    {
        client.Send("hello"u8);
        client.Close();
        sent = true;
    }
    if (server is null && listener.TryAccept(out var accepted))
    {
        server = accepted;
    }
    if (server is not null && server.Available > 0)
    {
        int n = server.Receive(greeting);
        Console.WriteLine($"t={journey.Scheduler.Now / 1000.0,10:F3}us B's process read \"{Encoding.ASCII.GetString(greeting, 0, n)}\"");
    }
    if (server is { EndOfStream: true, State: HeaderGen.Stack.Tcp.TcpState.CloseWait })
    {
        server.Close();
    }
}
// Each segment once, as its sender wrote it, with the states the two ends went through.
foreach (var e in trace.Events.Where(e => e.Kind == TraceKind.StateChanged || (e.Kind == TraceKind.TransportHeaderAdded && e.Detail.StartsWith("TCP", StringComparison.Ordinal))))
{
    Console.WriteLine(e.Kind == TraceKind.StateChanged ? $"t={e.Time / 1000.0,10:F3}us {e.Host,-2} state {e.Detail}" : $"t={e.Time / 1000.0,10:F3}us {e.Host,-2} sends {Segment(e.Detail)}");
}
Console.WriteLine($"A: {client.State}, B: {server?.State}; A waits in TIME-WAIT for {HeaderGen.Stack.Tcp.TcpConnection.TimeWaitDuration / 1_000_000_000} s before it forgets the connection.");

foreach (var writer in pcaps.Values)
{
    writer.Dispose();
}
Console.WriteLine();
Console.WriteLine($"Wrote {string.Join(", ", pcaps.Keys.Select(k => $"journey-pcaps/{k}.pcap"))} (open them in Wireshark).");
Console.WriteLine($"Counters: A.eth0 {journey.Nics["A.eth0"].Counters}");
Console.WriteLine($"          R1 forwarding {journey.R1.Interfaces[1].Forwarding}, R2 forwarding {journey.R2.Interfaces[1].Forwarding}");

/// <summary>A TCP header's trace text shortened to its flags, numbers and length: "SYN seq=... ack=... win=...".</summary>
static string Segment(string detail)
{
    var fields = detail.Split(' ').Select(f => f.Split('=')).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
    string flags = string.Join(",", new[] { "Syn", "Fin", "Rst", "Psh", "Ack" }.Where(f => fields[f] == "1").Select(f => f.ToUpperInvariant()));
    return $"{flags,-11} seq={fields["SequenceNumber"]} ack={fields["AcknowledgmentNumber"]} win={fields["Window"]}";
}

/// <summary>Keeps every event in the log and prints those of the layers above the driver, and the wire's.</summary>
internal sealed class SummaryEcho(TraceLog log) : ITraceSink
{
    public bool Enabled => true;

    public void Emit(in TraceEvent traceEvent)
    {
        log.Emit(traceEvent);
        if (traceEvent.Layer is not (TraceLayer.Nic or TraceLayer.Driver or TraceLayer.Link) || traceEvent.Kind == TraceKind.Dropped)
        {
            Console.WriteLine(traceEvent);
        }
    }
}
