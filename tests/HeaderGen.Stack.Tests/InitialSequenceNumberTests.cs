using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using HeaderGen.Stack.Tcp;
using Xunit;

namespace HeaderGen.Stack.Tests;

/// <summary>RFC 6528's initial sequence numbers (ISN = M + F(4-tuple, secret)) and RFC 9293's sequence-number window.</summary>
public class InitialSequenceNumberTests
{
    private static readonly Ipv4Address Local = new(0x0A000001), Remote = new(0x0A000002);

    /// <summary>RFC 6528 section 3 with F = the first 32 bits of HMAC-SHA-256 (by .NET's own implementation) over the tuple.</summary>
    private static uint Rfc6528(byte[] secret, Ipv4Address local, ushort localPort, Ipv4Address remote, ushort remotePort, long nanoseconds)
    {
        var tuple = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(tuple, local.Value);
        BinaryPrimitives.WriteUInt16BigEndian(tuple.AsSpan(4), localPort);
        BinaryPrimitives.WriteUInt32BigEndian(tuple.AsSpan(6), remote.Value);
        BinaryPrimitives.WriteUInt16BigEndian(tuple.AsSpan(10), remotePort);
        uint f = BinaryPrimitives.ReadUInt32BigEndian(HMACSHA256.HashData(secret, tuple));
        return unchecked((uint)(nanoseconds / 4_000) + f);   // M: a clock that ticks every 4 microseconds
    }

    [Fact]
    public void The_isn_is_a_4_microsecond_clock_plus_a_keyed_hash_of_the_four_tuple()
    {
        // The secret is the first 32 bytes the host's seeded generator draws.
        var secret = new byte[32];
        new Random(6528).NextBytes(secret);
        var isns = new InitialSequenceNumbers(new Random(6528));
        Assert.Equal(Rfc6528(secret, Local, 40000, Remote, 80, 0), isns.Next(Local, 40000, Remote, 80, 0));
        Assert.Equal(Rfc6528(secret, Local, 40000, Remote, 80, 123_456_789_000), isns.Next(Local, 40000, Remote, 80, 123_456_789_000));
        // Each element of the tuple moves F; the clock moves M by one per 4 microseconds and by nothing in between.
        uint isn = isns.Next(Local, 40000, Remote, 80, 1_000_000);
        Assert.NotEqual(isn, isns.Next(new Ipv4Address(0x0A000003), 40000, Remote, 80, 1_000_000));
        Assert.NotEqual(isn, isns.Next(Local, 40001, Remote, 80, 1_000_000));
        Assert.NotEqual(isn, isns.Next(Local, 40000, new Ipv4Address(0x0A000004), 80, 1_000_000));
        Assert.NotEqual(isn, isns.Next(Local, 40000, Remote, 81, 1_000_000));
        Assert.Equal(isn, isns.Next(Local, 40000, Remote, 80, 1_003_999));
        Assert.Equal(isn + 1, isns.Next(Local, 40000, Remote, 80, 1_004_000));
        Assert.Equal(isn + 250, isns.Next(Local, 40000, Remote, 80, 2_000_000));
    }

    [Fact]
    public void The_secret_is_drawn_once_and_only_when_the_first_isn_is()
    {
        // A host that never speaks TCP leaves the simulation's random numbers as they were; one that does draws 32 bytes
        // once, so two generators from one seed give one sequence of ISNs.
        var random = new Random(9293);
        var isns = new InitialSequenceNumbers(random);
        var untouched = new Random(9293);
        Assert.Equal(untouched.Next(), random.Next());
        var twin = new Random(9293);
        twin.Next();
        var twinIsns = new InitialSequenceNumbers(twin);
        uint first = isns.Next(Local, 1, Remote, 2, 0);
        Assert.Equal(twinIsns.Next(Local, 1, Remote, 2, 0), first);
        // Drawn once: the same tuple at the same time gives the same ISN again.
        Assert.Equal(first, isns.Next(Local, 1, Remote, 2, 0));
        // From the generator's state: a generator one draw behind gives another secret.
        Assert.NotEqual(first, new InitialSequenceNumbers(new Random(9293)).Next(Local, 1, Remote, 2, 0));
    }

    [Theory]
    [InlineData(100u, 100u, 10u, true)]
    [InlineData(109u, 100u, 10u, true)]
    [InlineData(110u, 100u, 10u, false)]   // the window's end is outside it
    [InlineData(99u, 100u, 10u, false)]
    [InlineData(0x0000_0005u, 0xFFFF_FFF0u, 0x20u, true)]   // across the wrap of 2^32
    [InlineData(0x0000_0010u, 0xFFFF_FFF0u, 0x20u, false)]
    [InlineData(100u, 100u, 0u, false)]    // an empty window holds nothing
    public void A_sequence_number_is_in_a_window_from_its_start_up_to_but_not_at_its_end(uint x, uint start, uint length, bool inside) =>
        Assert.Equal(inside, SequenceNumber.InWindow(x, start, length));
}
