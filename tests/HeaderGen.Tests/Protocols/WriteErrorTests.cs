using System;
using HeaderGen.Protocols;
using Xunit;

namespace HeaderGen.Tests.Protocols;

/// <summary>
/// <c>TryWrite</c> with a value wider than its field: false, the first field at fault named with where it lies, its
/// largest value and the value given, nothing written, nothing allocated.
/// </summary>
public class WriteErrorTests
{
    [Fact]
    public void Ipv4_try_write_names_the_field_writes_nothing_and_allocates_nothing()
    {
        var buffer = new byte[Ipv4Header.FixedLength];
        var header = new Ipv4Header { Dscp = 64, TimeToLive = 64 };
        Assert.False(header.TryWrite(buffer, out int written, out var error));
        Assert.Equal(0, written);
        Assert.Equal(new HeaderError(HeaderErrorReason.ValueOutOfRange, "IPv4", "Dscp", 1, 63, 64), error);
        Assert.All(buffer, b => Assert.Equal(0, b));

        // Two at fault: the first in the header is named.
        header.FragmentOffset = 0x2000;
        header.Version = 16;
        Assert.False(header.TryWrite(buffer, out _, out error));
        Assert.Equal(("Version", 0, 15L, 16L), (error.Field, error.Offset, error.Required, error.Available));
        header.Version = 4;
        header.Dscp = 63;
        Assert.False(header.TryWrite(buffer, out _, out error));
        Assert.Equal(("FragmentOffset", 6, 0x1FFFL, 0x2000L), (error.Field, error.Offset, error.Required, error.Available));

        int failures = Fail(header, buffer, 100); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        failures += Fail(header, buffer, 1000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1100, failures);
    }

    private static int Fail(Ipv4Header header, byte[] buffer, int times)
    {
        int failures = 0;
        for (int i = 0; i < times; i++)
        {
            failures += header.TryWrite(buffer, out _, out var error) ? 0 : error.Offset == 6 ? 1 : 0;
        }
        return failures;
    }
}
