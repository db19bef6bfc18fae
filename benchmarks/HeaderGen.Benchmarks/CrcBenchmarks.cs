using System;
using System.IO.Hashing;
using BenchmarkDotNet.Attributes;
using HeaderGen.Checksums;
using HeaderGen.Protocols;

namespace HeaderGen.Benchmarks;

/// <summary>A made-up header with a CRC-16/IBM-3740 trailer, for the CRC-16 benchmark.</summary>
[Header("Bench CRC-16")]
public partial struct Crc16Trailer
{
    [Crc(CrcAlgorithm.Crc16CcittFalse, CrcCoverage.Preceding)] public ushort Crc;
}

/// <summary>The Ethernet FCS through the generated code against System.IO.Hashing called directly with the same parameters.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 12)]
public class Crc32Benchmarks
{
    private static readonly Crc32ParameterSet Direct = Crc32ParameterSet.Create(0x04C11DB7, 0xFFFFFFFF, 0xFFFFFFFF, true);
    private byte[] _data = [];

    // 60: a minimum Ethernet frame without its FCS, the length the NIC model computes an FCS over most often.
    [Params(60, 64, 576, 1500, 9000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(42).NextBytes(_data);
    }

    [Benchmark(Baseline = true, Description = "System.IO.Hashing Crc32 (direct)")]
    public uint SystemIoHashing() => Crc32.HashToUInt32(Direct, _data);

    [Benchmark(Description = "Generated EthernetTrailer FCS")]
    public uint Generated() => EthernetTrailer.ComputeFrameCheckSequence(_data);
}

/// <summary>CRC-16/IBM-3740 through the generated code against a byte-at-a-time table loop and System.IO.Hashing.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 12)]
public class Crc16Benchmarks
{
    private static readonly ushort[] Table = BuildTable();
    private static readonly Crc32ParameterSet Widened = Crc32ParameterSet.Create(0x1021u << 16, 0xFFFFu << 16, 0, false);
    private byte[] _data = [];

    [Params(64, 576, 1500, 9000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(42).NextBytes(_data);
    }

    [Benchmark(Baseline = true, Description = "Byte-at-a-time table loop")]
    public ushort TableLoop()
    {
        ushort crc = 0xFFFF;
        foreach (byte b in _data)
        {
            crc = (ushort)((crc << 8) ^ Table[(crc >> 8) ^ b]);
        }
        return crc;
    }

    [Benchmark(Description = "System.IO.Hashing, widened to 32 bits (direct)")]
    public ushort SystemIoHashing() => (ushort)(Crc32.HashToUInt32(Widened, _data) >> 16);

    [Benchmark(Description = "Generated CRC-16 trailer")]
    public ushort Generated() => Crc16Trailer.ComputeCrc(_data);

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            table[i] = (ushort)crc;
        }
        return table;
    }
}
