using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using HeaderGen.Options;
using Xunit;

namespace HeaderGen.Tests.Layers;

public class OptionReaderTests
{
    [Fact]
    public void The_tcp_options_of_a_scapy_syn_read_as_typed_values()
    {
        // MSS 1460, SACK permitted, timestamps (0xdeadbeef, 0), NOP, window scale 7: the SYN of the known frames.
        byte[] options = Convert.FromHexString("020405B40402080ADEADBEEF0000000001030307");
        var kinds = new List<byte>();
        var reader = new OptionReader(options, "TCP options");
        foreach (var option in reader)
        {
            kinds.Add(option.Kind);
            if (TcpOptions.TryGetMaximumSegmentSize(option, out ushort mss))
            {
                Assert.Equal(1460, mss);
            }
            if (TcpOptions.TryGetTimestamps(option, out uint value, out uint echo))
            {
                Assert.Equal((0xDEADBEEFu, 0u), (value, echo));
            }
            if (TcpOptions.TryGetWindowScale(option, out byte shift))
            {
                Assert.Equal(7, shift);
            }
        }
        Assert.Equal(new byte[] { 2, 4, 8, 1, 3 }, kinds);
        Assert.True(reader.Error.IsNone);
    }

    [Fact]
    public void Sack_blocks_are_read_from_the_corpus()
    {
        var frame = ScapyCorpus.Frames.First(f => f.Layers.Any(l => l.Kind == "Tcp" && l.Options is { } o && o.StartsWith("01010512", StringComparison.Ordinal)));
        var tcp = frame.Layers.Single(l => l.Kind == "Tcp");
        var reader = new OptionReader(Convert.FromHexString(tcp.Options!), "TCP options");
        int blocks = 0;
        while (reader.MoveNext())
        {
            var option = reader.Current;
            for (int i = 0; i < TcpOptions.SackBlockCount(option); i++)
            {
                Assert.True(TcpOptions.TryGetSackBlock(option, i, out uint left, out uint right));
                Assert.True(left != right);
                blocks++;
            }
        }
        Assert.Equal(2, blocks);
    }

    [Theory]
    [InlineData("0201", HeaderErrorReason.LengthFieldTooSmall, 1)]
    [InlineData("0200", HeaderErrorReason.LengthFieldTooSmall, 1)]
    [InlineData("010102", HeaderErrorReason.Truncated, 3)]
    [InlineData("02080000", HeaderErrorReason.LengthBeyondBuffer, 1)]
    public void A_bad_option_length_ends_the_walk_with_an_error(string hex, HeaderErrorReason reason, int offset)
    {
        var reader = new OptionReader(Convert.FromHexString(hex), "TCP options");
        while (reader.MoveNext())
        {
        }
        Assert.Equal(reason, reader.Error.Reason);
        Assert.Equal(offset, reader.Error.Offset);
    }

    [Fact]
    public void End_of_option_list_stops_the_walk_and_padding_is_not_read()
    {
        var reader = new OptionReader(Convert.FromHexString("0101000202"), "IPv4 options");
        int count = 0;
        while (reader.MoveNext())
        {
            count++;
        }
        Assert.Equal(2, count);
        Assert.True(reader.Error.IsNone);
    }

    [Fact]
    public void Random_option_bytes_never_loop_or_read_out_of_bounds()
    {
        Gen.Byte.Array[0, 40].Sample(bytes =>
        {
            var reader = new OptionReader(bytes, "TCP options");
            int steps = 0;
            int end = 0;
            while (reader.MoveNext())
            {
                Assert.True(reader.Current.Offset >= end);
                end = reader.Current.Offset + reader.Current.Bytes.Length;
                Assert.InRange(end, 1, bytes.Length);
                Assert.True(++steps <= bytes.Length);
            }
        }, iter: 20000);
    }
}
