// A HeaderGen host on a real Linux interface: a TAP device whose kernel side lives in network namespace "hgdemo"
// (10.77.9.1/24); the HeaderGen host is 10.77.9.2 and answers ping and echoes UDP on port 7. Run as root:
//   dotnet run --project examples/TapHost [seconds]
// then, in another terminal: ip netns exec hgdemo ping 10.77.9.2, or watch with
// ip netns exec hgdemo tcpdump -ni hgtap0 (or Wireshark on it). The namespace is removed when the program ends.
using System;
using System.Diagnostics;
using HeaderGen;
using HeaderGen.Stack.Devices;
using HeaderGen.Stack.Hosts;
using HeaderGen.Stack.Simulation;
using HeaderGen.Stack.Tap;
using HeaderGen.Stack.Tracing;

int seconds = args.Length > 0 && int.TryParse(args[0], out int s) ? s : 60;
const string Namespace = "hgdemo", Device = "hgtap0";

Shell("ip", "netns", "add", Namespace);
try
{
    using var tap = TapDevice.Open(Device);
    Shell("ip", "link", "set", Device, "netns", Namespace);
    Shell("ip", "-n", Namespace, "addr", "add", "10.77.9.1/24", "dev", Device);
    Shell("ip", "-n", Namespace, "link", "set", Device, "up");

    var scheduler = new Scheduler();
    var trace = new TraceLog { Echo = Console.Out };
    var nic = new Nic("tap0", MacAddress.Parse("02:48:47:00:09:02"), scheduler, trace, new NicOptions { FcsOnWire = false, DeferredWorkDelay = 0 });
    var host = new Host("hg", scheduler, trace);
    host.AddInterface(nic, Ipv4Address.Parse("10.77.9.2"), 24);
    var echo = host.OpenUdp(7);
    var runner = new RealTimeRunner(scheduler);
    runner.Attach(tap, nic);

    Console.WriteLine($"HeaderGen host 10.77.9.2 ({nic.Address}) is up on {Device} for {seconds} s. In another terminal:");
    Console.WriteLine($"  ip netns exec {Namespace} ping 10.77.9.2");
    Console.WriteLine($"  ip netns exec {Namespace} tcpdump -ni {Device}");
    Console.WriteLine();
    var buffer = new byte[2048];
    runner.RunUntil(() =>
    {
        while (echo.TryReceive(buffer, out int length, out var from, out ushort port))
        {
            echo.SendTo(from, port, buffer.AsSpan(0, length));
        }
        return false;
    }, TimeSpan.FromSeconds(seconds));
    Console.WriteLine($"Done: {nic.Counters}; echo requests answered {host.Counters.EchoRequestsAnswered}.");
}
catch (UnauthorizedAccessException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
finally
{
    Shell("ip", "netns", "del", Namespace);
}
return 0;

static void Shell(params string[] arguments)
{
    using var process = Process.Start(new ProcessStartInfo(arguments[0], arguments[1..]) { RedirectStandardError = true })!;
    process.WaitForExit();
}
