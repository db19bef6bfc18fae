using System;
using HeaderGen.Protocols;
using Xunit;

namespace HeaderGen.Tests.Protocols;

public class AllocationTests
{
    [Fact]
    public void Reading_and_writing_the_four_headers_allocates_nothing()
    {
        var frame = Frames.EthernetIpv4TcpSyn;
        var udpFrame = Frames.EthernetIpv4Udp;
        var output = new byte[frame.Length];
        long checksum = Work(frame, udpFrame, output, 1000); // warm up: JIT and tiering happen here, not below

        long before = GC.GetAllocatedBytesForCurrentThread();
        checksum += Work(frame, udpFrame, output, 10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    private static long Work(byte[] frame, byte[] udpFrame, byte[] output, int iterations)
    {
        long sum = 0;
        for (int i = 0; i < iterations; i++)
        {
            if (!EthernetHeader.TryRead(frame, out var ethernet, out _)
                || !Ipv4Header.TryRead(frame.AsSpan(14), out var ip, out _)
                || !TcpHeader.TryRead(frame.AsSpan(34), out var tcp, out _)
                || !UdpHeader.TryRead(udpFrame.AsSpan(34), out var udp, out _))
            {
                throw new InvalidOperationException("known frames must read");
            }
            ethernet.TryWrite(output, out int n);
            ip.TryWrite(output.AsSpan(n), out int m);
            Assert.True(TcpHeader.ReadOnlyView.TryCreate(frame.AsSpan(34), out var tcpView, out _));
            tcp.TryWrite(output.AsSpan(n + m), tcpView.Options, out _, out _);
            udp.TryWrite(output.AsSpan(n + m), out _);

            Ipv4Header.View.TryCreate(output.AsSpan(14), out var view, out _);
            view.TimeToLive = (byte)i;
            view.FragmentOffset = (ushort)(i & 0x1FFF);
            view.DontFragment = (i & 1) == 0;
            view.SourceAddress = ip.DestinationAddress;
            sum += view.TimeToLive + view.FragmentOffset + tcpView.SequenceNumber + udp.DestinationPort + (long)ethernet.Source.Value;
        }
        return sum;
    }
}
