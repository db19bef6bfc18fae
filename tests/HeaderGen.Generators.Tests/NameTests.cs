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

    [Fact]
    public void Fields_named_as_the_generated_code_s_locals_write_read_and_print()
    {
        // text, value, view: locals and parameters of the generated ToString, ToValue and views, which read the fields
        // as "this.": a field of such a name is still the field there (the names TryWrite uses are HG0010).
        const string program = """
            using HeaderGen;

            namespace GeneratorTest
            {
                public enum Mode : sbyte { Low = -1, High = 1 }

                [Header("Clash")]
                public partial struct Clash
                {
                    public byte text;
                    public ushort value;
                    public Mode view;
                }

                public static class Program
                {
                    public static string Run()
                    {
                        var clash = new Clash { text = 7, value = 300, view = Mode.Low };
                        var buffer = new byte[Clash.FixedLength];
                        if (!clash.TryWrite(buffer, out _, out var problem)) { return problem.ToString(); }
                        return Clash.TryRead(buffer, out var back) ? back.ToString() + " | " + System.Convert.ToHexString(buffer) : "unread";
                    }
                }
            }
            """;
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.UserCompilation(program));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompilerProblems(output));
        using var image = new System.IO.MemoryStream();
        Assert.True(output.Emit(image).Success);
        var context = new System.Runtime.Loader.AssemblyLoadContext("names", isCollectible: true);
        try
        {
            image.Position = 0;
            var run = context.LoadFromStream(image).GetType("GeneratorTest.Program")!.GetMethod("Run")!;
            Assert.Equal("Clash text=7 value=300 view=Low (-1) | 07012CFF", run.Invoke(null, null));
        }
        finally
        {
            context.Unload();
        }
    }
}
