using System;

namespace HeaderGen.Tests.Protocols;

/// <summary>Real frames, as bytes produced by another implementation (Scapy 2.5.0), with their known field values.</summary>
internal static class Frames
{
    /// <summary>
    /// <c>Ether(dst="00:1b:21:3a:4f:5c", src="52:54:00:12:34:56")/IP(src="192.0.2.1", dst="198.51.100.7", ttl=64,
    /// id=0x1c46, flags="DF", tos=0xb8)/UDP(sport=40000, dport=53)/b"hello"</c>: 47 bytes, IP checksum 0x3192,
    /// UDP checksum 0x3350.
    /// </summary>
    public static byte[] EthernetIpv4Udp => Convert.FromHexString(
        "001b213a4f5c525400123456080045b800211c46400040113192c0000201c63364079c400035000d335068656c6c6f");

    /// <summary>
    /// <c>Ether(dst="52:54:00:12:34:56", src="00:1b:21:3a:4f:5c")/IP(src="10.0.0.2", dst="10.0.0.1", ttl=63,
    /// id=54321, flags="DF")/TCP(sport=51234, dport=443, seq=0x12345678, flags="S", window=64240,
    /// options=[MSS 1460, SAckOK, Timestamp (0xdeadbeef, 0), NOP, WScale 7])</c>: 74 bytes, a SYN with 20 bytes of
    /// options (data offset 10), IP checksum 0x5388, TCP checksum 0x68e5.
    /// </summary>
    public static byte[] EthernetIpv4TcpSyn => Convert.FromHexString(
        "525400123456001b213a4f5c08004500003cd43140003f0653880a0000020a000001c82201bb1234567800000000a002faf068e50000020405b40402080adeadbeef0000000001030307");
}
