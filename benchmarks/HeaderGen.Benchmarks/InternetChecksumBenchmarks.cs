using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using HeaderGen.Checksums;

namespace HeaderGen.Benchmarks;

/// <summary>
/// The Internet checksum against a plain 16-bit-word loop (the baseline) and against a loop that only reads the
/// buffer once and adds it as 32-bit lanes into Vector256 accumulators: not a checksum, the memory-read limit.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 12)]
public class InternetChecksumBenchmarks
{
    private byte[] _data = [];

    [Params(64, 576, 1500, 9000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(42).NextBytes(_data);
    }

    [Benchmark(Baseline = true, Description = "Plain 16-bit word loop")]
    public ushort PlainWordLoop()
    {
        ReadOnlySpan<byte> data = _data;
        uint sum = 0;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }
        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
        }
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    [Benchmark(Description = "HeaderGen InternetChecksum")]
    public ushort HeaderGen() => InternetChecksum.Compute(_data);

    [Benchmark(Description = "Read-only Vector256 lane sum (memory limit)")]
    public uint ReadOnlyLaneSum()
    {
        ReadOnlySpan<uint> words = MemoryMarshal.Cast<byte, uint>(_data);
        var accumulator = Vector256<uint>.Zero;
        int i = 0;
        for (; i + Vector256<uint>.Count <= words.Length; i += Vector256<uint>.Count)
        {
            accumulator += Vector256.Create(words.Slice(i, Vector256<uint>.Count));
        }
        uint sum = Vector256.Sum(accumulator);
        for (; i < words.Length; i++)
        {
            sum += words[i];
        }
        return sum;
    }
}
