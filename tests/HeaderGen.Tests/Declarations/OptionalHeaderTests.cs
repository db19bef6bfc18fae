using System;
using HeaderGen.Tests.Declarations;
using Xunit;

namespace HeaderGen.Tests.Declarations;

/// <summary>
/// Optional fields (<c>[PresentWhen]</c>): offsets that follow the flags, lengths, presence set from values, and the
/// failures, against bytes written out by hand from the declaration.
/// </summary>
public class OptionalHeaderTests
{
    // Flags 0b11 (tag and pair), Mode 2 (addressed), Wide 1: tag 0xBEEF, address 192.0.2.1, token 0x00..0F, pair 7, 2.
    private static readonly byte[] Full = Convert.FromHexString("C00201" + "BEEF" + "C0000201" + "000102030405060708090A0B0C0D0E0F" + "0702");

    [Fact]
    public void Every_optional_field_present_reads_at_the_offsets_the_flags_give()
    {
        Assert.True(OptionalHeader.ReadOnlyView.TryCreate(Full, out var view, out var error), error.ToString());
        Assert.Equal(OptionalHeader.MaxLength, view.HeaderLength);
        Assert.Equal(27, OptionalHeader.MaxLength);
        Assert.Equal((ushort)0xBEEF, view.Tag);
        Assert.Equal(Ipv4Address.Parse("192.0.2.1"), view.Address);
        Assert.Equal(new UInt128(0x0001020304050607, 0x08090A0B0C0D0E0F), view.Token);
        Assert.Equal((byte)7, view.First);
        Assert.Equal(OptionalMode.Addressed, view.Second);
        Assert.True(view.Payload.IsEmpty);
    }

    [Fact]
    public void Absent_fields_read_as_null_and_move_the_ones_after_them()
    {
        // Only the pair: flags 0b01, mode plain, wide 0.
        var bytes = Convert.FromHexString("400000" + "0900" + "AA");
        Assert.True(OptionalHeader.ReadOnlyView.TryCreate(bytes, out var view));
        Assert.Null(view.Tag);
        Assert.Null(view.Address);
        Assert.Null(view.Token);
        Assert.Equal((byte)9, view.First);
        Assert.Equal(OptionalMode.Plain, view.Second);
        Assert.Equal(5, view.HeaderLength);
        Assert.Equal("AA", Convert.ToHexString(view.Payload));
        Assert.Equal("Optional HasTag=0 HasPair=1 Reserved=0 Mode=Plain (0) Wide=0 First=9 Second=Plain (0)", view.ToString());
    }

    [Fact]
    public void Writing_sets_the_flags_from_the_values_and_round_trips()
    {
        var value = new OptionalHeader { Mode = OptionalMode.Addressed, Wide = 1, Tag = 0xBEEF, Address = Ipv4Address.Parse("192.0.2.1"),
            Token = new UInt128(0x0001020304050607, 0x08090A0B0C0D0E0F), First = 7, Second = OptionalMode.Addressed };
        var buffer = new byte[40];
        Assert.True(value.TryWrite(buffer, out int written, out var error), error.ToString());
        Assert.Equal(Convert.ToHexString(Full), Convert.ToHexString(buffer.AsSpan(0, written)));
        Assert.True(OptionalHeader.TryRead(buffer.AsSpan(0, written), out var back));
        Assert.Equal(value with { HasTag = true, HasPair = true }, back);

        // Only one field of the pair: the flag is set and the other is written as zero.
        var half = new OptionalHeader { Second = OptionalMode.Addressed };
        Assert.True(half.TryWrite(buffer, out written));
        Assert.Equal("4000000002", Convert.ToHexString(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void A_condition_the_value_cannot_set_must_agree_with_the_values()
    {
        var buffer = new byte[40];
        // Mode says addressed, no address given; and an address given with mode plain.
        Assert.False(new OptionalHeader { Mode = OptionalMode.Addressed }.TryWrite(buffer, out _, out var error));
        Assert.Equal((HeaderErrorReason.PresenceMismatch, "Address", 1, 1L, 0L), (error.Reason, error.Field, error.Offset, error.Required, error.Available));
        Assert.False(new OptionalHeader { Address = Ipv4Address.Parse("192.0.2.1") }.TryWrite(buffer, out _, out error));
        Assert.Equal((HeaderErrorReason.PresenceMismatch, 0L, 1L), (error.Reason, error.Required, error.Available));
        Assert.Equal("Optional.Address: PresenceMismatch at offset 1: its condition says absent, the value has one", error.ToString());
        Assert.False(new OptionalHeader { Wide = 3 }.TryWrite(buffer, out _, out error));
        Assert.Equal(("Token", 2), (error.Field, error.Offset));
    }

    [Fact]
    public void A_buffer_that_ends_inside_the_present_fields_is_truncated_at_every_length()
    {
        for (int length = 0; length < Full.Length; length++)
        {
            Assert.False(OptionalHeader.TryValidate(Full.AsSpan(0, length), out _, out var error));
            Assert.Equal(HeaderErrorReason.Truncated, error.Reason);
            Assert.Equal(length, error.Available);
            Assert.Equal(length < OptionalHeader.FixedLength ? OptionalHeader.FixedLength : Full.Length, error.Required);
            Assert.False(OptionalHeader.ReadOnlyView.TryCreate(Full.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void The_writable_view_sets_present_fields_in_place_and_refuses_absent_ones()
    {
        var bytes = Convert.FromHexString("400000" + "0900");
        var view = OptionalHeader.View.CreateUnchecked(bytes);
        view.First = 0x42;
        Assert.Equal("4000004200", Convert.ToHexString(bytes));
        var absent = Assert.Throws<InvalidOperationException>(() => OptionalHeader.View.CreateUnchecked(bytes).Tag = 1);
        Assert.Contains("Optional.Tag is not present", absent.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => OptionalHeader.View.CreateUnchecked(bytes).First = null);
    }

    [Fact]
    public void Random_values_round_trip_and_random_bytes_never_read_outside_the_header()
    {
        var random = new Random(20261204);
        var buffer = new byte[64];
        for (int i = 0; i < 20_000; i++)
        {
            var value = new OptionalHeader
            {
                Reserved = (byte)random.Next(64),
                Mode = random.Next(2) == 0 ? OptionalMode.Plain : OptionalMode.Addressed,
                Wide = (byte)random.Next(3),
                Tag = random.Next(2) == 0 ? null : (ushort)random.Next(65536),
                First = random.Next(3) == 0 ? (byte)random.Next(256) : null,
                Second = random.Next(3) == 0 ? (OptionalMode)random.Next(256) : null,
            };
            value.Address = value.Mode == OptionalMode.Addressed ? new Ipv4Address((uint)random.Next()) : null;
            value.Token = value.Wide != 0 ? new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()) : null;
            Assert.True(value.TryWrite(buffer, out int written, out var error), error.ToString());
            Assert.Equal(value.HeaderLength, written);
            Assert.True(OptionalHeader.TryRead(buffer.AsSpan(0, written), out var back));
            Assert.Equal(value with { HasTag = value.Tag.HasValue, HasPair = value.First.HasValue || value.Second.HasValue,
                First = value.First ?? (value.Second.HasValue ? (byte)0 : null), Second = value.Second ?? (value.First.HasValue ? OptionalMode.Plain : null) }, back);

            random.NextBytes(buffer);
            int length = random.Next(buffer.Length);
            if (OptionalHeader.ReadOnlyView.TryCreate(buffer.AsSpan(0, length), out var view))
            {
                Assert.InRange(view.HeaderLength, OptionalHeader.FixedLength, length);
                _ = view.ToValue();
            }
        }
    }
}
