using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace HeaderGen.Benchmarks;

/// <summary>
/// Runs one benchmark method in a plain loop for a given time, after its <c>[GlobalSetup]</c>: what a sampling profiler
/// (<c>perf record</c> with <c>DOTNET_PerfMapEnabled=3</c>) or <c>perf stat</c> needs, without BenchmarkDotNet's
/// processes and phases around it.
/// </summary>
internal static class ProfileLoop
{
    public static void Run(string name, int seconds, string[] parameters)
    {
        int dot = name.LastIndexOf('.');
        var type = typeof(ProfileLoop).Assembly.GetTypes().Single(t => t.Name == name[..dot]);
        var method = type.GetMethod(name[(dot + 1)..]) ?? throw new ArgumentException($"{type.Name} has no method {name[(dot + 1)..]}");
        object instance = Activator.CreateInstance(type)!;
        foreach (var parameter in parameters.Select(p => p.Split('=', 2)))
        {
            type.GetProperty(parameter[0])!.SetValue(instance, parameter[1]);
        }
        foreach (var setup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null))
        {
            setup.Invoke(instance, null);
        }
        var body = (Func<long>)(method.ReturnType == typeof(long) ? method.CreateDelegate<Func<long>>(instance)
            : method.ReturnType == typeof(int) ? Widen(method.CreateDelegate<Func<int>>(instance))
            : throw new ArgumentException("The method must return long or int."));
        long total = 0, calls = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 100_000; i++)
            {
                total += body();
            }
            calls += 100_000;
        }
        Console.WriteLine($"{name}: {calls:N0} calls, {clock.Elapsed.TotalNanoseconds / calls:F2} ns each (checksum {total})");
    }

    private static Func<long> Widen(Func<int> body) => () => body();
}
