using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/HeaderGen.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
