using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using HeaderGen.Stack.Tap;

namespace HeaderGen.Stack.Tests.Tap;

/// <summary>
/// Network namespaces and TAP devices made for one test and removed after it, also on failure: the tests talk only
/// to these namespaces, never to any other address.
/// </summary>
internal sealed class Namespaces : IDisposable
{
    private readonly List<string> _namespaces = new();
    private readonly List<TapDevice> _taps = new();
    private readonly string _suffix = Random.Shared.Next(0x10000, 0xFFFFF).ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Why the kernel tests cannot run here, or null when they can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not Linux";
        }
        if (Environment.UserName != "root")
        {
            return "not running as root";
        }
        if (!File.Exists("/dev/net/tun"))
        {
            return "/dev/net/tun is missing";
        }
        foreach (var tool in new[] { "ip", "ping", "python3" })
        {
            if (!Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(p => File.Exists(Path.Combine(p, tool))))
            {
                return $"{tool} is not installed (iproute2, iputils-ping, python3)";
            }
        }
        return null;
    }

    /// <summary>Creates namespace <c>hg{name}{suffix}</c> with its loopback up.</summary>
    public string Add(string name)
    {
        string ns = $"hg{name}{_suffix}";
        Run("ip", "netns", "add", ns);
        _namespaces.Add(ns);
        Run("ip", "-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /// <summary>Creates a TAP device (writing from a thread of its own if <paramref name="backgroundWrites"/>), moves its kernel side into <paramref name="ns"/> with <paramref name="cidr"/>, and routes <paramref name="gateway"/> as default there if given.</summary>
    public TapDevice Tap(string ns, string name, string cidr, string? gateway = null, bool backgroundWrites = false)
    {
        string device = $"hgt{name}{_suffix}"[..Math.Min(15, 3 + name.Length + _suffix.Length)];
        var tap = TapDevice.Open(device, backgroundWrites);
        _taps.Add(tap);
        Run("ip", "link", "set", device, "netns", ns);
        Run("ip", "-n", ns, "addr", "add", cidr, "dev", device);
        Run("ip", "-n", ns, "link", "set", device, "up");
        if (gateway is not null)
        {
            Run("ip", "-n", ns, "route", "add", "default", "via", gateway);
        }
        return tap;
    }

    /// <summary>Starts <paramref name="arguments"/> inside <paramref name="ns"/>.</summary>
    public static Process Start(string ns, params string[] arguments)
    {
        var start = new ProcessStartInfo("ip", ["netns", "exec", ns, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(start)!;
    }

    public static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(arguments[0], arguments[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit(10_000);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', arguments)} failed ({process.ExitCode}): {text}");
        }
        return text;
    }

    public void Dispose()
    {
        foreach (var tap in _taps)
        {
            tap.Dispose();
        }
        foreach (var ns in _namespaces)
        {
            try
            {
                Run("ip", "netns", "del", ns);
            }
            catch (InvalidOperationException)
            {
                // Already gone; nothing to clean.
            }
        }
    }
}
