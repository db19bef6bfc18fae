using System;
using System.Buffers.Binary;
using System.Linq;
using CsCheck;
using HeaderGen.Tests.Checksums;
using HeaderGen.Tests.Infrastructure;
using HeaderGen.Tests.Layers;
using HeaderGen.Checksums;
using HeaderGen.Protocols;
using Xunit;

namespace HeaderGen.Tests.Protocols;

public class ChecksumTests
{
    [Fact]
    public void Ipv4_header_checksums_match_the_known_frames()
    {
        Assert.True(Ipv4Header.View.TryCreate(Frames.EthernetIpv4Udp.AsSpan(14), out var ip));
        Assert.Equal(0x3192, ip.ComputeChecksum());
        Assert.True(ip.VerifyChecksum());

        Assert.True(Ipv4Header.View.TryCreate(Frames.EthernetIpv4TcpSyn.AsSpan(14), out ip));
        Assert.Equal(0x5388, ip.ComputeChecksum());
        Assert.True(ip.VerifyChecksum());
        ip.Identification++;
        Assert.False(ip.VerifyChecksum());
    }

    [Fact]
    public void Udp_and_tcp_checksums_over_the_pseudo_header_match_the_known_frames()
    {
        Assert.True(Ipv4Header.ReadOnlyView.TryCreate(Frames.EthernetIpv4Udp.AsSpan(14), out var ip));
        Assert.True(UdpHeader.View.TryCreate(Frames.EthernetIpv4Udp.AsSpan(34), out var udp));
        var pseudo = Ipv4PseudoHeader.For(ip);
        Assert.Equal(0x3350, udp.ComputeChecksum(pseudo));
        Assert.True(udp.VerifyChecksum(pseudo));

        Assert.True(Ipv4Header.ReadOnlyView.TryCreate(Frames.EthernetIpv4TcpSyn.AsSpan(14), out ip));
        Assert.True(TcpHeader.View.TryCreate(Frames.EthernetIpv4TcpSyn.AsSpan(34), out var tcp));
        Assert.Equal(0x68e5, tcp.ComputeChecksum(Ipv4PseudoHeader.For(ip)));
        Assert.True(tcp.VerifyChecksum(Ipv4PseudoHeader.For(ip)));
        tcp.Window--;
        Assert.False(tcp.VerifyChecksum(Ipv4PseudoHeader.For(ip)));
    }

    [Fact]
    public void Filling_reproduces_the_checksums_of_the_known_frames()
    {
        var frame = Frames.EthernetIpv4TcpSyn;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14 + 10), 0);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(34 + 16), 0);
        Assert.True(Ipv4Header.View.TryCreate(frame.AsSpan(14), out var ip));
        ip.FillChecksum();
        Assert.True(TcpHeader.View.TryCreate(ip.Payload, out var tcp));
        tcp.FillChecksum(Ipv4PseudoHeader.For(ip));
        Assert.Equal(Convert.ToHexString(Frames.EthernetIpv4TcpSyn), Convert.ToHexString(frame));
    }

    [Fact]
    public void A_tcp_checksum_sent_as_all_ones_where_zero_computes_verifies_as_linux_sends_it()
    {
        // A pure ACK Linux 6.x sent over a TAP device without checksum offload (captured from the kernel peer test):
        // skb_checksum_help writes CSUM_MANGLED_0 (0xFFFF) when the checksum folds to 0. Both are -0 and +0 of one's
        // complement, so the segment is good; Wireshark only warns ("0xffff instead of 0x0000, see RFC 1624").
        var frame = Convert.FromHexString(
            "024847000012eec7d32d19a4080045000034676c40004006bebb0a4d00010a4d0002" +
            "1b5ac000403b16e063a06c7d801005abffff000001010" + "80a6d8f3b80cd8ce345");
        Assert.True(Ipv4Header.View.TryCreate(frame.AsSpan(14), out var ip));
        Assert.True(ip.VerifyChecksum());
        Assert.True(TcpHeader.View.TryCreate(ip.Payload, out var tcp));
        Assert.Equal(0xFFFF, tcp.Checksum);
        Assert.Equal(0x0000, tcp.ComputeChecksum(Ipv4PseudoHeader.For(ip)));
        Assert.True(tcp.VerifyChecksum(Ipv4PseudoHeader.For(ip)));
        // Refilled, HeaderGen sends the computed 0x0000 (TCP has no "zero means none" rule to dodge).
        tcp.FillChecksum(Ipv4PseudoHeader.For(ip));
        Assert.Equal(0x0000, tcp.Checksum);
        Assert.True(tcp.VerifyChecksum(Ipv4PseudoHeader.For(ip)));
        tcp.Window--;
        Assert.False(tcp.VerifyChecksum(Ipv4PseudoHeader.For(ip)));
    }

    [Fact]
    public void A_udp_checksum_that_computes_to_zero_is_sent_as_all_ones_and_a_zero_checksum_means_none()
    {
        var pseudo = new Ipv4PseudoHeader(Ipv4Address.Parse("10.0.0.1"), Ipv4Address.Parse("10.0.0.2"), IpProtocol.Udp, 10);
        var datagram = new byte[10];
        Assert.True(new UdpHeader { SourcePort = 1234, DestinationPort = 5678, Length = 10 }.TryWrite(datagram, out _));
        Assert.True(UdpHeader.View.TryCreate(datagram, out var udp));
        // Put the checksum of the rest into the payload word: the whole then sums to 0xFFFF and its complement is 0.
        BinaryPrimitives.WriteUInt16BigEndian(udp.Payload, udp.ComputeChecksum(pseudo));
        Assert.Equal(0xFFFF, udp.ComputeChecksum(pseudo));
        udp.FillChecksum(pseudo);
        Assert.Equal(0xFFFF, udp.Checksum);
        Assert.True(udp.VerifyChecksum(pseudo));

        udp.Checksum = 0;
        Assert.True(udp.VerifyChecksum(pseudo));
        udp.UpdateDestinationPort(9999);
        Assert.Equal(0, udp.Checksum);
    }

    [Fact]
    public void Decrementing_ttl_updates_the_checksum_incrementally_to_the_recomputed_value()
    {
        Gen.Select(Gen.Byte.Array[20], Gen.Byte, Gen.UInt).ForAll((bytes, ttl, address) =>
        {
            bytes[0] = 0x45;
            Assert.True(Ipv4Header.View.TryCreate(bytes, out var ip));
            ip.FillChecksum();
            Assert.Equal(ReferenceChecksum.ComputeWithFieldZero(bytes, 10), ip.HeaderChecksum);
            ip.UpdateTimeToLive(ttl);
            Assert.Equal(ReferenceChecksum.ComputeWithFieldZero(bytes, 10), ip.HeaderChecksum);
            ip.UpdateDestinationAddress(new Ipv4Address(address));
            Assert.Equal(ReferenceChecksum.ComputeWithFieldZero(bytes, 10), ip.HeaderChecksum);
            ip.UpdateFragmentOffset((ushort)(address & 0x1FFF));
            ip.UpdateDontFragment((address & 1) == 0);
            Assert.True(ip.VerifyChecksum());
            Assert.Equal(ReferenceChecksum.ComputeWithFieldZero(bytes, 10), ip.HeaderChecksum);
        }, iter: 5000);
    }

    [Fact]
    public void Rewriting_udp_ports_updates_the_checksum_incrementally()
    {
        Gen.Select(Gen.Byte.Array[8, 64], Gen.UShort, Gen.UShort).ForAll((bytes, source, destination) =>
        {
            var pseudo = new Ipv4PseudoHeader(Ipv4Address.Parse("192.0.2.1"), Ipv4Address.Parse("192.0.2.2"), IpProtocol.Udp, (ushort)bytes.Length);
            Assert.True(UdpHeader.View.TryCreate(bytes, out var udp));
            udp.Length = (ushort)bytes.Length;
            udp.FillChecksum(pseudo);
            Assert.Equal(Expected(bytes), udp.Checksum);
            udp.UpdateSourcePort(source);
            udp.UpdateDestinationPort(destination);
            Assert.Equal(Expected(bytes), udp.Checksum);
            Assert.True(udp.VerifyChecksum(pseudo));

            // RFC 768: a checksum that computes to zero is sent as all ones; an update keeps it so.
            static ushort Expected(byte[] datagram)
            {
                ushort sum = ReferenceChecksum.ComputeOverIpv4PseudoHeader(0xC0000201, 0xC0000202, 17, datagram, 6);
                return sum == 0 ? (ushort)0xFFFF : sum;
            }
        }, iter: 5000);
    }

    [Fact]
    public void Header_word_sums_from_fields_equal_the_sum_of_their_written_bytes()
    {
        // The builder fills checksums from WordSum(), never from the bytes it wrote: the two must agree on every value.
        Gen.Byte.Array[64].ForAll(bytes =>
        {
            bytes[0] = (byte)(0x40 | Math.Max(5, bytes[0] & 0x0F));   // IPv4: version 4, a valid IHL
            Check<Ipv4Header>(bytes, Ipv4Header.FixedLength, static h => h.WordSum());
            Check<UdpHeader>(bytes, UdpHeader.FixedLength, static h => h.WordSum());
            Check<IcmpHeader>(bytes, IcmpHeader.FixedLength, static h => h.WordSum());
            Check<Icmpv6Header>(bytes, Icmpv6Header.FixedLength, static h => h.WordSum());
            bytes[12] = (byte)(0x50 | (bytes[12] & 0x0F));             // TCP: data offset 5
            Check<TcpHeader>(bytes, TcpHeader.FixedLength, static h => h.WordSum());
        }, iter: 3000);

        static void Check<T>(byte[] bytes, int fixedLength, Func<T, ulong> wordSum) where T : struct, IHeader<T>
        {
            Assert.True(T.TryRead(bytes, out var header, out _), typeof(T).Name);
            Assert.Equal(InternetChecksum.WordSum(bytes.AsSpan(0, fixedLength)), Fold(wordSum(header)));
        }

        static ulong Fold(ulong sum)
        {
            while (sum > 0xFFFF)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }
            return sum;
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    public void The_builder_sends_a_udp_checksum_that_computes_to_zero_as_all_ones(int version)
    {
        // RFC 768 (and RFC 8200 8.1 over IPv6): a computed 0 goes out as 0xFFFF, since 0 means "no checksum". Built once
        // with a zero payload word, the checksum is c; a payload word of c then makes the sum 0xFFFF and the checksum 0.
        ushort first = Build(version, 0, out _);
        ushort sent = Build(version, first, out var udp);
        Assert.NotEqual(0, first);
        Assert.Equal(0xFFFF, sent);
        Assert.Equal(0xFFFF, BinaryPrimitives.ReadUInt16BigEndian(udp.Slice(6)));

        static ushort Build(int version, ushort word, out Span<byte> udp)
        {
            var buffer = new byte[128];
            var builder = new HeaderGen.Layers.FrameBuilder(buffer, 100);
            builder.Payload([(byte)(word >> 8), (byte)word]).Push(new UdpHeader { SourcePort = 40000, DestinationPort = 9 });
            if (version == 4)
            {
                builder.Push(new Ipv4Header { TimeToLive = 64, SourceAddress = Ipv4Address.Parse("192.0.2.1"), DestinationAddress = Ipv4Address.Parse("192.0.2.2") });
            }
            else
            {
                builder.Push(new Ipv6Header { HopLimit = 64, SourceAddress = Ipv6Address.Parse("2001:db8::1"), DestinationAddress = Ipv6Address.Parse("2001:db8::2") });
            }
            Assert.True(builder.TryGetFrame(out var packet, out var error), error.ToString());
            int header = version == 4 ? Ipv4Header.FixedLength : Ipv6Header.FixedLength;
            udp = packet.Slice(header);
            var view = UdpHeader.ReadOnlyView.CreateUnchecked(udp);
            Assert.True(version == 4 ? view.VerifyChecksum(Ipv4PseudoHeader.For(Ipv4Header.ReadOnlyView.CreateUnchecked(packet)))
                : view.VerifyChecksum(Ipv6PseudoHeader.For(Ipv6Header.ReadOnlyView.CreateUnchecked(packet))));
            return view.Checksum;
        }
    }

    [Fact]
    public void A_transport_with_no_network_layer_below_keeps_the_checksum_its_caller_set()
    {
        // The builder fills a transport's checksum when the layer that provides its pseudo-header is pushed; with none
        // (a datagram built alone, for a test of a receiver), the caller's value is what is written, 0 or not.
        var buffer = new byte[64];
        var builder = new HeaderGen.Layers.FrameBuilder(buffer, 32);
        builder.Payload([1, 2, 3]).Push(new UdpHeader { SourcePort = 1, DestinationPort = 2, Checksum = 0x1234 });
        Assert.True(builder.TryGetFrame(out var datagram, out _));
        Assert.Equal(0x1234, UdpHeader.ReadOnlyView.CreateUnchecked(datagram).Checksum);
        Assert.Equal(11, UdpHeader.ReadOnlyView.CreateUnchecked(datagram).Length);
    }

    [Fact]
    public void Pseudo_headers_from_a_header_value_equal_those_read_from_its_bytes()
    {
        // The builder's For(in header, payload) against the decoder's For(view): every IPv4 and IPv6 packet of the Scapy
        // corpus (AH, routing headers, fragments, extension chains), then the same packets with random bytes changed.
        var packets = ScapyCorpus.Frames.Where(f => f.Bytes.Length > 14 && BinaryPrimitives.ReadUInt16BigEndian(f.Bytes.AsSpan(12)) is 0x0800 or 0x86DD)
            .Select(f => f.Bytes).ToList();
        Assert.True(packets.Count > 200, $"{packets.Count} IP packets in the corpus");
        foreach (var frame in packets)
        {
            Compare(frame);
        }
        Gen.Select(Gen.Int[0, packets.Count - 1], Gen.Int[14, 200].Array[1, 6], Gen.Byte).ForAll((which, positions, value) =>
        {
            var frame = (byte[])packets[which].Clone();
            foreach (int position in positions)
            {
                if (position < frame.Length)
                {
                    frame[position] ^= (byte)(value | 1);
                }
            }
            Compare(frame);
        }, iter: 3000);

        static void Compare(byte[] frame)
        {
            var packet = frame.AsSpan(14);
            if (frame[12] == 0x08 && Ipv4Header.ReadOnlyView.TryCreate(packet, out var v4))
            {
                var value = v4.ToValue();
                Assert.Equal(Ipv4PseudoHeader.For(v4), Ipv4PseudoHeader.For(in value, v4.Payload));
            }
            else if (frame[12] == 0x86 && Ipv6Header.ReadOnlyView.TryCreate(packet, out var v6))
            {
                var value = v6.ToValue();
                Assert.Equal(Ipv6PseudoHeader.For(v6), Ipv6PseudoHeader.For(in value, v6.Payload));
            }
        }
    }

    [Fact]
    public void Pseudo_header_sums_from_fields_equal_the_checksum_over_its_written_bytes()
    {
        // The pseudo-header is summed from its fields (WordSum), never written out; the reference writes it and sums bytes.
        Gen.Select(Gen.UInt, Gen.UInt, Gen.Byte, Gen.Byte.Array[8, 90], Gen.ULong.Array[2], Gen.UInt).ForAll((source, destination, protocol, segment, halves, length) =>
        {
            ulong high = halves[0], low = halves[1];
            var v4 = new Ipv4PseudoHeader(new Ipv4Address(source), new Ipv4Address(destination), (IpProtocol)protocol, (ushort)length);
            var v6 = new Ipv6PseudoHeader(new Ipv6Address(new UInt128(high, low)), new Ipv6Address(new UInt128(low, high)), (IpProtocol)protocol, length);
            var udp = UdpHeader.ReadOnlyView.CreateUnchecked(segment);
            var tcp = segment.Length >= TcpHeader.FixedLength ? TcpHeader.ReadOnlyView.CreateUnchecked(segment) : default;
            Assert.Equal(Expected(v4, segment, 6), udp.ComputeChecksum(v4));
            Assert.Equal(Expected(v6, segment, 6), udp.ComputeChecksum(v6));
            if (segment.Length >= TcpHeader.FixedLength)
            {
                Assert.Equal(ReferenceOver(v4, segment, 16), tcp.ComputeChecksum(v4));
                Assert.Equal(ReferenceOver(v6, segment, 16), tcp.ComputeChecksum(v6));
            }
        }, iter: 3000);

        static ushort Expected<T>(T pseudo, byte[] segment, int offset) where T : struct, IHeader<T>
        {
            ushort sum = ReferenceOver(pseudo, segment, offset);
            return sum == 0 ? (ushort)0xFFFF : sum;
        }

        static ushort ReferenceOver<T>(T pseudo, byte[] segment, int offset) where T : struct, IHeader<T>
        {
            var all = new byte[pseudo.HeaderLength + segment.Length];
            Assert.True(pseudo.TryWrite(all, out int written));
            segment.CopyTo(all, written);
            return ReferenceChecksum.ComputeWithFieldZero(all, written + offset);
        }
    }

    [Fact]
    public void Ethernet_fcs_matches_zlib_crc32_of_real_frames()
    {
        // FCS bytes computed by Python's zlib.crc32 over the frames, stored least significant byte first.
        var padded = new byte[64];
        Frames.EthernetIpv4Udp.CopyTo(padded, 0);
        Assert.True(EthernetTrailer.TryAppend(padded, 60, out int length));
        Assert.Equal(64, length);
        Assert.Equal("51422A18", Convert.ToHexString(padded.AsSpan(60)));
        Assert.True(EthernetTrailer.Verify(padded));

        var syn = new byte[Frames.EthernetIpv4TcpSyn.Length + 4];
        Frames.EthernetIpv4TcpSyn.CopyTo(syn, 0);
        Assert.True(EthernetTrailer.TryAppend(syn, Frames.EthernetIpv4TcpSyn.Length, out _));
        Assert.Equal("C7560802", Convert.ToHexString(syn.AsSpan(syn.Length - 4)));
        Assert.Equal(0x020856C7u, EthernetTrailer.ComputeFrameCheckSequence(Frames.EthernetIpv4TcpSyn));

        syn[20] ^= 1;
        Assert.False(EthernetTrailer.Verify(syn));
        Assert.False(EthernetTrailer.Verify(syn.AsSpan(0, 3)));
        Assert.False(EthernetTrailer.TryAppend(syn, syn.Length - 3, out _));
    }

    [Fact]
    public void Fcs_verifies_on_random_frames_and_catches_every_single_bit_error()
    {
        Gen.Select(Gen.Byte.Array[60, 1514], Gen.Int).ForAll((data, bit) =>
        {
            var frame = new byte[data.Length + 4];
            data.CopyTo(frame, 0);
            Assert.True(EthernetTrailer.TryAppend(frame, data.Length, out _));
            Assert.True(EthernetTrailer.Verify(frame));
            int flip = (int)((uint)bit % (uint)(frame.Length * 8));
            frame[flip / 8] ^= (byte)(1 << (flip % 8));
            Assert.False(EthernetTrailer.Verify(frame));
        }, iter: 1000);
    }

    [Fact]
    public void Checksumming_and_fcs_allocate_nothing()
    {
        var frame = new byte[Frames.EthernetIpv4Udp.Length + 4];
        Frames.EthernetIpv4Udp.CopyTo(frame, 0);
        long sum = Work(frame, 100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        sum += Work(frame, 10_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sum);

        static long Work(byte[] frame, int iterations)
        {
            long sum = 0;
            for (int i = 0; i < iterations; i++)
            {
                Ipv4Header.View.TryCreate(frame.AsSpan(14, 33), out var ip);
                ip.UpdateTimeToLive((byte)i);
                UdpHeader.View.TryCreate(ip.Payload, out var udp);
                udp.FillChecksum(Ipv4PseudoHeader.For(ip));
                EthernetTrailer.TryAppend(frame, frame.Length - 4, out _);
                sum += ip.HeaderChecksum + udp.Checksum + (EthernetTrailer.Verify(frame) ? 1 : 0) + InternetChecksum.Compute(frame);
            }
            return sum;
        }
    }
}
