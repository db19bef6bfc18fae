using System;
using System.Linq;
using HeaderGen.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace HeaderGen.Generators.Tests;

/// <summary>
/// The generator's work grows with the headers, not with their square: what a full run allocates per header is about
/// the same for 40 headers as for 320. Allocations, not time (no timing assertions in tests). Measured: 100.8 KB a
/// header for 320 headers, 107.4 KB for 40; with the decoder's pseudo-header lowers found by scanning every layer for
/// every layer (a quadratic scan this test was written against), 136.5 KB against 114.4 KB, which fails.
/// </summary>
public class ScalingTests
{
    private static string Header(int i) => $$"""
        using HeaderGen;
        using HeaderGen.Protocols;
        namespace Protocols.P{{i}};
        public enum Kind{{i}} : byte { A = 1, B = 2 }
        [Header("P{{i}}"), BindsTo(UdpHeader.PortTable, {{20000 + i}})]
        public partial struct Header{{i}}
        {
            [Bits(4), Constant(1)] public byte Version;
            [Bits(4)] public Kind{{i}} Kind;
            [Bits(12)] public ushort Station;
            [Bits(4)] public byte Flags;
            public uint Sequence;
            public Ipv4Address Origin;
        }
        """;

    private static double BytesPerHeader(int headers)
    {
        var compilation = GeneratorHarness.UserCompilation(Enumerable.Range(0, headers).Select(Header).ToArray());
        GeneratorHarness.CreateDriver().RunGenerators(compilation);   // warm: JIT, the compilation's symbols
        long before = GC.GetAllocatedBytesForCurrentThread();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Empty(driver.GetRunResult().Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal(headers + 1, driver.GetRunResult().GeneratedTrees.Length);   // each header's file and the layers
        return (double)allocated / headers;
    }

    [Fact]
    public void A_full_run_allocates_per_header_what_it_does_for_few_headers()
    {
        double few = BytesPerHeader(40);
        double many = BytesPerHeader(320);
        Assert.True(many < few * 1.1, $"{many:N0} bytes a header for 320 headers against {few:N0} for 40");
    }
}
