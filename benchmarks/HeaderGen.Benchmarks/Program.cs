using BenchmarkDotNet.Running;
using HeaderGen.Benchmarks;

// dotnet run -c Release --project benchmarks/HeaderGen.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/HeaderGen.Benchmarks -- --interleaved-generators [runs]
// dotnet run -c Release --project benchmarks/HeaderGen.Benchmarks -- --interleaved-compile [runs] [None|Parse|Diagnose]
// dotnet run -c Release --project benchmarks/HeaderGen.Benchmarks -- --profile-build [seconds]
if (args.Length > 0 && args[0] == "--interleaved-generators")
{
    GeneratorBenchmarks.RunInterleaved(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 250);
    return;
}
if (args.Length > 0 && args[0] == "--interleaved-compile")
{
    GeneratorBenchmarks.RunCompileInterleaved(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 12,
        args.Length > 2 ? System.Enum.Parse<Microsoft.CodeAnalysis.DocumentationMode>(args[2], ignoreCase: true) : Microsoft.CodeAnalysis.DocumentationMode.Parse);
    return;
}
if (args.Length > 0 && args[0] == "--profile-build")
{
    // The frame build in a plain loop for a sampling profiler, e.g.
    // DOTNET_PerfMapEnabled=3 perf record -F 4999 dotnet bin/Release/net10.0/HeaderGen.Benchmarks.dll --profile-build 8
    var benchmarks = new LayerBenchmarks();
    long bytes = 0;
    var clock = System.Diagnostics.Stopwatch.StartNew();
    int seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        for (int i = 0; i < 100_000; i++)
        {
            bytes += benchmarks.BuildHeaderGen();
        }
    }
    System.Console.WriteLine($"{bytes:N0} bytes built");
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
