using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HeaderGen.Stack.Capture;
using HeaderGen.Stack.Tests.Infrastructure;
using Xunit;

namespace HeaderGen.Stack.Tests;

/// <summary>The UDP checksums a host puts on the wire, judged by Wireshark rather than by HeaderGen's own code.</summary>
public class UdpChecksumTests
{
    [SkippableFact]
    public void Every_datagram_a_host_sends_has_a_nonzero_checksum_that_wireshark_calls_good()
    {
        Tshark.SkipUnlessAvailable();
        var directory = Directory.CreateTempSubdirectory("headergen-udp-");
        try
        {
            string file = Path.Combine(directory.FullName, "a-b.pcap");
            var payloads = new List<byte[]>();
            var random = new Random(768);
            for (int size = 0; size <= 1472; size += size < 64 ? 1 : 37)
            {
                var payload = new byte[size];
                random.NextBytes(payload);
                payloads.Add(payload);
            }
            payloads.Add(ZeroChecksumPayload());

            using (var pcap = new PcapWriter(File.Create(file)))
            {
                var net = new TwoHosts();
                net.Link.Tap = pcap;
                foreach (var payload in payloads)
                {
                    Assert.True(net.SocketA.SendTo(TwoHosts.AddressB, 6000, payload));
                    net.Scheduler.RunUntilIdle();
                    Assert.True(net.SocketB.TryReceive(new byte[2000], out int length, out _, out _));
                    Assert.Equal(payload.Length, length);
                }
            }

            var rows = Tshark.Fields(file, "udp", "udp.length", "udp.checksum", "udp.checksum.status");
            Assert.Equal(payloads.Select(p => (8 + p.Length).ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[0]));
            Assert.All(rows, row =>
            {
                Assert.NotEqual("0x0000", row[1]);
                Assert.True(row[2] == TsharkChecksumGood, $"length {row[0]}: checksum {row[1]} has status {row[2]}");
            });
            // RFC 768: a checksum that computes to zero is sent as all ones.
            Assert.Equal("0xffff", rows[^1][1]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // Wireshark's proto_checksum_status: 0 bad, 1 good, 2 unverified, 3 not present.
    private const string TsharkChecksumGood = "1";

    /// <summary>
    /// A payload from A:5000 to B:6000 whose checksum computes to 0x0000: its last word is the complement of the
    /// one's-complement sum of everything else (RFC 1071's loop, written out here so HeaderGen's code is not involved).
    /// </summary>
    private static byte[] ZeroChecksumPayload()
    {
        var payload = "checksum zero?.."u8.ToArray();
        ushort length = (ushort)(8 + payload.Length);
        uint sum = 0x0A00u + 0x0001 + 0x0A00 + 0x0002 + 17 + length  // pseudo-header: 10.0.0.1, 10.0.0.2, protocol, length
            + 5000 + 6000 + length;                                  // UDP header, checksum field zero
        for (int i = 0; i < payload.Length - 2; i += 2)
        {
            sum += (uint)((payload[i] << 8) | payload[i + 1]);
        }
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        ushort last = (ushort)~sum;
        payload[^2] = (byte)(last >> 8);
        payload[^1] = (byte)last;
        return payload;
    }
}
