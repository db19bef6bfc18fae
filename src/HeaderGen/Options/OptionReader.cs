using System;

namespace HeaderGen.Options;

/// <summary>
/// Enumerates an IPv4 or TCP options region without allocating. End of Option List stops the walk (the rest is
/// padding); an option whose length byte is missing, below 2, or runs past the region ends the walk with
/// <see cref="Error"/> instead of looping or reading out of bounds.
/// </summary>
public ref struct OptionReader
{
    /// <summary>End of Option List (RFC 791; RFC 9293).</summary>
    public const byte EndOfOptionList = 0;

    /// <summary>No-Operation, used as padding between options.</summary>
    public const byte NoOperation = 1;

    private readonly ReadOnlySpan<byte> _options;
    private readonly string _protocol;
    private int _offset;

    /// <summary>Creates a reader over an options region (a view's <c>Options</c>).</summary>
    /// <param name="options">The options region.</param>
    /// <param name="protocol">The protocol name errors report (e.g. <c>"TCP options"</c>).</param>
    public OptionReader(ReadOnlySpan<byte> options, string protocol)
    {
        _options = options;
        _protocol = protocol;
        _offset = 0;
        Current = default;
        Error = default;
    }

    /// <summary>The option <see cref="MoveNext"/> reached.</summary>
    public IpOption Current { get; private set; }

    /// <summary>Why the walk stopped early, if it did; offsets are within the options region.</summary>
    public HeaderError Error { get; private set; }

    /// <summary>Lets <c>foreach</c> walk the options.</summary>
    public readonly OptionReader GetEnumerator() => this;

    /// <summary>Reads the next option; false at the end of the region, at End of Option List, or on a malformed option.</summary>
    public bool MoveNext()
    {
        if (_offset >= _options.Length || !Error.IsNone)
        {
            return false;
        }
        byte kind = _options[_offset];
        if (kind == EndOfOptionList)
        {
            Current = new IpOption(kind, _offset, _options.Slice(_offset, 1));
            _offset = _options.Length;
            return false;
        }
        if (kind == NoOperation)
        {
            Current = new IpOption(kind, _offset, _options.Slice(_offset, 1));
            _offset++;
            return true;
        }
        if (_offset + 1 >= _options.Length)
        {
            Error = new HeaderError(HeaderErrorReason.Truncated, _protocol, "Length", _offset + 1, 2, _options.Length - _offset);
            return false;
        }
        int length = _options[_offset + 1];
        if (length < 2)
        {
            Error = new HeaderError(HeaderErrorReason.LengthFieldTooSmall, _protocol, "Length", _offset + 1, 2, length);
            return false;
        }
        if (length > _options.Length - _offset)
        {
            Error = new HeaderError(HeaderErrorReason.LengthBeyondBuffer, _protocol, "Length", _offset + 1, length, _options.Length - _offset);
            return false;
        }
        Current = new IpOption(kind, _offset, _options.Slice(_offset, length));
        _offset += length;
        return true;
    }
}
