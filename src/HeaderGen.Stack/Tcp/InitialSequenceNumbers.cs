using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using HeaderGen.Protocols;

namespace HeaderGen.Stack.Tcp;

/// <summary>
/// Initial sequence numbers as RFC 6528 asks: ISN = M + F(local address, local port, remote address, remote port,
/// secret), M a clock ticking every 4 microseconds, F a keyed pseudorandom function (HMAC-SHA-256 here, its first 32
/// bits). An off-path attacker cannot guess another connection's ISN; one connection's successive incarnations move
/// forward with the clock.
/// </summary>
internal sealed class InitialSequenceNumbers
{
    private readonly Random _random;
    private byte[]? _secret;

    /// <summary>The secret is drawn from <paramref name="random"/> (the simulation's seeded generator, so that runs repeat) when the first ISN is: a host that never speaks TCP leaves the simulation's random numbers as they were.</summary>
    public InitialSequenceNumbers(Random random) => _random = random;

    public uint Next(Ipv4Address local, ushort localPort, Ipv4Address remote, ushort remotePort, long nanoseconds)
    {
        Span<byte> tuple = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(tuple, local.Value);
        BinaryPrimitives.WriteUInt16BigEndian(tuple[4..], localPort);
        BinaryPrimitives.WriteUInt32BigEndian(tuple[6..], remote.Value);
        BinaryPrimitives.WriteUInt16BigEndian(tuple[10..], remotePort);
        Span<byte> hash = stackalloc byte[32];
        if (_secret is null)
        {
            _secret = new byte[32];
            _random.NextBytes(_secret);
        }
        HMACSHA256.HashData(_secret, tuple, hash);
        return unchecked((uint)(nanoseconds / 4_000) + BinaryPrimitives.ReadUInt32BigEndian(hash));
    }
}
