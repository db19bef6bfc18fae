using System;
using System.Linq;
using System.Text.Json;
using HeaderGen.Options;
using HeaderGen.Protocols;
using Xunit;
using Decoder = HeaderGen.Layers.LayerDecoder;

namespace HeaderGen.Tests.Layers;

/// <summary>
/// Option lists (<c>[Options]</c>): Geneve's TLVs (RFC 8926 3.5) read, described, written back and walked over
/// hostile regions, against the frames Scapy built.
/// </summary>
public class OptionListTests
{
    private static int GeneveOffset(byte[] frame)
    {
        foreach (var layer in Decoder.Decode(frame))
        {
            if (layer.Kind == HeaderGen.Layers.LayerKind.GeneveHeader)
            {
                return layer.Offset;
            }
        }
        throw new InvalidOperationException("no Geneve layer");
    }

    [Fact]
    public void Every_geneve_frame_with_options_is_rebuilt_by_the_option_writer_and_the_builder()
    {
        // Each option written from its fields and data; the Geneve header pushed with them; the frame byte for byte.
        int frames = 0;
        foreach (var frame in ScapyCorpus.Frames.Where(f => f.Layers.Any(l => l.Kind == "Geneve" && l.Elements?.GetArrayLength() > 0 && !l.ElementsMalformed)))
        {
            var geneve = GeneveHeader.ReadOnlyView.CreateUnchecked(frame.Bytes.AsSpan(GeneveOffset(frame.Bytes)));
            var region = new byte[geneve.Options.Length];
            var writer = new OptionWriter(region);
            foreach (var element in frame.Layers.Single(l => l.Kind == "Geneve").Elements!.Value.EnumerateArray())
            {
                var e = element.EnumerateArray().ToArray();
                var option = new GeneveOption { OptionClass = e[0].GetUInt16(), Type = e[1].GetByte(), Reserved = e[2].GetByte(), Length = e[3].GetByte() };
                Assert.True(writer.TryAppend(option, Convert.FromHexString(e[4].GetString()!)), writer.Error.ToString());
            }
            Assert.Equal(Convert.ToHexString(geneve.Options), Convert.ToHexString(writer.Written));

            var buffer = new byte[512];
            var tail = frame.Bytes.AsSpan(GeneveOffset(frame.Bytes) + geneve.HeaderLength);
            var builder = new HeaderGen.Layers.FrameBuilder(buffer, 256).Payload(tail).Push(geneve.ToValue(), writer.Written);
            Assert.True(builder.TryGetFrame(out var built, out var error), error.ToString());
            Assert.Equal(Convert.ToHexString(frame.Bytes.AsSpan(GeneveOffset(frame.Bytes))), Convert.ToHexString(built));
            frames++;
        }
        Assert.True(frames >= 20, $"{frames} frames");
    }

    [Fact]
    public void Describe_lists_each_option_and_says_where_a_bad_length_stops_them()
    {
        var good = ScapyCorpus.Frames.First(f => f.Layers.Any(l => l.Kind == "Geneve" && l.Elements?.GetArrayLength() >= 2));
        var lines = Decoder.Describe(good.Bytes).Split('\n');
        int geneve = Array.FindIndex(lines, l => l.Contains(" Geneve Version=", StringComparison.Ordinal));
        int count = good.Layers.Single(l => l.Kind == "Geneve").Elements!.Value.GetArrayLength();
        Assert.All(lines.Skip(geneve + 1).Take(count), line => Assert.Contains("   option Geneve option OptionClass=", line, StringComparison.Ordinal));

        // geneve-bad-options-1: one good option of 8 bytes, then one whose length (5 words of data) runs past the 8 bytes left.
        var bad = ScapyCorpus.Get("geneve-bad-options-1");
        string description = Decoder.Describe(bad.Bytes);
        Assert.Contains("[  50..  58)   option Geneve option OptionClass=256 Type=1 Reserved=0 Length=1\n", description, StringComparison.Ordinal);
        // The error says where the region ran out (its end, 16 bytes in: frame offset 66), as a LengthBeyondBuffer does.
        Assert.Contains("[  66..    )   options malformed: Geneve option.Length: LengthBeyondBuffer at offset 16: 24 bytes required, 8 present\n", description, StringComparison.Ordinal);
        // The header's own length still holds, so the walk goes on into the inner IPv4 and UDP.
        Assert.Contains("UDP SourcePort=", description.Split("options malformed")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_regions_end_the_list_inside_the_region_and_never_loop()
    {
        var random = new Random(8926);
        var region = new byte[64];
        for (int i = 0; i < 50_000; i++)
        {
            random.NextBytes(region);
            int length = random.Next(region.Length + 1);
            var list = new OptionList<GeneveOption>(region.AsSpan(0, length));
            int covered = 0, elements = 0;
            while (list.MoveNext())
            {
                Assert.Equal(covered, list.Offset);
                Assert.InRange(list.Current.Length, GeneveOption.FixedLength, length - covered);
                covered += list.Current.Length;
                elements++;
            }
            Assert.True(elements <= length / GeneveOption.FixedLength);
            Assert.True(covered == length || !list.Error.IsNone, "a list that stops early says why");
            if (!list.Error.IsNone)
            {
                Assert.InRange(list.Error.Offset, covered, length);
            }
        }
    }

    [Fact]
    public void A_writer_keeps_its_first_failure_and_reports_it_at_its_offset()
    {
        var region = new byte[12];
        var writer = new OptionWriter(region);
        Assert.True(writer.TryAppend(new GeneveOption { OptionClass = 0x0102, Type = 0x80, Length = 1 }, [1, 2, 3, 4]));
        // The length says one word of data and two are given; then one that fits is refused, the first failure kept.
        Assert.False(writer.TryAppend(new GeneveOption { Length = 1 }, new byte[8]));
        Assert.Equal((HeaderErrorReason.OptionsLengthMismatch, 8 + GeneveOption.FixedLength), (writer.Error.Reason, writer.Error.Offset));
        Assert.False(writer.TryAppend(new GeneveOption()));
        Assert.Equal("0102800101020304", Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void Walking_an_option_list_allocates_nothing()
    {
        var frame = ScapyCorpus.Frames.First(f => f.Layers.Any(l => l.Kind == "Geneve" && l.Elements?.GetArrayLength() >= 2)).Bytes;
        int offset = GeneveOffset(frame);
        long sum = Walk(frame, offset, 100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        sum += Walk(frame, offset, 10_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sum);

        static long Walk(byte[] frame, int offset, int times)
        {
            long sum = 0;
            for (int i = 0; i < times; i++)
            {
                foreach (var option in GeneveHeader.ReadOnlyView.CreateUnchecked(frame.AsSpan(offset)).OptionList)
                {
                    sum += GeneveOption.ReadOnlyView.CreateUnchecked(option).OptionClass + option.Length;
                }
            }
            return sum;
        }
    }
}
