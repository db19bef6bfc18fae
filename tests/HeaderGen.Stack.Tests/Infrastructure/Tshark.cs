using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace HeaderGen.Stack.Tests.Infrastructure;

/// <summary>
/// Wireshark's command-line dissector as the judge of frames the stack wrote to pcap files: an implementation that
/// shares no code with HeaderGen. Tests call <see cref="SkipUnlessAvailable"/> first, so that a machine without it
/// reports them as skipped, never as passed.
/// </summary>
internal static class Tshark
{
    // Checksum validation is off by default in Wireshark; the FCS is not in the pcaps (the writer strips it).
    private static readonly string[] Preferences = ["-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "eth.check_fcs:FALSE"];

    public static bool Available =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(p => File.Exists(Path.Combine(p, "tshark")));

    public static void SkipUnlessAvailable() =>
        Skip.IfNot(Available, "tshark is not installed (apt-get install tshark): the frames cannot be judged by Wireshark's dissectors here.");

    /// <summary>The full dissection (<c>-V</c>) of every frame.</summary>
    public static string Verbose(string file, params string[] extra) => Run([.. extra, "-r", file, "-V", .. Preferences]);

    /// <summary>One row per frame that <paramref name="filter"/> selects, holding the named fields (empty where absent).</summary>
    public static IReadOnlyList<string[]> Fields(string file, string filter, params string[] fields) => Fields([], file, filter, fields);

    /// <summary>As <see cref="Fields(string, string, string[])"/>, with more arguments first (<c>-X lua_script:plugin.lua</c>).</summary>
    public static IReadOnlyList<string[]> Fields(string[] extra, string file, string filter, params string[] fields)
    {
        var arguments = new List<string>(extra) { "-r", file, "-Y", filter, "-T", "fields", "-E", "separator=/t" };
        arguments.AddRange(Preferences);
        foreach (var field in fields)
        {
            arguments.Add("-e");
            arguments.Add(field);
        }
        return Run(arguments).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).ToList();
    }

    private static string Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("tshark", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string text = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "tshark did not finish in a minute");
        Assert.True(process.ExitCode == 0, $"tshark exited with {process.ExitCode}: {error.Result}");
        return text;
    }
}
