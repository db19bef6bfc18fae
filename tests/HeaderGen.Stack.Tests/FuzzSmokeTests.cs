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
        if (target == "host")
        {
            Assert.True(network.Host.Counters.FramesReceived + network.Router.Counters.FramesReceived > count / 2);
            // Some mutated TCP segments get past the checksum to the listeners (most mutations break it; the segment-level
            // hostile input is TcpStateTests' random segments with good checksums).
            var tcp = network.Host.TcpCounters;
            Assert.True(tcp.SegmentsReceived > 0, $"{tcp.SegmentsReceived} segments handed to TCP sockets, {tcp.BadChecksum} bad checksums, {tcp.NoSocket} for no socket");
        }
    }
}
