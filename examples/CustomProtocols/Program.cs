// Protocols HeaderGen does not ship, declared in this program (VxlanGpeHeader.cs, TelemetryHeader.cs): VXLAN-GPE
// bound to UDP port 4790, whose next-protocol field selects HeaderGen's own IPv4, IPv6 or Ethernet (bound into its
// table here), and a telemetry header with bit fields, a variable part and a CRC-16 trailer bound to UDP port 9999. The program builds frames with them, sends them from host A to host B
// through the bundled stack, and decodes what crossed the link layer by layer with this program's own generated
// decoder (CustomProtocols.LayerDecoder), which knows both protocols.
using System;
using System.Buffers.Binary;
using CustomProtocols;
using HeaderGen;
using HeaderGen.Protocols;
using HeaderGen.Stack.Capture;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Wire;
// FrameBuilder and LayerDecoder are this assembly's (CustomProtocols.*), which know VXLAN-GPE and Telemetry; HeaderGen's
// own, which do not, are in HeaderGen.Layers, so nothing here needs an alias.

var scheduler = new Scheduler(seed: 1);
var nicA = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0a"), scheduler);
var nicB = new Nic("eth0", MacAddress.Parse("02:00:00:00:00:0b"), scheduler);
var link = new PointToPointLink("A-B", scheduler);
link.Connect(nicA, nicB);
var capture = new FrameRecorder();
link.Tap = capture;
var a = new Host("A", scheduler);
var b = new Host("B", scheduler);
var addressA = Ipv4Address.Parse("192.0.2.1");
var addressB = Ipv4Address.Parse("192.0.2.2");
a.AddInterface(nicA, addressA, 24);
b.AddInterface(nicB, addressB, 24);

// 1. A telemetry record: the fixed 12 bytes, one extra reading in the variable part, then the CRC-16 trailer.
var record = new byte[64];
var telemetry = new TelemetryHeader { Alarm = true, Quantity = Quantity.Pressure, SensorId = 0xABC, Reading = 101_325, Words = 4, Sequence = 7, Collector = addressA };
Span<byte> extra = stackalloc byte[4];
BinaryPrimitives.WriteUInt32BigEndian(extra, 99_870);
if (!telemetry.TryWrite(record, extra, out int written, out var error) || !TelemetryTrailer.TryAppend(record, written, out int recordLength))
{
    throw new InvalidOperationException(error.ToString());
}
Console.WriteLine($"Telemetry record, {recordLength} bytes: {Convert.ToHexString(record.AsSpan(0, recordLength)).ToLowerInvariant()}");

// 2. A VXLAN-GPE packet: an inner Ethernet/IPv4/UDP frame of overlay segment 5001 (next protocol 3, Ethernet).
var inner = new byte[256];
var innerFrame = new FrameBuilder(inner, 128)
    .Payload("inner hello"u8)
    .Push(new UdpHeader { SourcePort = 40001, DestinationPort = 40002 })
    .Push(new Ipv4Header { TimeToLive = 64, SourceAddress = Ipv4Address.Parse("172.16.0.1"), DestinationAddress = Ipv4Address.Parse("172.16.0.2") })
    .Push(new EthernetHeader { Source = MacAddress.Parse("02:aa:00:00:00:01"), Destination = MacAddress.Parse("02:aa:00:00:00:02") })
    .Frame;
var vxlanPayload = new byte[VxlanGpeHeader.FixedLength + innerFrame.Length];
new VxlanGpeHeader { NextProtocol = 3, Vni = 5001 }.TryWrite(vxlanPayload, out _);
innerFrame.CopyTo(vxlanPayload.AsSpan(VxlanGpeHeader.FixedLength));

// 3. Both go from A to B through the bundled stack: sockets, UDP, IPv4, ARP, Ethernet, NIC, wire.
var telemetrySocket = b.OpenUdp(TelemetryHeader.Port);
var vxlanSocket = b.OpenUdp(VxlanGpeHeader.Port);
var sender = a.OpenUdp(50000);
sender.SendTo(addressB, TelemetryHeader.Port, record.AsSpan(0, recordLength));
sender.SendTo(addressB, VxlanGpeHeader.Port, vxlanPayload);
scheduler.RunUntilIdle();

var received = new byte[2048];
if (telemetrySocket.TryReceive(received, out int length, out var from, out _))
{
    var data = received.AsSpan(0, length);
    Console.WriteLine($"B received {length} bytes of telemetry from {from}: CRC {(TelemetryTrailer.Verify(data) ? "good" : "BAD")}, " +
        $"{(TelemetryHeader.ReadOnlyView.TryCreate(data, out var view) ? view.ToString() + $", extra reading {BinaryPrimitives.ReadUInt32BigEndian(view.Options)}" : "unreadable")}");
}
if (vxlanSocket.TryReceive(received, out length, out from, out _))
{
    Console.WriteLine($"B received {length} bytes of VXLAN-GPE from {from}");
}

// 4. What crossed the wire, decoded by this program's generated decoder.
Console.WriteLine();
foreach (var frame in capture.Frames)
{
    var bytes = frame.Data.AsSpan(0, frame.Data.Length - EthernetTrailer.FixedLength);
    string description = LayerDecoder.Describe(bytes);
    if (!description.Contains("VXLAN", StringComparison.Ordinal) && !description.Contains("Telemetry", StringComparison.Ordinal))
    {
        continue;
    }
    Console.WriteLine($"-- frame of {bytes.Length} bytes on A-B at t={frame.Time / 1000.0:F3}us --");
    Console.Write(description);
    Console.Write(LayerDecoder.HexDump(bytes));
    Console.WriteLine();
}
