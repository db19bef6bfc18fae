using System;
using System.Text;
using HeaderGen;
using HeaderGen.Protocols;
using HeaderGen.Layers;
using Quickstart;

// The lecture's "Building the Packet, Layer by Layer": a payload, then a transport header, a network header
// and a link header, each written in place into one buffer by generated code. Then the receive path strips
// them again, a router decrements the TTL in place, and broken input gets a precise answer.

var payload = "hello"u8;
var source = Ipv4Address.Parse("192.0.2.1");
var destination = Ipv4Address.Parse("198.51.100.7");
var buffer = new byte[128];

Console.WriteLine("== Send path: the packet grows layer by layer, in the kernel's order ==");
var builder = new FrameBuilder(buffer, headroom: 64).Payload(payload);
Console.WriteLine($"Stage 0  payload    {Hex(builder.Frame)}  \"{Encoding.ASCII.GetString(payload)}\"");
builder = builder.Push(new UdpHeader { SourcePort = 40000, DestinationPort = 53 });
Console.WriteLine($"Stage 1  transport  {Hex(builder.Frame[..UdpHeader.FixedLength])}  UDP header in front; its length is filled, its checksum waits for the pseudo-header");
builder = builder.Push(new Ipv4Header { Identification = 0x1c46, DontFragment = true, TimeToLive = 64, SourceAddress = source, DestinationAddress = destination });
Console.WriteLine($"Stage 2  network    {Hex(builder.Frame[..Ipv4Header.FixedLength])}  IPv4 in front: total length, protocol 17, header checksum, and the UDP checksum over the pseudo-header");
builder = builder.Push(new EthernetHeader { Destination = MacAddress.Parse("00:1b:21:3a:4f:5c"), Source = MacAddress.Parse("52:54:00:12:34:56") });
Console.WriteLine($"Stage 3  link       {Hex(builder.Frame[..EthernetHeader.FixedLength])}  Ethernet in front: EtherType 0x0800");
builder = builder.PadTo(60).AppendEthernetTrailer();
Check(builder.TryGetFrame(out var built, out var error), error);
var frame = built.ToArray();
Console.WriteLine($"         + FCS      {Hex(frame.AsSpan(60))}  padded to 60 bytes, then the CRC-32 of them, least significant byte first");
Console.WriteLine();
Console.Write(LayerDecoder.Describe(frame.AsSpan(0, 60)));
Console.Write(LayerDecoder.HexDump(frame.AsSpan(0, 60)));
int ipStart = EthernetHeader.FixedLength;

Console.WriteLine();
Console.WriteLine("== The same frame from a template (Frames.cs): a stack known in advance, built and read in one method each ==");
var templated = new byte[128];
Check(UdpFrame.TryBuild(templated,
    new EthernetHeader { Destination = MacAddress.Parse("00:1b:21:3a:4f:5c"), Source = MacAddress.Parse("52:54:00:12:34:56") },
    new Ipv4Header { Identification = 0x1c46, DontFragment = true, TimeToLive = 64, SourceAddress = source, DestinationAddress = destination },
    new UdpHeader { SourcePort = 40000, DestinationPort = 53 }, payload, out int templatedLength, out error), error);
Console.WriteLine($"UdpFrame.TryBuild: {templatedLength} bytes, {(templated.AsSpan(0, templatedLength).SequenceEqual(frame) ? "the builder's bytes exactly" : "NOT the builder's bytes")}");
if (UdpFrame.TryParse(frame.AsSpan(0, 60), out _, out var parsedIp, out var parsedUdp, out var parsedData))
{
    Console.WriteLine($"UdpFrame.TryParse: {parsedIp.SourceAddress} -> {parsedIp.DestinationAddress}, port {parsedUdp.SourcePort} -> {parsedUdp.DestinationPort}, \"{Encoding.ASCII.GetString(parsedData)}\"");
}

Console.WriteLine();
Console.WriteLine("== Receive path: each layer checks and strips its header and hands the rest up ==");
Console.WriteLine($"NIC        FCS {(EthernetTrailer.Verify(frame) ? "good" : "BAD")}, strip 4 bytes");
var walk = LayerDecoder.Decode(frame.AsSpan(0, 60));
while (walk.MoveNext())
{
    var layer = walk.Current;
    Console.WriteLine($"{layer.Kind,-16} bytes {layer.Offset}..{layer.PayloadOffset}: strip {layer.HeaderLength}, hand {layer.Payload.Length} bytes up");
}
Console.WriteLine($"socket     \"{Encoding.ASCII.GetString(walk.Payload)}\" for the process; the 5 zero bytes after it were link-layer padding");

Console.WriteLine();
Console.WriteLine("== A router touches the packet in place ==");
Check(Ipv4Header.View.TryCreate(frame.AsSpan(ipStart), out var inPlace, out error), error);
ushort before = inPlace.HeaderChecksum;
inPlace.UpdateTimeToLive((byte)(inPlace.TimeToLive - 1));
Console.WriteLine($"TTL {inPlace.TimeToLive + 1} -> {inPlace.TimeToLive} in place at frame offset {ipStart + Ipv4Header.Fields.TimeToLive.ByteOffset}; " +
    $"checksum 0x{before:x4} -> 0x{inPlace.HeaderChecksum:x4} by RFC 1624 (a full re-sum gives 0x{inPlace.ComputeChecksum():x4})");
EthernetTrailer.TryAppend(frame, 60, out _);
Console.WriteLine($"new FCS {Hex(frame.AsSpan(60))}: the frame is rebuilt for the next link, the packet inside only lost one hop");

Console.WriteLine();
Console.WriteLine("== A protocol of our own (TelemetryHeader.cs) ==");
var telemetry = new TelemetryHeader
{
    Alarm = true,
    Metric = Metric.Pressure,
    SensorId = 0xABC,
    Reading = 101_325,
    Words = 4, // 12 fixed bytes + 4 bytes of options
    Sequence = 7,
    Collector = Ipv4Address.Parse("10.0.0.9"),
};
var message = new byte[16];
Check(telemetry.TryWrite(message, [0xDE, 0xAD, 0xBE, 0xEF], out int written, out error), error);
Console.WriteLine($"wrote {written} bytes: {Hex(message)}");
Check(TelemetryHeader.ReadOnlyView.TryCreate(message, out var readBack, out error), error);
Console.WriteLine($"read back: {readBack.ToString()}, options {Hex(readBack.Options)}");
Console.WriteLine($"SensorId lies at bits {TelemetryHeader.Fields.SensorId.BitOffset}..{TelemetryHeader.Fields.SensorId.BitOffset + TelemetryHeader.Fields.SensorId.BitWidth - 1}");

Console.WriteLine();
Console.WriteLine("== Broken input gets a reason and an offset, never an exception ==");
Report("a frame cut at 30 bytes, read as IPv4 after the link header", Ipv4Header.TryRead(frame.AsSpan(ipStart, 16), out _, out error), error);
frame[40] ^= 0x04;
Console.WriteLine($"a frame with one bit flipped in transit: FCS {(EthernetTrailer.Verify(frame) ? "accepted" : "does not match; the NIC drops the frame and counts a CRC error")}");
var ipv6 = frame.AsSpan(ipStart).ToArray();
ipv6[0] = 0x60;
Report("an IPv6 packet read as IPv4", Ipv4Header.TryRead(ipv6, out _, out error), error);
// Keep version 1 but make the length field say 2 words (8 bytes), less than the 12-byte fixed part.
message[5] = 2;
Report("a telemetry message whose length field says 8 bytes", TelemetryHeader.TryRead(message, out _, out error), error);
Report("a 6-bit DSCP of 64 written as IPv4", new Ipv4Header { Dscp = 64 }.TryWrite(new byte[20], out _, out error), error);

static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

static void Check(bool ok, HeaderError error)
{
    if (!ok)
    {
        throw new InvalidOperationException(error.ToString());
    }
}

static void Report(string what, bool ok, HeaderError error) =>
    Console.WriteLine($"{what}: {(ok ? "accepted" : error.ToString())}");
