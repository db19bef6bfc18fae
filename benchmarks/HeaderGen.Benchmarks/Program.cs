using BenchmarkDotNet.Running;
using HeaderGen.Benchmarks;

// dotnet run -c Release --project benchmarks/HeaderGen.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/HeaderGen.Benchmarks -- --interleaved-generators [runs]
// dotnet run -c Release --project benchmarks/HeaderGen.Benchmarks -- --interleaved-compile [runs] [None|Parse|Diagnose]
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
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
