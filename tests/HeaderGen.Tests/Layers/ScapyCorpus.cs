using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace HeaderGen.Tests.Layers;

/// <summary>
/// The frames of <c>Fixtures/scapy-corpus.jsonl</c>, built and described by Scapy 2.5.0 (made once by
/// <c>Fixtures/make-scapy-corpus.py</c>): Ethernet with IPv4 (with and without options) over UDP, TCP with options,
/// ICMP echo and errors, ARP, 802.1Q-tagged frames and padded short frames.
/// </summary>
internal static class ScapyCorpus
{
    /// <summary>A layer as Scapy describes it; <paramref name="DecodedOptions"/> is Scapy's own reading of TCP options.</summary>
    public sealed record ExpectedLayer(string Kind, Dictionary<string, JsonElement> Fields, string? Options, JsonElement? DecodedOptions)
    {
        /// <summary>Scapy computes another checksum than the layer holds: its verdict is bad.</summary>
        public bool BadChecksum { get; init; }

        /// <summary>The TLV elements of an options region (Geneve's): class, type, reserved, length, data in hex.</summary>
        public JsonElement? Elements { get; init; }

        /// <summary>An element's length runs past the region, ending the list there.</summary>
        public bool ElementsMalformed { get; init; }
    }

    public sealed record Frame(string Name, byte[] Bytes, IReadOnlyList<ExpectedLayer> Layers, byte[] Payload)
    {
        public override string ToString() => Name;
    }

    private static readonly Lazy<IReadOnlyList<Frame>> All = new(Load);

    public static IReadOnlyList<Frame> Frames => All.Value;

    public static IEnumerable<object[]> Names() => Frames.Select(f => new object[] { f.Name });

    public static Frame Get(string name) => Frames.Single(f => f.Name == name);

    private static IReadOnlyList<Frame> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "scapy-corpus.jsonl");
        var frames = new List<Frame>();
        foreach (var line in File.ReadLines(path))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var layers = root.GetProperty("layers").EnumerateArray().Select(layer => new ExpectedLayer(
                layer.GetProperty("layer").GetString()!,
                layer.GetProperty("fields").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
                layer.TryGetProperty("options", out var options) ? options.GetString() : null,
                layer.TryGetProperty("decoded_options", out var decoded) ? decoded.Clone() : null)
            {
                BadChecksum = layer.TryGetProperty("checksum", out var verdict) && verdict.GetString() == "bad",
                Elements = layer.TryGetProperty("elements", out var elements) ? elements.Clone() : null,
                ElementsMalformed = layer.TryGetProperty("elements_malformed", out var malformed) && malformed.GetBoolean(),
            }).ToList();
            frames.Add(new Frame(root.GetProperty("name").GetString()!, Convert.FromHexString(root.GetProperty("hex").GetString()!), layers,
                Convert.FromHexString(root.GetProperty("payload").GetString()!)));
        }
        return frames;
    }
}
