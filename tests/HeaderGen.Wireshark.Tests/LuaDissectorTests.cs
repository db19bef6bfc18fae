using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CustomProtocols;
using HeaderGen.Protocols;
using HeaderGen.Stack.Capture;
using HeaderGen.Stack.Tests.Infrastructure;
using Xunit;

namespace HeaderGen.Wireshark.Tests;

/// <summary>
/// The Lua plugin written from the declarations, run by tshark over frames HeaderGen built: every field tshark shows
/// must be the value HeaderGen reads, no frame may be malformed, and exactly the frames with a broken CRC are flagged.
/// </summary>
public sealed class LuaDissectorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("headergen-lua-").FullName;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("HEADERGEN_KEEP_LUA") is null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string Plugin()
    {
        string path = Path.Combine(_directory, "headergen.lua");
        File.WriteAllText(path, LuaDissector.Generate(typeof(VxlanGpeHeader).Assembly, typeof(SensorHeader).Assembly));
        return path;
    }

    /// <summary>An Ethernet/IPv4/UDP frame to <paramref name="port"/> carrying <paramref name="payload"/>.</summary>
    private static byte[] Udp(ushort port, ReadOnlySpan<byte> payload)
    {
        var buffer = new byte[payload.Length + 256];
        return new FrameBuilder(buffer, 128)
            .Payload(payload)
            .Push(new UdpHeader { SourcePort = 50000, DestinationPort = port })
            .Push(new Ipv4Header { TimeToLive = 64, SourceAddress = Ipv4Address.Parse("192.0.2.1"), DestinationAddress = Ipv4Address.Parse("192.0.2.2") })
            .Push(new EthernetHeader { Source = MacAddress.Parse("02:00:00:00:00:0a"), Destination = MacAddress.Parse("02:00:00:00:00:0b") })
            .Frame.ToArray();
    }

    private string Pcap(IEnumerable<byte[]> frames)
    {
        string path = Path.Combine(_directory, "frames.pcap");
        using var writer = new PcapWriter(File.Create(path), framesHaveFcs: false);
        long time = 1_000_000_000;
        foreach (var frame in frames)
        {
            writer.Capture(time += 1_000, frame);
        }
        return path;
    }

    private static ulong Number(string text) => text.StartsWith("0x", StringComparison.Ordinal)
        ? ulong.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
        : ulong.Parse(text, CultureInfo.InvariantCulture);

    private static bool Flag(string text) => text is "1" or "True" or "true";

    [SkippableFact]
    public void Tshark_reads_every_sensor_field_as_headergen_does_and_flags_exactly_the_broken_crcs()
    {
        Tshark.SkipUnlessAvailable();
        var random = new Random(47000);
        var sent = new List<(SensorHeader Header, bool Broken)>();
        var frames = new List<byte[]>();
        for (int i = 0; i < 120; i++)
        {
            var header = new SensorHeader
            {
                Alarm = random.Next(2) == 1,
                Kind = (SensorKind)random.Next(16),   // names for some, bare numbers for the rest
                Unit = (ushort)random.Next(1024),
                Reading = (uint)random.Next(1 << 22),
                Counter = (ushort)random.Next(65536),
            };
            var bytes = new byte[SensorHeader.FixedLength];
            Assert.True(header.TryWrite(bytes, out _));
            var view = SensorHeader.View.CreateUnchecked(bytes);
            view.FillCrc();
            bool broken = i % 10 == 3;
            if (broken)
            {
                bytes[^1] ^= (byte)(1 << random.Next(8));
            }
            sent.Add((SensorHeader.ReadOnlyView.CreateUnchecked(bytes).ToValue(), broken));
            frames.Add(Udp(SensorHeader.Port, bytes));
        }
        string pcap = Pcap(frames);
        string[] lua = ["-X", "lua_script:" + Plugin()];

        var rows = Tshark.Fields(lua, pcap, "hg_sensor", "hg_sensor.version", "hg_sensor.alarm", "hg_sensor.kind", "hg_sensor.unit",
            "hg_sensor.reading", "hg_sensor.counter", "hg_sensor.crc");
        Assert.Equal(sent.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var (h, _) = sent[i];
            var row = rows[i];
            Assert.Equal((2UL, h.Alarm, (ulong)h.Kind, (ulong)h.Unit, (ulong)h.Reading, (ulong)h.Counter, (ulong)h.Crc),
                (Number(row[0]), Flag(row[1]), Number(row[2]), Number(row[3]), Number(row[4]), Number(row[5]), Number(row[6])));
        }
        var flagged = Tshark.Fields(lua, pcap, "hg_sensor.crc.bad", "frame.number").Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, sent.Count).Where(i => sent[i].Broken).Select(i => i + 1), flagged);
        Assert.Empty(Tshark.Fields(lua, pcap, "_ws.malformed || _ws.expert.severity == \"Error\" && !hg_sensor.crc.bad", "frame.number"));

        // The enum's names are in the dissection tree; the plugin knows which values have none.
        string verbose = Tshark.Verbose(pcap, lua);
        Assert.Contains("Kind: Vibration (9)", verbose, StringComparison.Ordinal);
        Assert.Contains("[correct]", verbose, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Tshark_checks_an_internet_checksum_over_header_and_payload_as_headergen_fills_it()
    {
        Tshark.SkipUnlessAvailable();
        var random = new Random(47001);
        var frames = new List<byte[]>();
        var broken = new List<int>();
        for (int i = 0; i < 40; i++)
        {
            var bytes = new byte[ProbeHeader.FixedLength + random.Next(0, 40)];   // odd lengths too
            random.NextBytes(bytes.AsSpan(ProbeHeader.FixedLength));
            Assert.True(new ProbeHeader { Id = (ushort)i, Stamp = (uint)random.Next() }.TryWrite(bytes, out _));
            ProbeHeader.View.CreateUnchecked(bytes).FillChecksum();
            Assert.True(ProbeHeader.ReadOnlyView.CreateUnchecked(bytes).VerifyChecksum());
            if (i % 7 == 2)
            {
                bytes[random.Next(2, bytes.Length)] ^= (byte)(1 << random.Next(8));   // anywhere but the Id
                broken.Add(i + 1);
            }
            frames.Add(Udp(ProbeHeader.Port, bytes));
        }
        string pcap = Pcap(frames);
        string[] lua = ["-X", "lua_script:" + Plugin()];
        var ids = Tshark.Fields(lua, pcap, "hg_probe", "hg_probe.id").Select(r => Number(r[0]));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (ulong)i), ids);
        var flagged = Tshark.Fields(lua, pcap, "hg_probe.checksum.bad", "frame.number").Select(r => int.Parse(r[0], CultureInfo.InvariantCulture));
        Assert.Equal(broken, flagged);
    }

    [SkippableFact]
    public void Tshark_follows_the_payload_selector_and_the_assemblys_bindings_into_ipv4_and_ipv6()
    {
        Tshark.SkipUnlessAvailable();
        byte[] Tunnel(bool v6)
        {
            var buffer = new byte[256];
            // Over IPv6, no UDP: HeaderGen's UDP checksum is over IPv4's pseudo-header (UDP over IPv6 is issue 12's);
            // next header 59 is "no next header" (RFC 8200 4.7).
            var builder = new FrameBuilder(buffer, 160).Payload("hi"u8);
            builder = v6
                ? builder.Push(new Ipv6Header { NextHeader = IpProtocol.Ipv6NoNextHeader, HopLimit = 9, SourceAddress = Ipv6Address.Parse("2001:db8::1"), DestinationAddress = Ipv6Address.Parse("2001:db8::2") })
                : builder.Push(new UdpHeader { SourcePort = 40001, DestinationPort = 40002 })
                    .Push(new Ipv4Header { TimeToLive = 9, SourceAddress = Ipv4Address.Parse("198.51.100.1"), DestinationAddress = Ipv4Address.Parse("198.51.100.2") });
            builder = builder.Push(new TunnelHeader { Id = 7 }).Push(new UdpHeader { SourcePort = 50000 })
                .Push(new Ipv4Header { TimeToLive = 64, SourceAddress = Ipv4Address.Parse("192.0.2.1"), DestinationAddress = Ipv4Address.Parse("192.0.2.2") })
                .Push(new EthernetHeader { Source = MacAddress.Parse("02:00:00:00:00:0a"), Destination = MacAddress.Parse("02:00:00:00:00:0b") });
            Assert.True(builder.TryGetFrame(out var frame, out var error), error.ToString());
            return frame.ToArray();
        }
        string pcap = Pcap([Tunnel(false), Tunnel(true)]);
        string[] lua = ["-X", "lua_script:" + Plugin()];
        var rows = Tshark.Fields(lua, pcap, "hg_tunnel", "frame.protocols", "hg_tunnel.id");
        Assert.Equal(2, rows.Count);
        Assert.EndsWith("hg_tunnel:ip:udp:data", rows[0][0], StringComparison.Ordinal);
        Assert.EndsWith("hg_tunnel:ipv6:data", rows[1][0], StringComparison.Ordinal);
        Assert.Equal(["7", "7"], rows.Select(r => r[1]));
        Assert.Empty(Tshark.Fields(lua, pcap, "_ws.malformed || _ws.expert.severity == \"Error\"", "frame.number"));
    }

    [SkippableFact]
    public void Tshark_reads_the_examples_vxlan_gpe_and_telemetry_frames_as_headergen_does()
    {
        Tshark.SkipUnlessAvailable();
        var telemetry = new TelemetryHeader { Alarm = true, Quantity = Quantity.Pressure, SensorId = 0xABC, Reading = 101_325, Words = 4, Sequence = 7, Collector = Ipv4Address.Parse("192.0.2.1") };
        var record = new byte[64];
        Span<byte> extra = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(extra, 99_870);
        Assert.True(telemetry.TryWrite(record, extra, out int written, out _));
        Assert.True(TelemetryTrailer.TryAppend(record, written, out int recordLength));

        // The example's inner frame (ports away from those Wireshark gives a protocol: 2222, say, is EtherNet/IP I/O).
        var inner = new byte[256];
        var innerFrame = new FrameBuilder(inner, 128)
            .Payload("inner hello"u8)
            .Push(new UdpHeader { SourcePort = 40001, DestinationPort = 40002 })
            .Push(new Ipv4Header { TimeToLive = 64, SourceAddress = Ipv4Address.Parse("172.16.0.1"), DestinationAddress = Ipv4Address.Parse("172.16.0.2") })
            .Push(new EthernetHeader { Source = MacAddress.Parse("02:aa:00:00:00:01"), Destination = MacAddress.Parse("02:aa:00:00:00:02") })
            .Frame.ToArray();
        var vxlan = new byte[VxlanGpeHeader.FixedLength + innerFrame.Length];
        Assert.True(new VxlanGpeHeader { NextProtocol = 3, Vni = 5001 }.TryWrite(vxlan, out _));
        innerFrame.CopyTo(vxlan.AsSpan(VxlanGpeHeader.FixedLength));

        string pcap = Pcap([Udp(TelemetryHeader.Port, record.AsSpan(0, recordLength)), Udp(VxlanGpeHeader.Port, vxlan)]);
        string[] lua = ["-X", "lua_script:" + Plugin()];
        var t = Assert.Single(Tshark.Fields(lua, pcap, "hg_telemetry", "hg_telemetry.version", "hg_telemetry.alarm", "hg_telemetry.quantity",
            "hg_telemetry.sensorid", "hg_telemetry.reading", "hg_telemetry.words", "hg_telemetry.sequence", "hg_telemetry.collector", "hg_telemetry.options"));
        Assert.Equal((1UL, true, 2UL, 0xABCUL, 101_325UL, 4UL, 7UL, "192.0.2.1", Convert.ToHexString(extra).ToLowerInvariant()),
            (Number(t[0]), Flag(t[1]), Number(t[2]), Number(t[3]), Number(t[4]), Number(t[5]), Number(t[6]), t[7], t[8].Replace(":", "", StringComparison.Ordinal)));

        var v = Assert.Single(Tshark.Fields(lua, pcap, "hg_vxlangpe", "hg_vxlangpe.vnivalid", "hg_vxlangpe.vni", "udp.srcport", "ip.dst", "hg_vxlangpe.nextprotocol"));
        Assert.Equal((true, 5001UL, 3UL), (Flag(v[0]), Number(v[1]), Number(v[4])));
        Assert.Equal("50000,40001", v[2]);                    // the outer UDP, then the inner frame Wireshark dissected
        Assert.Equal("192.0.2.2,172.16.0.2", v[3]);
        Assert.Empty(Tshark.Fields(lua, pcap, "_ws.malformed || _ws.expert.severity == \"Error\"", "frame.number"));
    }
}
