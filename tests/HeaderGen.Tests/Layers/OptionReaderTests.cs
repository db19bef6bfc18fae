using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CsCheck;
using HeaderGen.Tests.Infrastructure;
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
        var reader = new OptionReader(options, "TCP options");

        Assert.True(reader.MoveNext());
        Assert.True(TcpOptions.TryGetMaximumSegmentSize(reader.Current, out ushort mss));
        Assert.Equal(1460, mss);
        Assert.Equal(0, reader.Current.Offset);

        Assert.True(reader.MoveNext());
        Assert.True(TcpOptions.IsSackPermitted(reader.Current));
        Assert.False(TcpOptions.TryGetMaximumSegmentSize(reader.Current, out _));

        Assert.True(reader.MoveNext());
        Assert.True(TcpOptions.TryGetTimestamps(reader.Current, out uint value, out uint echo));
        Assert.Equal((0xDEADBEEFu, 0u), (value, echo));
        Assert.Equal(6, reader.Current.Offset);

        Assert.True(reader.MoveNext());
        Assert.Equal(OptionReader.NoOperation, reader.Current.Kind);
        Assert.Equal(1, reader.Current.Bytes.Length);

        Assert.True(reader.MoveNext());
        Assert.True(TcpOptions.TryGetWindowScale(reader.Current, out byte shift));
        Assert.Equal(7, shift);
        Assert.Equal(17, reader.Current.Offset);

        Assert.False(reader.MoveNext());
        Assert.True(reader.Error.IsNone);
    }

    public static IEnumerable<object[]> TcpFramesWithOptions() =>
        ScapyCorpus.Frames.Where(f => f.Layers.Any(l => l.Kind == "Tcp" && l.Options is { Length: > 0 })).Select(f => new object[] { f.Name });

    [Theory]
    [MemberData(nameof(TcpFramesWithOptions))]
    public void Every_tcp_option_of_the_corpus_reads_as_scapy_decodes_it(string name)
    {
        var tcp = ScapyCorpus.Get(name).Layers.Single(l => l.Kind == "Tcp");
        var expected = tcp.DecodedOptions!.Value.EnumerateArray().Select(o => Describe(o[0].GetString()!, o[1])).ToList();
        var actual = new List<string>();
        var reader = new OptionReader(Convert.FromHexString(tcp.Options!), "TCP options");
        while (reader.MoveNext())
        {
            actual.Add(Describe(reader.Current));
        }

        Assert.True(reader.Error.IsNone, reader.Error.ToString());
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_corpus_exercises_every_typed_tcp_option()
    {
        var names = TcpFramesWithOptions().Select(row => ScapyCorpus.Get((string)row[0]).Layers.Single(l => l.Kind == "Tcp"))
            .SelectMany(l => l.DecodedOptions!.Value.EnumerateArray().Select(o => o[0].GetString()!)).ToHashSet();
        Assert.Superset(new HashSet<string> { "MSS", "SAckOK", "Timestamp", "NOP", "WScale", "SAck" }, names);
    }

    // Scapy's names and values, as the corpus records them.
    private static string Describe(string name, JsonElement value) => name switch
    {
        "NOP" or "EOL" or "SAckOK" => name,
        "MSS" or "WScale" => $"{name} {value.GetInt64()}",
        _ => $"{name} {string.Join(' ', value.EnumerateArray().Select(v => v.GetInt64()))}",
    };

    // HeaderGen's typed readers, in the same form; an option no reader accepts is reported by kind.
    private static string Describe(IpOption option)
    {
        if (option.Kind == OptionReader.NoOperation)
        {
            return "NOP";
        }
        if (TcpOptions.IsSackPermitted(option))
        {
            return "SAckOK";
        }
        if (TcpOptions.TryGetMaximumSegmentSize(option, out ushort mss))
        {
            return $"MSS {mss}";
        }
        if (TcpOptions.TryGetWindowScale(option, out byte shift))
        {
            return $"WScale {shift}";
        }
        if (TcpOptions.TryGetTimestamps(option, out uint value, out uint echo))
        {
            return $"Timestamp {value} {echo}";
        }
        int blocks = TcpOptions.SackBlockCount(option);
        if (blocks > 0)
        {
            var edges = new List<uint>();
            for (int i = 0; i < blocks; i++)
            {
                Assert.True(TcpOptions.TryGetSackBlock(option, i, out uint left, out uint right));
                edges.Add(left);
                edges.Add(right);
            }
            Assert.False(TcpOptions.TryGetSackBlock(option, blocks, out _, out _));
            return $"SAck {string.Join(' ', edges)}";
        }
        return $"kind {option.Kind}";
    }

    [Fact]
    public void Typed_readers_refuse_options_of_another_kind_and_leave_their_outputs_zero()
    {
        // Kind 30 (a two-byte option), kind 2 padded to ten bytes, kind 5 of eleven bytes, kind 8 of eight: none is
        // what its length alone suggests.
        var reader = new OptionReader(Convert.FromHexString("1E02" + "020A0102030405060708" + "050B010203040506070809" + "0808AABBCCDDEEFF"), "TCP options");
        int count = 0;
        while (reader.MoveNext())
        {
            var option = reader.Current;
            count++;
            Assert.False(TcpOptions.IsSackPermitted(option) && option.Kind != (byte)TcpOptionKind.SackPermitted);
            Assert.Equal(0, TcpOptions.SackBlockCount(option));
            Assert.False(TcpOptions.TryGetWindowScale(option, out byte shift));
            Assert.Equal(0, shift);
            Assert.False(TcpOptions.TryGetTimestamps(option, out uint value, out uint echo));
            Assert.Equal((0u, 0u), (value, echo));
            Assert.False(TcpOptions.TryGetSackBlock(option, 0, out uint left, out uint right));
            Assert.Equal((0u, 0u), (left, right));
            if (option.Kind != (byte)TcpOptionKind.MaximumSegmentSize)
            {
                Assert.False(TcpOptions.TryGetMaximumSegmentSize(option, out ushort mss));
                Assert.Equal(0, mss);
            }
        }
        Assert.Equal(4, count);
        Assert.True(reader.Error.IsNone);
    }

    [Fact]
    public void A_one_byte_option_has_no_data()
    {
        var reader = new OptionReader(new byte[] { OptionReader.NoOperation }, "IPv4 options");
        Assert.True(reader.MoveNext());
        Assert.True(reader.Current.Data.IsEmpty);
        Assert.False(TcpOptions.IsSackPermitted(reader.Current));
    }

    [Fact]
    public void Typed_readers_refuse_an_option_of_the_right_kind_but_the_wrong_length()
    {
        // Each option below has its kind's number and a length one byte off what RFC 9293 / RFC 7323 / RFC 2018 fix.
        var reader = new OptionReader(Convert.FromHexString("0205000000030400000809000000000000000509000000000000000402"), "TCP options");
        Assert.True(reader.MoveNext());
        Assert.False(TcpOptions.TryGetMaximumSegmentSize(reader.Current, out _));
        Assert.True(reader.MoveNext());
        Assert.False(TcpOptions.TryGetWindowScale(reader.Current, out _));
        Assert.True(reader.MoveNext());
        Assert.False(TcpOptions.TryGetTimestamps(reader.Current, out _, out _));
        Assert.True(reader.MoveNext());
        Assert.Equal(0, TcpOptions.SackBlockCount(reader.Current));
        Assert.True(reader.MoveNext());
        Assert.True(TcpOptions.IsSackPermitted(reader.Current));
        Assert.False(reader.MoveNext());
        Assert.True(reader.Error.IsNone);
    }

    [Theory]
    [InlineData("0201", HeaderErrorReason.LengthFieldTooSmall, 1, 2, 1)]
    [InlineData("0200", HeaderErrorReason.LengthFieldTooSmall, 1, 2, 0)]
    [InlineData("010102", HeaderErrorReason.Truncated, 3, 2, 1)]
    [InlineData("02080000", HeaderErrorReason.LengthBeyondBuffer, 1, 8, 4)]
    [InlineData("01010207000000", HeaderErrorReason.LengthBeyondBuffer, 3, 7, 5)]
    public void A_bad_option_length_ends_the_walk_with_an_error(string hex, HeaderErrorReason reason, int offset, long required, long available)
    {
        // RFC 9293 3.1: the length byte counts the kind and length bytes, so it is at least 2 and fits the region.
        var reader = new OptionReader(Convert.FromHexString(hex), "TCP options");
        while (reader.MoveNext())
        {
        }
        Assert.Equal(new HeaderError(reason, "TCP options", "Length", offset, required, available), reader.Error);
        Assert.False(reader.MoveNext());
    }

    [Fact]
    public void An_option_of_two_bytes_has_no_data_and_one_of_three_has_one_byte()
    {
        var reader = new OptionReader(Convert.FromHexString("0402030307"), "TCP options");
        Assert.True(reader.MoveNext());
        Assert.True(reader.Current.Data.IsEmpty);
        Assert.True(reader.MoveNext());
        Assert.Equal(new byte[] { 7 }, reader.Current.Data.ToArray());
        Assert.Equal(2, reader.Current.Offset);
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
        Gen.Byte.Array[0, 40].ForAll(bytes =>
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
