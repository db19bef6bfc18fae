using HeaderGen.Generators.Tests.Infrastructure;
using Xunit;

namespace HeaderGen.Generators.Tests;

/// <summary>Names: what a user imports, the generated types never collide with.</summary>
public class NameTests
{
    [Fact]
    public void Code_that_imports_headergen_its_protocols_and_its_own_namespace_needs_no_alias()
    {
        // Outside any namespace, as top-level statements are: every import is on equal footing there, so two
        // FrameBuilder types in imported namespaces would be ambiguous (CS0104).
        const string program = """
            using HeaderGen;
            using HeaderGen.Protocols;
            using GeneratorTest;

            public static class Program
            {
                public static string Run()
                {
                    var buffer = new byte[128];
                    var builder = new FrameBuilder(buffer, 64)
                        .Payload("hi"u8)
                        .Push(new Beacon { Kind = 5 })
                        .Push(new UdpHeader { SourcePort = 1000 })
                        .Push(new Ipv4Header { TimeToLive = 9, SourceAddress = Ipv4Address.Parse("10.0.0.1"), DestinationAddress = Ipv4Address.Parse("10.0.0.2") })
                        .Push(new EthernetHeader { Source = MacAddress.Parse("02:00:00:00:00:01"), Destination = MacAddress.Parse("02:00:00:00:00:02") });
                    builder.TryGetFrame(out var frame, out _);
                    foreach (var layer in LayerDecoder.Decode(frame))
                    {
                        if (layer.Kind == LayerKind.Beacon) { return LayerDecoder.Describe(frame); }
                    }
                    return "";
                }
            }

            namespace GeneratorTest
            {
                [Header("Beacon"), BindsTo(UdpHeader.PortTable, 7400)]
                public partial struct Beacon
                {
                    [Bits(4), Constant(2)] public byte Version;
                    [Bits(4)] public byte Kind;
                }
            }
            """;
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(program));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompilerProblems(output));
    }
}
