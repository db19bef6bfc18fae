using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace HeaderGen.Fuzz;

/// <summary>
/// A seeded fuzz run without instrumentation: random inputs and mutations of seed inputs (bit flips, byte sets,
/// truncation, insertion, splices of two seeds), the same for a seed on every machine. Each failing input is written
/// to <c>findings/</c> beside the assembly, to become a regression test with its bytes.
/// </summary>
public static class Smoke
{
    public sealed record Result(int Inputs, int Failures, string? FirstFailure)
    {
        public override string ToString() => $"{Inputs} inputs, {Failures} failures{(FirstFailure is null ? "" : ": " + FirstFailure)}";
    }

    /// <summary>
    /// Seed inputs for <paramref name="target"/>: the 200 frames Scapy built for the test corpus (copied beside the
    /// assembly); for the host target each is framed for the harness (NIC, length, frame) and addressed to that NIC.
    /// </summary>
    public static IReadOnlyList<byte[]> Seeds(string target)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "corpus", "scapy-corpus.jsonl");
        var frames = File.ReadLines(path)
            .Select(line => Convert.FromHexString(System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("hex").GetString()!))
            .ToList();
        if (target == "decoder")
        {
            return frames;
        }
        var nics = new FuzzTargets.Network().Nics;
        var seeds = new List<byte[]>();
        for (int i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            var input = new byte[3 + frame.Length];
            input[0] = (byte)(i % nics.Length);
            input[1] = (byte)(frame.Length >> 8);
            input[2] = (byte)frame.Length;
            frame.CopyTo(input, 3);
            nics[i % nics.Length].Address.Write(input.AsSpan(3));
            Readdress(input.AsSpan(3), i);
            seeds.Add(input);
        }
        return seeds;
    }

    private static readonly Ipv4Address[] Addresses =
        [new(0x0A00010Au), new(0x0A000101u), new(0x0A000201u), new(0x0A000202u), new(0x0A00024Du), new(0x0A090001u)];

    /// <summary>Points an IPv4 frame at one of the network's addresses (or past it), with its checksums made good again.</summary>
    private static void Readdress(Span<byte> frame, int i)
    {
        if (!Protocols.EthernetHeader.View.TryCreate(frame, out var ethernet) || ethernet.EtherType != Protocols.EtherType.Ipv4
            || !Protocols.Ipv4Header.View.TryCreate(ethernet.Payload, out var ip) || ip.TotalLength > ethernet.Payload.Length)
        {
            return;
        }
        ip.DestinationAddress = Addresses[i % Addresses.Length];
        ip.SourceAddress = Addresses[(i / Addresses.Length) % Addresses.Length];
        ip.FillChecksum();
        var segment = ethernet.Payload[ip.HeaderLength..ip.TotalLength];
        if (ip.Protocol == Protocols.IpProtocol.Udp && Protocols.UdpHeader.View.TryCreate(segment, out var udp))
        {
            udp.DestinationPort = (ushort)(i % 2 == 0 ? 5000 : 6000);
            udp.FillChecksum(Protocols.Ipv4PseudoHeader.For(ip));
        }
        else if (ip.Protocol == Protocols.IpProtocol.Tcp && Protocols.TcpHeader.View.TryCreate(segment, out var tcp))
        {
            // Most at the TCP listeners (port 80), so that the mutations reach LISTEN, the handshake and the connections.
            if (i % 4 != 0)
            {
                tcp.DestinationPort = FuzzTargets.Network.TcpPort;
            }
            tcp.FillChecksum(Protocols.Ipv4PseudoHeader.For(ip));
        }
    }

    public static Result Run(Action<byte[]> target, int count, int seed, IReadOnlyList<byte[]> seeds)
    {
        var random = new Random(seed);
        int failures = 0;
        string? first = null;
        for (int i = 0; i < count; i++)
        {
            var input = Next(random, seeds);
            try
            {
                target(input);
            }
            catch (Exception e)
            {
                failures++;
                if (first is null)
                {
                    first = $"input {i} ({input.Length} bytes, 0x{Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 64)))}...): {e.GetType().Name}: {e.Message}";
                    string findings = Path.Combine(AppContext.BaseDirectory, "findings");
                    Directory.CreateDirectory(findings);
                    File.WriteAllBytes(Path.Combine(findings, $"seed{seed}-input{i}.bin"), input);
                }
            }
        }
        return new Result(count, failures, first);
    }

    /// <summary>One input: random bytes, or a seed mutated one to eight times.</summary>
    public static byte[] Next(Random random, IReadOnlyList<byte[]> seeds)
    {
        if (seeds.Count == 0 || random.Next(8) == 0)
        {
            var bytes = new byte[random.Next(0, 1600)];
            random.NextBytes(bytes);
            return bytes;
        }
        var input = new List<byte>(seeds[random.Next(seeds.Count)]);
        for (int m = random.Next(1, 9); m > 0; m--)
        {
            switch (random.Next(6))
            {
                case 0 when input.Count > 0:
                    int at = random.Next(input.Count);
                    input[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when input.Count > 0:
                    input[random.Next(input.Count)] = (byte)(random.Next(4) switch { 0 => 0, 1 => 0xFF, 2 => 0x7F, _ => random.Next(256) });
                    break;
                case 2 when input.Count > 0:
                    int keep = random.Next(input.Count);
                    input.RemoveRange(keep, input.Count - keep);               // truncated
                    break;
                case 3:
                    var extra = new byte[random.Next(1, 32)];
                    random.NextBytes(extra);
                    input.InsertRange(random.Next(input.Count + 1), extra);
                    break;
                case 4 when input.Count > 0:
                    int from = random.Next(input.Count);
                    input.RemoveRange(from, Math.Min(input.Count - from, random.Next(1, 33)));   // a run deleted
                    break;
                default:
                    var other = seeds[random.Next(seeds.Count)];
                    int cut = random.Next(Math.Min(input.Count, other.Length) + 1);
                    input.RemoveRange(cut, input.Count - cut);
                    input.AddRange(other.Skip(cut));
                    break;
            }
        }
        return input.ToArray();
    }
}
