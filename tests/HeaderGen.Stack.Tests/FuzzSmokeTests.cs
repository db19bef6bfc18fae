using System;
using System.IO;
using System.Linq;
using HeaderGen.Fuzz;
using Xunit;

namespace HeaderGen.Stack.Tests;

/// <summary>
/// The fuzz harness's seeded smoke run (fuzz/HeaderGen.Fuzz, no instrumentation), as CI runs it: random inputs and
/// mutations of Scapy's frames into the decoder and into a host's and a router's receive paths. Zero failures means
/// no exception and no broken invariant (unaccounted frames, tables past their limits) on any of them.
/// </summary>
public class FuzzSmokeTests
{
    [Theory]
    [InlineData("decoder", 1_000_000, 1)]
    [InlineData("host", 50_000, 1)]
    public void The_seeded_fuzz_smoke_finds_nothing(string target, int count, int seed)
    {
        var network = new FuzzTargets.Network();
        var result = Smoke.Run(target == "decoder" ? bytes => FuzzTargets.Decoder(bytes) : bytes => FuzzTargets.HostReceive(bytes, network),
            count, seed, Smoke.Seeds(target));
        Assert.True(result.Failures == 0, result.ToString());
        Assert.Equal(count, result.Inputs);
        if (target == "decoder")
        {
            // The frame templates' parse was held against the walk on inputs it matched, not only on ones it refused.
            Assert.True(FuzzTargets.TemplateMatches > count / 100, $"{FuzzTargets.TemplateMatches} template matches");
        }
        if (target == "host")
        {
            Assert.True(network.Host.Counters.FramesReceived + network.Router.Counters.FramesReceived > count / 2);
            // Some mutated TCP segments get past the checksum to the listeners (most mutations break it; the segment-level
            // hostile input is TcpStateTests' random segments with good checksums).
            var tcp = network.Host.TcpCounters;
            Assert.True(tcp.SegmentsReceived > 0, $"{tcp.SegmentsReceived} segments handed to TCP sockets, {tcp.BadChecksum} bad checksums, {tcp.NoSocket} for no socket");
        }
    }

    /// <summary>
    /// Every input a fuzzer saved (FuzzFindings/&lt;target&gt;/*.bin, each named for the day and what it was), run again
    /// through its target: each broke the library or the harness's invariants once.
    /// </summary>
    [Theory]
    [InlineData("decoder")]
    public void Every_input_the_fuzzers_found_runs_clean(string target)
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "FuzzFindings", target), "*.bin");
        Assert.NotEmpty(files);
        var network = new FuzzTargets.Network();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(file);
            var error = Record.Exception(() =>
            {
                if (target == "decoder")
                {
                    FuzzTargets.Decoder(bytes);
                }
                else
                {
                    FuzzTargets.HostReceive(bytes, network);
                }
            });
            Assert.True(error is null, $"{Path.GetFileName(file)}: {error}");
        }
    }
}
