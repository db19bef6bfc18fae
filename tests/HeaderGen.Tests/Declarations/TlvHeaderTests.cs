using System;
using CsCheck;
using HeaderGen.Tests.Infrastructure;
using Xunit;

namespace HeaderGen.Tests.Declarations;

public class TlvHeaderTests
{
    [Fact]
    public void The_generated_constructor_sets_the_constant_and_the_fixed_length()
    {
        var header = new TlvHeader();
        Assert.Equal(0xA5, header.Magic);
        Assert.Equal(TlvHeader.FixedLength, header.Length);
        Assert.Equal(8, TlvHeader.FixedLength);
        Assert.Equal(ushort.MaxValue, TlvHeader.MaxLength);
        Assert.True(new Outer.NestedHeader().Always);
    }

    [Fact]
    public void Options_round_trip_and_are_exposed_as_a_span()
    {
        Gen.Select(Gen.Byte.Array[0, 40], Gen.UInt, Gen.Byte[0, 127], Gen.Bool).ForAll((options, cookie, kind, urgent) =>
        {
            var header = new TlvHeader { Cookie = cookie, Kind = kind, Urgent = urgent, Length = (ushort)(TlvHeader.FixedLength + options.Length) };
            var buffer = new byte[header.Length + 3];
            Assert.True(header.TryWrite(buffer, options, out int written, out var error), error.ToString());
            Assert.Equal(header.Length, written);

            Assert.True(TlvHeader.ReadOnlyView.TryCreate(buffer, out var view, out error), error.ToString());
            Assert.Equal(options, view.Options.ToArray());
            Assert.Equal(3, view.Payload.Length);
            Assert.True(TlvHeader.TryRead(buffer, out var read));
            Assert.Equal(header.ToString(), read.ToString());
        }, iter: 500);
    }

    [Fact]
    public void Options_whose_length_disagrees_with_the_length_field_are_refused()
    {
        var header = new TlvHeader { Length = 12 };
        Assert.False(header.TryWrite(new byte[32], new byte[3], out _, out var error));
        Assert.Equal(new HeaderError(HeaderErrorReason.OptionsLengthMismatch, "TLV", "Length", 8, 4, 3), error);
        Assert.False(header.TryWrite(new byte[32], out _, out error));
        Assert.Equal(HeaderErrorReason.OptionsLengthMismatch, error.Reason);
    }

    [Fact]
    public void A_default_header_fails_to_write_because_its_constant_is_unset()
    {
        Assert.False(default(TlvHeader).TryWrite(new byte[8], out _, out var error));
        Assert.Equal(new HeaderError(HeaderErrorReason.BadConstant, "TLV", "Magic", 0, 0xA5, 0), error);
    }

    [Fact]
    public void Reading_checks_the_constant_and_both_ends_of_the_length()
    {
        byte[] good = [0xA5, 0x83, 0x00, 0x0A, 1, 2, 3, 4, 9, 9];
        Assert.True(TlvHeader.TryValidate(good, out int length, out _));
        Assert.Equal(10, length);

        Assert.False(TlvHeader.TryRead([0xA4, 0x83, 0x00, 0x08, 1, 2, 3, 4], out _, out var error));
        Assert.Equal(new HeaderError(HeaderErrorReason.BadConstant, "TLV", "Magic", 0, 0xA5, 0xA4), error);

        Assert.False(TlvHeader.TryRead([0xA5, 0x83, 0x00, 0x07, 1, 2, 3, 4], out _, out error));
        Assert.Equal(new HeaderError(HeaderErrorReason.LengthFieldTooSmall, "TLV", "Length", 2, 8, 7), error);

        Assert.False(TlvHeader.TryRead(good.AsSpan(0, 9), out _, out error));
        Assert.Equal(new HeaderError(HeaderErrorReason.LengthBeyondBuffer, "TLV", "Length", 9, 10, 9), error);
        Assert.Equal("TLV.Length: LengthBeyondBuffer at offset 9: 10 bytes required, 9 present", error.ToString());
    }

    [Fact]
    public void Every_prefix_of_a_header_fails_cleanly_and_never_throws()
    {
        Gen.Byte.Array[0, 40].ForAll(bytes =>
        {
            bool ok = TlvHeader.TryRead(bytes, out _, out var error);
            Assert.Equal(ok, error.IsNone);
            if (!ok)
            {
                Assert.InRange(error.Offset, 0, bytes.Length);
            }
        }, iter: 5000);
    }
}
