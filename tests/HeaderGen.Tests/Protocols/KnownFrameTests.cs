using System;
using HeaderGen.Protocols;
using Xunit;

namespace HeaderGen.Tests.Protocols;

public class KnownFrameTests
{
    [Fact]
    public void Ethernet_ipv4_udp_frame_reads_its_known_fields()
    {
        var frame = Frames.EthernetIpv4Udp;

        Assert.True(EthernetHeader.ReadOnlyView.TryCreate(frame, out var ethernet, out _));
        Assert.Equal(MacAddress.Parse("00:1b:21:3a:4f:5c"), ethernet.Destination);
        Assert.Equal(MacAddress.Parse("52:54:00:12:34:56"), ethernet.Source);
        Assert.Equal(EtherType.Ipv4, ethernet.EtherType);

        Assert.True(Ipv4Header.ReadOnlyView.TryCreate(ethernet.Payload, out var ip, out _));
        Assert.Equal(4, ip.Version);
        Assert.Equal(5, ip.Ihl);
        Assert.Equal(20, ip.HeaderLength);
        Assert.Equal(0xb8 >> 2, ip.Dscp);
        Assert.Equal(0, ip.Ecn);
        Assert.Equal(33, ip.TotalLength);
        Assert.Equal(0x1c46, ip.Identification);
        Assert.False(ip.ReservedFlag);
        Assert.True(ip.DontFragment);
        Assert.False(ip.MoreFragments);
        Assert.Equal(0, ip.FragmentOffset);
        Assert.Equal(64, ip.TimeToLive);
        Assert.Equal(IpProtocol.Udp, ip.Protocol);
        Assert.Equal(0x3192, ip.HeaderChecksum);
        Assert.Equal(Ipv4Address.Parse("192.0.2.1"), ip.SourceAddress);
        Assert.Equal(Ipv4Address.Parse("198.51.100.7"), ip.DestinationAddress);
        Assert.Equal(0, ip.Options.Length);

        Assert.True(UdpHeader.ReadOnlyView.TryCreate(ip.Payload, out var udp, out _));
        Assert.Equal(40000, udp.SourcePort);
        Assert.Equal(53, udp.DestinationPort);
        Assert.Equal(13, udp.Length);
        Assert.Equal(0x3350, udp.Checksum);
        Assert.Equal("hello"u8.ToArray(), udp.Payload.ToArray());
    }

    [Fact]
    public void Ethernet_ipv4_udp_frame_is_reproduced_exactly_from_its_values()
    {
        var frame = Frames.EthernetIpv4Udp;
        var ethernet = new EthernetHeader
        {
            Destination = MacAddress.Parse("00:1b:21:3a:4f:5c"),
            Source = MacAddress.Parse("52:54:00:12:34:56"),
            EtherType = EtherType.Ipv4,
        };
        var ip = new Ipv4Header
        {
            Dscp = 0xb8 >> 2,
            TotalLength = 33,
            Identification = 0x1c46,
            DontFragment = true,
            TimeToLive = 64,
            Protocol = IpProtocol.Udp,
            HeaderChecksum = 0x3192,
            SourceAddress = Ipv4Address.Parse("192.0.2.1"),
            DestinationAddress = Ipv4Address.Parse("198.51.100.7"),
        };
        var udp = new UdpHeader { SourcePort = 40000, DestinationPort = 53, Length = 13, Checksum = 0x3350 };

        var built = new byte[frame.Length];
        Assert.True(ethernet.TryWrite(built, out int n1));
        Assert.True(ip.TryWrite(built.AsSpan(n1), out int n2));
        Assert.True(udp.TryWrite(built.AsSpan(n1 + n2), out int n3));
        "hello"u8.CopyTo(built.AsSpan(n1 + n2 + n3));

        Assert.Equal((14, 20, 8), (n1, n2, n3));
        Assert.Equal(Convert.ToHexString(frame), Convert.ToHexString(built));
    }

    [Fact]
    public void Tcp_syn_with_options_reads_its_known_fields_and_options_region()
    {
        var frame = Frames.EthernetIpv4TcpSyn;
        Assert.True(EthernetHeader.TryRead(frame, out var ethernet));
        Assert.True(Ipv4Header.TryRead(frame.AsSpan(EthernetHeader.FixedLength), out var ip));
        Assert.Equal(IpProtocol.Tcp, ip.Protocol);
        Assert.Equal(63, ip.TimeToLive);
        Assert.Equal(54321, ip.Identification);
        Assert.Equal(0x5388, ip.HeaderChecksum);
        Assert.Equal(60, ip.TotalLength);

        Assert.True(TcpHeader.ReadOnlyView.TryCreate(frame.AsSpan(EthernetHeader.FixedLength + ip.HeaderLength), out var tcp, out _));
        Assert.Equal(51234, tcp.SourcePort);
        Assert.Equal(443, tcp.DestinationPort);
        Assert.Equal(0x12345678u, tcp.SequenceNumber);
        Assert.Equal(0u, tcp.AcknowledgmentNumber);
        Assert.Equal(10, tcp.DataOffset);
        Assert.Equal(40, tcp.HeaderLength);
        Assert.Equal((false, false, false, false, false, false, true, false),
            (tcp.Cwr, tcp.Ece, tcp.Urg, tcp.Ack, tcp.Psh, tcp.Rst, tcp.Syn, tcp.Fin));
        Assert.Equal(64240, tcp.Window);
        Assert.Equal(0x68e5, tcp.Checksum);
        Assert.Equal(0, tcp.UrgentPointer);
        // MSS 1460, SACK permitted, timestamps, NOP, window scale 7 (RFC 9293, 7323, 2018).
        Assert.Equal("020405B40402080ADEADBEEF0000000001030307", Convert.ToHexString(tcp.Options));
        Assert.Equal(0, tcp.Payload.Length);
        Assert.Equal(MacAddress.Parse("00:1b:21:3a:4f:5c"), ethernet.Source);
    }

    [Fact]
    public void Tcp_syn_with_options_is_reproduced_exactly_from_its_values()
    {
        var frame = Frames.EthernetIpv4TcpSyn;
        var tcpBytes = frame.AsSpan(34);
        Assert.True(TcpHeader.TryRead(tcpBytes, out var tcp));
        Assert.True(TcpHeader.ReadOnlyView.TryCreate(tcpBytes, out var view, out _));

        var built = new byte[tcpBytes.Length];
        Assert.True(tcp.TryWrite(built, view.Options, out int written, out var error), error.ToString());
        Assert.Equal(40, written);
        Assert.Equal(Convert.ToHexString(tcpBytes), Convert.ToHexString(built));
    }

    [Fact]
    public void Ttl_is_decremented_in_place_in_the_frame_buffer()
    {
        var frame = Frames.EthernetIpv4Udp;
        var original = (byte[])frame.Clone();
        Assert.True(Ipv4Header.View.TryCreate(frame.AsSpan(EthernetHeader.FixedLength), out var ip, out _));
        ip.TimeToLive--;

        Assert.Equal(63, frame[EthernetHeader.FixedLength + Ipv4Header.Fields.TimeToLive.ByteOffset]);
        frame[EthernetHeader.FixedLength + 8] = original[EthernetHeader.FixedLength + 8];
        Assert.Equal(original, frame);
    }

    [Fact]
    public void ToString_lists_fields_by_name_and_value()
    {
        Assert.True(Ipv4Header.TryRead(Frames.EthernetIpv4Udp.AsSpan(14), out var ip));
        Assert.Equal(
            "IPv4 Version=4 Ihl=5 Dscp=46 Ecn=0 TotalLength=33 Identification=7238 ReservedFlag=0 DontFragment=1 MoreFragments=0 " +
            "FragmentOffset=0 TimeToLive=64 Protocol=Udp (17) HeaderChecksum=0x3192 SourceAddress=192.0.2.1 DestinationAddress=198.51.100.7",
            ip.ToString());
        Assert.True(EthernetHeader.TryRead(Frames.EthernetIpv4Udp, out var ethernet));
        Assert.Equal("Ethernet Destination=00:1b:21:3a:4f:5c Source=52:54:00:12:34:56 EtherType=Ipv4 (2048)", ethernet.ToString());
    }
}

/// <summary>Every generated header is an <see cref="IHeader{TSelf}"/>: one generic reader walks a known frame.</summary>
public class GenericHeaderTests
{
    // Reads a header of any declared type and rewrites it, through the interface alone.
    private static T ReadAndRewrite<T>(ReadOnlySpan<byte> source, out int length) where T : struct, IHeader<T>
    {
        Assert.True(T.TryValidate(source, out length, out var error), error.ToString());
        Assert.True(T.TryValidate(source, out int again));
        Assert.Equal(length, again);
        Assert.True(T.TryRead(source, out T value, out _));
        Assert.Equal(length, value.HeaderLength);
        return value;
    }

    [Fact]
    public void A_generic_reader_reads_ethernet_ipv4_and_udp_as_their_own_readers_do()
    {
        var frame = Frames.EthernetIpv4Udp;
        var ethernet = ReadAndRewrite<EthernetHeader>(frame, out int ethernetLength);
        Assert.Equal(EthernetHeader.FixedLength, ethernetLength);
        Assert.Equal(EtherType.Ipv4, ethernet.EtherType);
        var ip = ReadAndRewrite<Ipv4Header>(frame.AsSpan(ethernetLength), out int ipLength);
        Assert.Equal(20, ipLength);
        Assert.Equal(Ipv4Address.Parse("198.51.100.7"), ip.DestinationAddress);
        var udp = ReadAndRewrite<UdpHeader>(frame.AsSpan(ethernetLength + ipLength), out int udpLength);
        Assert.Equal(8, udpLength);
        Assert.Equal(53, udp.DestinationPort);

        // The value written back through the interface is the bytes read.
        var written = new byte[udpLength];
        Assert.True(udp.TryWrite(written, out int count));
        Assert.Equal(frame.AsSpan(ethernetLength + ipLength, udpLength).ToArray(), written);
        Assert.Equal(8, count);

        // A truncated header: false, with the reason and offset, through the interface.
        Assert.False(GenericTryValidate<UdpHeader>(frame.AsSpan(ethernetLength + ipLength, 5), out var error));
        Assert.Equal(HeaderErrorReason.Truncated, error.Reason);
        Assert.Equal("UDP", error.Header);
    }

    private static bool GenericTryValidate<T>(ReadOnlySpan<byte> source, out HeaderError error) where T : struct, IHeader<T> =>
        T.TryValidate(source, out _, out error);
}

/// <summary>
/// Every generated view is an <see cref="IReadOnlyHeaderView{TSelf, THeader}"/> or <see cref="IHeaderView{TSelf, THeader}"/>:
/// generic code finds a header's bytes and payload in place through the interfaces alone, on a known frame.
/// </summary>
public class GenericViewTests
{
    // The header's length, its payload's length and its value, through the read-only view interface alone.
    private static (int Header, int Payload, THeader Value) Look<TView, THeader>(ReadOnlySpan<byte> source)
        where TView : IReadOnlyHeaderView<TView, THeader>, allows ref struct
        where THeader : struct, IHeader<THeader>
    {
        Assert.True(TView.TryCreate(source, out TView view, out var error), error.ToString());
        Assert.True(TView.TryCreate(source, out TView again));
        Assert.Equal(view.HeaderLength, again.HeaderLength);
        Assert.True(view.Buffer == source);
        Assert.Equal(view.HeaderLength, view.Header.Length);
        Assert.True(view.Payload == source.Slice(view.HeaderLength));
        Assert.Equal(view.HeaderLength, TView.CreateUnchecked(source).HeaderLength);
        return (view.HeaderLength, view.Payload.Length, view.ToValue());
    }

    // The same through the writable view interface: its header bytes are the buffer's own.
    private static int Clear<TView, THeader>(Span<byte> source)
        where TView : IHeaderView<TView, THeader>, allows ref struct
        where THeader : struct, IHeader<THeader>
    {
        Assert.True(TView.TryCreate(source, out TView view));
        Assert.True(TView.TryCreate(source, out TView same, out _));
        Assert.Equal(view.HeaderLength, same.HeaderLength);
        Assert.Equal(view.HeaderLength, TView.CreateUnchecked(source).Header.Length);
        Assert.True(view.Buffer == source);
        view.Payload.Clear();
        return view.HeaderLength;
    }

    // False both ways, and the view left empty (the default view), never one over bytes that did not validate.
    private static bool Fails<TView, THeader>(ReadOnlySpan<byte> source, out HeaderError error)
        where TView : IReadOnlyHeaderView<TView, THeader>, allows ref struct
        where THeader : struct, IHeader<THeader> =>
        !TView.TryCreate(source, out TView view, out error) && view.Buffer.IsEmpty
        && !TView.TryCreate(source, out TView quiet) && quiet.Buffer.IsEmpty;

    [Fact]
    public void Generic_code_views_ethernet_ipv4_and_tcp_in_place()
    {
        // The Scapy-made SYN: Ethernet, IPv4 (20 bytes), TCP with 20 bytes of options, no data.
        var frame = Frames.EthernetIpv4TcpSyn;
        var ethernet = Look<EthernetHeader.ReadOnlyView, EthernetHeader>(frame);
        Assert.Equal((14, frame.Length - 14), (ethernet.Header, ethernet.Payload));
        Assert.Equal(EtherType.Ipv4, ethernet.Value.EtherType);
        var ip = Look<Ipv4Header.ReadOnlyView, Ipv4Header>(frame.AsSpan(14));
        Assert.Equal((20, 40), (ip.Header, ip.Payload));
        Assert.Equal(IpProtocol.Tcp, ip.Value.Protocol);
        var tcp = Look<TcpHeader.ReadOnlyView, TcpHeader>(frame.AsSpan(34));
        Assert.Equal((40, 0), (tcp.Header, tcp.Payload));
        Assert.True(tcp.Value.Syn);

        var copy = (byte[])frame.Clone();
        Assert.Equal(20, Clear<Ipv4Header.View, Ipv4Header>(copy.AsSpan(14)));
        Assert.Equal(frame.AsSpan(0, 34).ToArray(), copy.AsSpan(0, 34).ToArray());
        Assert.All(copy.AsSpan(34).ToArray(), b => Assert.Equal(0, b));

        // A header cut short: false with the reason, the header's name and where, through the interface.
        Assert.True(Fails<TcpHeader.ReadOnlyView, TcpHeader>(frame.AsSpan(34, 30), out var error));
        Assert.Equal(HeaderErrorReason.LengthBeyondBuffer, error.Reason);
        Assert.Equal("TCP", error.Header);
        Assert.True(Fails<Ipv4Header.ReadOnlyView, Ipv4Header>(frame.AsSpan(14, 19), out error));
        Assert.Equal(HeaderErrorReason.Truncated, error.Reason);
    }
}
