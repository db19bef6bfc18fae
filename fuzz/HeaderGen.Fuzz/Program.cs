using System;
using System.Globalization;
using System.IO;
using HeaderGen.Fuzz;

// afl <decoder|host>          run under AFL++ (see run-afl.sh: the assemblies must be instrumented with sharpfuzz)
// seeds <decoder|host> <dir>  write the seed inputs (Scapy's corpus frames) for AFL++ to start from
// run <decoder|host> <file>...  one input per file, uninstrumented: reproduces what AFL++ saved as a crash
// smoke <decoder|host> [count] [seed]
//                             seeded random and mutated inputs, no instrumentation: what CI runs
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: HeaderGen.Fuzz afl <decoder|host> | smoke <decoder|host> [count] [seed]");
    return 2;
}
string target = args[1];
if (target is not ("decoder" or "host"))
{
    Console.Error.WriteLine($"unknown target '{target}': decoder or host");
    return 2;
}
// The network is made on the first input: under AFL++ the instrumented code may run only after the fork server has started.
FuzzTargets.Network? network = null;
Action<byte[]> run = target == "decoder" ? bytes => FuzzTargets.Decoder(bytes) : bytes => FuzzTargets.HostReceive(bytes, network ??= new FuzzTargets.Network());

if (args[0] == "seeds" && args.Length > 2)
{
    Directory.CreateDirectory(args[2]);
    var seeds = Smoke.Seeds(target);
    for (int i = 0; i < seeds.Count; i++)
    {
        File.WriteAllBytes(Path.Combine(args[2], $"seed-{i:D3}.bin"), seeds[i]);
    }
    Console.WriteLine($"{seeds.Count} seeds in {args[2]}");
    return 0;
}

if (args[0] == "run" && args.Length > 2)
{
    int failed = 0;
    foreach (var file in args[2..])
    {
        try
        {
            run(File.ReadAllBytes(file));
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"{file}: {e}");
        }
    }
    Console.WriteLine($"{args.Length - 2} inputs, {failed} threw");
    return failed == 0 ? 0 : 1;
}

if (args[0] == "afl")
{
    SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        run(memory.ToArray());
    });
    return 0;
}

int count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
int seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
var result = Smoke.Run(run, count, seed, Smoke.Seeds(target));
Console.WriteLine(result);
if (network is not null)
{
    Console.WriteLine($"frames received: H {network.Host.Counters.FramesReceived}, R {network.Router.Counters.FramesReceived}, B {network.Far.Counters.FramesReceived}; " +
        $"delivered to UDP {network.Host.Counters.UdpDelivered + network.Far.Counters.UdpDelivered}, forwarded {network.Router.Interfaces[0].Forwarding.Outcomes + network.Router.Interfaces[1].Forwarding.Outcomes}");
}
return result.Failures == 0 ? 0 : 1;
