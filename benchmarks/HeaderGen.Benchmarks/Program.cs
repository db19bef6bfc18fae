using System.Linq;
using BenchmarkDotNet.Running;
using HeaderGen.Benchmarks;

// dotnet run -c Release --project benchmarks/HeaderGen.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/HeaderGen.Benchmarks -- --interleaved-generators [runs] [None|Parse|Diagnose]
// dotnet run -c Release --project benchmarks/HeaderGen.Benchmarks -- --generator-steps [runs]
// dotnet run -c Release --project benchmarks/HeaderGen.Benchmarks -- --interleaved-compile [runs] [None|Parse|Diagnose]
// dotnet run -c Release --project benchmarks/HeaderGen.Benchmarks -- --profile Class.Method [seconds] [Param=Value]
if (args.Length > 0 && args[0] == "--interleaved-generators")
{
    GeneratorBenchmarks.RunInterleaved(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 250,
        args.Length > 2 ? System.Enum.Parse<Microsoft.CodeAnalysis.DocumentationMode>(args[2], ignoreCase: true) : Microsoft.CodeAnalysis.DocumentationMode.Parse);
    return;
}
if (args.Length > 0 && args[0] == "--generator-steps")
{
    GeneratorBenchmarks.RunSteps(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50);
    return;
}
if (args.Length > 0 && args[0] == "--interleaved-compile")
{
    GeneratorBenchmarks.RunCompileInterleaved(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 12,
        args.Length > 2 ? System.Enum.Parse<Microsoft.CodeAnalysis.DocumentationMode>(args[2], ignoreCase: true) : Microsoft.CodeAnalysis.DocumentationMode.Parse);
    return;
}
if (args.Length > 1 && args[0] == "--profile")
{
    // One benchmark method in a plain loop for a sampling profiler or perf stat, after its [GlobalSetup], e.g.
    // DOTNET_PerfMapEnabled=3 perf record -F 4999 dotnet bin/Release/net10.0/HeaderGen.Benchmarks.dll --profile LayerBenchmarks.BuildHeaderGen 8
    // (a [Params] property is set as Name=Value after the seconds).
    ProfileLoop.Run(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8, args.Skip(3).ToArray());
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
