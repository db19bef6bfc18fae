using System;
using System.Linq;
using System.Net;
using CsCheck;
using HeaderGen.Tests.Infrastructure;
using HeaderGen.Protocols;
using PacketDotNet;
using Xunit;

namespace HeaderGen.Tests.Protocols;

/// <summary>
/// Round trips over random field values, with another implementation as the judge: what HeaderGen writes,
/// PacketDotNet 1.4.8 must read back field for field, and HeaderGen must read back the same values.
/// </summary>
public class PacketDotNetAgreementTests
{
    private static readonly Gen<MacAddress> Macs = Gen.ULong[0, 0xFFFF_FFFF_FFFFUL].Select(v => new MacAddress(v));
    private static readonly Gen<Ipv4Address> Addresses = Gen.UInt.Select(v => new Ipv4Address(v));

    private static readonly Gen<Ipv4Header> Ipv4Headers =
        Gen.Select(Gen.Byte[0, 63], Gen.Byte[0, 3], Gen.UShort, Gen.Bool, Gen.Bool, Gen.OneOf(Gen.Const((ushort)0), Gen.UShort[0, 0x1FFF]), Gen.Byte)
        .Select(Gen.UShort, Addresses, Addresses, (t, checksum, source, destination) => new Ipv4Header
        {
            Dscp = t.Item1, Ecn = t.Item2, Identification = t.Item3, DontFragment = t.Item4, MoreFragments = t.Item5,
            FragmentOffset = t.Item6, TimeToLive = t.Item7, HeaderChecksum = checksum, SourceAddress = source,
            DestinationAddress = destination, Protocol = IpProtocol.Udp, TotalLength = 28,
        });

    [Fact]
    public void Ethernet_ipv4_udp_written_by_headergen_reads_the_same_in_packetdotnet()
    {
        Gen.Select(Macs, Macs, Ipv4Headers, Gen.UShort, Gen.UShort, Gen.UShort).ForAll((dst, src, ip, sport, dport, checksum) =>
        {
            var ethernet = new EthernetHeader { Destination = dst, Source = src, EtherType = EtherType.Ipv4 };
            var udp = new UdpHeader { SourcePort = sport, DestinationPort = dport, Length = 8, Checksum = checksum };
            var frame = new byte[14 + 20 + 8];
            Assert.True(ethernet.TryWrite(frame, out _));
            Assert.True(ip.TryWrite(frame.AsSpan(14), out _));
            Assert.True(udp.TryWrite(frame.AsSpan(34), out _));

            var packet = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame);
            Assert.Equal(dst.ToString().Replace(":", "", StringComparison.Ordinal).ToUpperInvariant(), packet.DestinationHardwareAddress.ToString());
            Assert.Equal(src.ToString().Replace(":", "", StringComparison.Ordinal).ToUpperInvariant(), packet.SourceHardwareAddress.ToString());
            Assert.Equal(EthernetType.IPv4, packet.Type);

            var ipv4 = packet.Extract<IPv4Packet>();
            Assert.Equal(ip.SourceAddress.ToString(), ipv4.SourceAddress.ToString());
            Assert.Equal(ip.DestinationAddress.ToString(), ipv4.DestinationAddress.ToString());
            Assert.Equal(ip.TimeToLive, ipv4.TimeToLive);
            Assert.Equal(ip.Identification, ipv4.Id);
            Assert.Equal(ip.FragmentOffset, ipv4.FragmentOffset);
            Assert.Equal((ip.DontFragment ? 2 : 0) | (ip.MoreFragments ? 1 : 0), ipv4.FragmentFlags);
            Assert.Equal((ip.Dscp << 2) | ip.Ecn, ipv4.TypeOfService);
            Assert.Equal(ip.HeaderChecksum, ipv4.Checksum);
            Assert.Equal(ProtocolType.Udp, ipv4.Protocol);

            // PacketDotNet decodes the transport header of a first fragment or an unfragmented datagram only.
            var udpPacket = packet.Extract<UdpPacket>();
            if (ip.FragmentOffset == 0 && !ip.MoreFragments)
            {
                Assert.Equal(sport, udpPacket.SourcePort);
                Assert.Equal(dport, udpPacket.DestinationPort);
                Assert.Equal(checksum, udpPacket.Checksum);
            }

            Assert.True(Ipv4Header.TryRead(frame.AsSpan(14), out var back));
            Assert.Equal(ip.ToString(), back.ToString());
        }, iter: 300);
    }

    [Fact]
    public void Tcp_headers_written_by_headergen_read_the_same_in_packetdotnet()
    {
        var flags = Gen.Byte.Select(b => b);
        Gen.Select(Gen.UShort, Gen.UShort, Gen.UInt, Gen.UInt, flags, Gen.UShort, Gen.UShort, Gen.Byte[0, 10]).ForAll((sport, dport, seq, ack, f, window, urgent, optionWords) =>
        {
            var tcp = new TcpHeader
            {
                SourcePort = sport, DestinationPort = dport, SequenceNumber = seq, AcknowledgmentNumber = ack,
                DataOffset = (byte)(5 + optionWords), Window = window, UrgentPointer = urgent,
                Cwr = (f & 0x80) != 0, Ece = (f & 0x40) != 0, Urg = (f & 0x20) != 0, Ack = (f & 0x10) != 0,
                Psh = (f & 0x08) != 0, Rst = (f & 0x04) != 0, Syn = (f & 0x02) != 0, Fin = (f & 0x01) != 0,
            };
            var options = Enumerable.Repeat((byte)1, optionWords * 4).ToArray(); // NOPs
            var ip = new Ipv4Header
            {
                TotalLength = (ushort)(20 + tcp.HeaderLength), TimeToLive = 64, Protocol = IpProtocol.Tcp,
                SourceAddress = Ipv4Address.Parse("10.0.0.1"), DestinationAddress = Ipv4Address.Parse("10.0.0.2"),
            };
            var ethernet = new EthernetHeader { EtherType = EtherType.Ipv4 };
            var frame = new byte[14 + 20 + tcp.HeaderLength];
            Assert.True(ethernet.TryWrite(frame, out _));
            Assert.True(ip.TryWrite(frame.AsSpan(14), out _));
            Assert.True(tcp.TryWrite(frame.AsSpan(34), options, out int written, out var error), error.ToString());
            Assert.Equal(tcp.HeaderLength, written);

            var tcpPacket = Packet.ParsePacket(LinkLayers.Ethernet, frame).Extract<TcpPacket>();
            Assert.Equal(sport, tcpPacket.SourcePort);
            Assert.Equal(dport, tcpPacket.DestinationPort);
            Assert.Equal(seq, tcpPacket.SequenceNumber);
            Assert.Equal(ack, tcpPacket.AcknowledgmentNumber);
            Assert.Equal(tcp.DataOffset, tcpPacket.DataOffset);
            Assert.Equal(f, tcpPacket.Flags & 0xFF);
            Assert.Equal(window, tcpPacket.WindowSize);
            Assert.Equal(urgent, (ushort)tcpPacket.UrgentPointer); // PacketDotNet types it as short
            Assert.Equal(tcp.Syn, tcpPacket.Synchronize);
            Assert.Equal(tcp.Fin, tcpPacket.Finished);

            Assert.True(TcpHeader.TryRead(frame.AsSpan(34), out var back));
            Assert.Equal(tcp.ToString(), back.ToString());
        }, iter: 300);
    }

    [Fact]
    public void Frames_built_by_packetdotnet_read_the_same_in_headergen()
    {
        Gen.Select(Gen.UInt, Gen.UInt, Gen.UShort, Gen.UShort, Gen.Byte[1, 255]).ForAll((src, dst, sport, dport, ttl) =>
        {
            var udp = new UdpPacket(sport, dport) { PayloadData = [1, 2, 3] };
            var ipv4 = new IPv4Packet(new IPAddress(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(src))),
                new IPAddress(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(dst))))
            { TimeToLive = ttl, PayloadPacket = udp };
            var ethernet = new EthernetPacket(
                System.Net.NetworkInformation.PhysicalAddress.Parse("02-00-00-00-00-01"),
                System.Net.NetworkInformation.PhysicalAddress.Parse("02-00-00-00-00-02"), EthernetType.IPv4) { PayloadPacket = ipv4 };
            udp.UpdateCalculatedValues();
            ipv4.UpdateCalculatedValues();
            ipv4.UpdateIPChecksum();
            var frame = ethernet.Bytes;

            Assert.True(EthernetHeader.TryRead(frame, out var eth));
            Assert.Equal(MacAddress.Parse("02:00:00:00:00:01"), eth.Source);
            Assert.Equal(MacAddress.Parse("02:00:00:00:00:02"), eth.Destination);
            Assert.True(Ipv4Header.ReadOnlyView.TryCreate(frame.AsSpan(14), out var ip, out _));
            Assert.Equal(src, ip.SourceAddress.Value);
            Assert.Equal(dst, ip.DestinationAddress.Value);
            Assert.Equal(ttl, ip.TimeToLive);
            Assert.Equal(ipv4.Checksum, ip.HeaderChecksum);
            Assert.Equal(ipv4.TotalLength, ip.TotalLength);
            Assert.True(UdpHeader.ReadOnlyView.TryCreate(ip.Payload, out var u, out _));
            Assert.Equal((sport, dport, (ushort)11), (u.SourcePort, u.DestinationPort, u.Length));
        }, iter: 300);
    }
}
