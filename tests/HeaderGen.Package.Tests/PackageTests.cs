using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.CompilerServices;
using Xunit;
using Xunit.Abstractions;

namespace HeaderGen.Package.Tests;

/// <summary>
/// HeaderGen as its users get it: packed into a local folder, referenced by a fresh consumer project in a temporary
/// directory that restores from that folder (and the normal source for everything else), declaring its own protocol.
/// </summary>
public class PackageTests(ITestOutputHelper output)
{
    private const string ConsumerProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="HeaderGen" Version="VERSION" />
          </ItemGroup>
        </Project>
        """;

    // No `using HeaderGen;`: the package gives a project with implicit usings that namespace, where the attributes and
    // the headers' extension members are (the read without an error, below).
    private const string ConsumerProgram = """
        using HeaderGen.Protocols;
        using Consumer;   // the consumer's own generated decoder and builder, which know its Beacon protocol: no alias

        var buffer = new byte[128];
        var builder = new FrameBuilder(buffer, 64)
            .Payload("hi"u8)
            .Push(new Beacon { Kind = 5, Station = 0x123 })
            .Push(new UdpHeader { SourcePort = 1000 })
            .Push(new Ipv4Header { TimeToLive = 9, SourceAddress = Ipv4Address.Parse("10.0.0.1"), DestinationAddress = Ipv4Address.Parse("10.0.0.2") })
            .Push(new EthernetHeader { Source = MacAddress.Parse("02:00:00:00:00:01"), Destination = MacAddress.Parse("02:00:00:00:00:02") });
        builder.TryGetFrame(out var frame, out var error);
        Console.Write(LayerDecoder.Describe(frame));
        var beaconBytes = new byte[Beacon.FixedLength];
        bool written = new Beacon { Kind = 3, Station = 7 }.TryWrite(beaconBytes, out int beaconLength);
        bool read = Beacon.TryRead(beaconBytes, out var beacon);
        Console.WriteLine($"extension members: {written} {beaconLength} {read} {beacon}");

        [Header("Beacon"), BindsTo(UdpHeader.PortTable, 7400)]
        public partial struct Beacon
        {
            [Bits(4), Constant(2)] public byte Version;
            [Bits(4)] public byte Kind;
            [Bits(12)] public ushort Station;
            [Bits(4)] public byte Reserved;
        }
        """;

    [Fact]
    public void A_consumer_of_the_package_declares_a_protocol_builds_runs_and_gets_diagnostics()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("headergen-package-");
        try
        {
            string version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed"));
            string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            Run(root, "dotnet", "pack", Path.Combine(root, "src", "HeaderGen", "HeaderGen.csproj"), "--no-build", "-c", configuration, "-o", feed.FullName, $"-p:Version={version}");

            var package = Path.Combine(feed.FullName, $"HeaderGen.{version}.nupkg");
            using (var zip = ZipFile.OpenRead(package))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("lib/net10.0/HeaderGen.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/HeaderGen.Generators.dll", entries);
                Assert.Contains("README.md", entries);
                Assert.Contains("build/HeaderGen.props", entries);
                Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.EndsWith("HeaderGen.Generators.dll", StringComparison.Ordinal));
                using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
                string metadata = nuspec.ReadToEnd();
                Assert.Contains("<license type=\"expression\">MIT</license>", metadata, StringComparison.Ordinal);
                Assert.Contains("<readme>README.md</readme>", metadata, StringComparison.Ordinal);
                Assert.Contains("<tags>", metadata, StringComparison.Ordinal);
                Assert.Contains("System.IO.Hashing", metadata, StringComparison.Ordinal);
                Assert.DoesNotContain("HeaderGen.Generators", metadata, StringComparison.Ordinal);
            }

            // The consumer: its own packages folder, so that an older build of the same version cannot be picked up.
            var consumer = Directory.CreateDirectory(Path.Combine(work.FullName, "consumer"));
            File.WriteAllText(Path.Combine(consumer.FullName, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config><add key="globalPackagesFolder" value="{Path.Combine(work.FullName, "packages")}" /></config>
                  <packageSources><add key="local" value="{feed.FullName}" /></packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer.FullName, "Consumer.csproj"), ConsumerProject.Replace("VERSION", version, StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(consumer.FullName, "Program.cs"), ConsumerProgram);
            string run = Run(consumer.FullName, "dotnet", "run", "--project", "Consumer.csproj");
            Assert.Contains("Ethernet Destination=02:00:00:00:00:02", run, StringComparison.Ordinal);
            Assert.Contains("UDP SourcePort=1000 DestinationPort=7400", run, StringComparison.Ordinal);
            Assert.Contains("Beacon Version=2 Kind=5 Station=291 Reserved=0", run, StringComparison.Ordinal);
            Assert.Contains("[checksum good]", run, StringComparison.Ordinal);
            Assert.Contains("extension members: True 3 True Beacon Version=2 Kind=3 Station=7 Reserved=0", run, StringComparison.Ordinal);

            // An invalid declaration fails the consumer's build with the HG diagnostic.
            File.WriteAllText(Path.Combine(consumer.FullName, "Broken.cs"), """
                [HeaderGen.Header] public partial struct Broken { [HeaderGen.Bits(9)] public byte Wide; [HeaderGen.Bits(7)] public byte Rest; }
                """);
            var (code, text) = Execute(consumer.FullName, "dotnet", "build", "Consumer.csproj");
            Assert.NotEqual(0, code);
            Assert.Contains("error HG0003", text, StringComparison.Ordinal);
            Assert.Contains("Broken.cs(1,", text, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private string Run(string directory, string file, params string[] arguments)
    {
        var (code, text) = Execute(directory, file, arguments);
        Assert.True(code == 0, $"{file} {string.Join(' ', arguments)} exited with {code}:\n{text}");
        return text;
    }

    private (int Code, string Text) Execute(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The test runs inside 'dotnet test': keep its MSBuild settings out of the consumer's build.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string text = process.StandardOutput.ReadToEnd() + error.Result;
        process.WaitForExit(300_000);
        output.WriteLine($"$ {file} {string.Join(' ', arguments)} -> {process.ExitCode}");
        return (process.ExitCode, text);
    }

    private static string RepositoryRoot([CallerFilePath] string here = "")
    {
        for (var directory = Path.GetDirectoryName(here); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "HeaderGen.sln")))
            {
                return directory;
            }
        }
        throw new InvalidOperationException("HeaderGen.sln not found above " + here);
    }
}
