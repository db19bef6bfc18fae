using System;
using System.Buffers.Binary;

namespace HeaderGen.Options;

/// <summary>TCP option kinds (IANA "TCP Option Kind Numbers").</summary>
public enum TcpOptionKind : byte
{
    /// <summary>End of Option List (RFC 9293).</summary>
    EndOfOptionList = 0,

    /// <summary>No-Operation (RFC 9293).</summary>
    NoOperation = 1,

    /// <summary>Maximum Segment Size, 4 bytes (RFC 9293).</summary>
    MaximumSegmentSize = 2,

    /// <summary>Window Scale, 3 bytes (RFC 7323).</summary>
    WindowScale = 3,

    /// <summary>SACK Permitted, 2 bytes (RFC 2018).</summary>
    SackPermitted = 4,

    /// <summary>SACK, 2 + 8n bytes (RFC 2018).</summary>
    Sack = 5,

    /// <summary>Timestamps, 10 bytes (RFC 7323).</summary>
    Timestamps = 8,
}

/// <summary>Typed readings of the common TCP options; each returns false for an option of another kind or a wrong length.</summary>
public static class TcpOptions
{
    /// <summary>Reads a Maximum Segment Size option.</summary>
    public static bool TryGetMaximumSegmentSize(in IpOption option, out ushort mss)
    {
        bool ok = option.Kind == (byte)TcpOptionKind.MaximumSegmentSize && option.Bytes.Length == 4;
        mss = ok ? BinaryPrimitives.ReadUInt16BigEndian(option.Data) : (ushort)0;
        return ok;
    }

    /// <summary>Reads a Window Scale option's shift count.</summary>
    public static bool TryGetWindowScale(in IpOption option, out byte shift)
    {
        bool ok = option.Kind == (byte)TcpOptionKind.WindowScale && option.Bytes.Length == 3;
        shift = ok ? option.Data[0] : (byte)0;
        return ok;
    }

    /// <summary>Whether the option is SACK Permitted.</summary>
    public static bool IsSackPermitted(in IpOption option) => option.Kind == (byte)TcpOptionKind.SackPermitted && option.Bytes.Length == 2;

    /// <summary>Reads a Timestamps option.</summary>
    public static bool TryGetTimestamps(in IpOption option, out uint value, out uint echoReply)
    {
        bool ok = option.Kind == (byte)TcpOptionKind.Timestamps && option.Bytes.Length == 10;
        value = ok ? BinaryPrimitives.ReadUInt32BigEndian(option.Data) : 0;
        echoReply = ok ? BinaryPrimitives.ReadUInt32BigEndian(option.Data.Slice(4)) : 0;
        return ok;
    }

    /// <summary>The number of blocks of a SACK option (0 when it is not a well-formed SACK option).</summary>
    public static int SackBlockCount(in IpOption option) =>
        option.Kind == (byte)TcpOptionKind.Sack && option.Bytes.Length >= 10 && (option.Bytes.Length - 2) % 8 == 0 ? (option.Bytes.Length - 2) / 8 : 0;

    /// <summary>Reads SACK block <paramref name="index"/>: the left and right edges of a received range.</summary>
    public static bool TryGetSackBlock(in IpOption option, int index, out uint left, out uint right)
    {
        bool ok = index >= 0 && index < SackBlockCount(option);
        left = ok ? BinaryPrimitives.ReadUInt32BigEndian(option.Data.Slice(index * 8)) : 0;
        right = ok ? BinaryPrimitives.ReadUInt32BigEndian(option.Data.Slice(index * 8 + 4)) : 0;
        return ok;
    }
}
