using System;

namespace HeaderGen.Options;

/// <summary>
/// The elements of an options region declared as headers of their own (type-length-value options such as Geneve's,
/// RFC 8926 3.5), enumerated without allocating: each element is checked by <typeparamref name="T"/>'s own
/// <c>TryValidate</c>, whose length field says where the next starts. An element that does not parse (its length
/// below its fixed part, or past the region) ends the walk with <see cref="Error"/>; nothing is read outside the region.
/// </summary>
/// <typeparam name="T">The element's header type.</typeparam>
public ref struct OptionList<T> where T : struct, IHeader<T>
{
    private readonly ReadOnlySpan<byte> _region;
    private int _next;

    /// <summary>Creates a list over an options region (a view's <c>Options</c>).</summary>
    /// <param name="region">The options region.</param>
    public OptionList(ReadOnlySpan<byte> region)
    {
        _region = region;
        _next = 0;
        Current = default;
        Offset = 0;
        Error = default;
    }

    /// <summary>The element <see cref="MoveNext"/> reached: its header and data, valid for <typeparamref name="T"/>'s views.</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>Where <see cref="Current"/> starts in the region.</summary>
    public int Offset { get; private set; }

    /// <summary>Why the walk stopped before the end of the region, if it did; its offset is within the region.</summary>
    public HeaderError Error { get; private set; }

    /// <summary>Lets <c>foreach</c> walk the elements.</summary>
    public readonly OptionList<T> GetEnumerator() => this;

    /// <summary>Moves to the next element; false at the end of the region or at an element that does not parse.</summary>
    public bool MoveNext()
    {
        if (_next >= _region.Length)
        {
            return false;
        }
        var rest = _region.Slice(_next);
        if (!T.TryValidate(rest, out int length, out var error))
        {
            Error = error with { Offset = error.Offset + _next };
            _next = _region.Length;
            return false;
        }
        Current = rest.Slice(0, length);
        Offset = _next;
        _next += length;
        return true;
    }

    /// <summary>
    /// Appends a line per element (its byte range in the frame, its fields) and, when an element does not parse, a line
    /// that says why: what the layer decoder's <c>Describe</c> shows under the header. Allocates (it is for people).
    /// </summary>
    /// <param name="text">Where the lines go.</param>
    /// <param name="regionOffset">Where the region starts in the frame, for the ranges shown.</param>
    public readonly void Describe(System.Text.StringBuilder text, int regionOffset)
    {
        var walk = new OptionList<T>(_region);
        while (walk.MoveNext())
        {
            T.TryRead(walk.Current, out var element, out _);
            int start = regionOffset + walk.Offset;
            text.Append(System.FormattableString.Invariant($"[{start,4}..{start + walk.Current.Length,4})   option {element}\n"));
        }
        if (!walk.Error.IsNone)
        {
            text.Append(System.FormattableString.Invariant($"[{regionOffset + walk.Error.Offset,4}..    )   options malformed: {walk.Error}\n"));
        }
    }

    /// <summary>Counts the elements and checks that they fill the region exactly, walking a copy of this list.</summary>
    /// <param name="count">The elements that parsed.</param>
    /// <param name="error">Why the region is not a whole list of elements.</param>
    public readonly bool TryValidate(out int count, out HeaderError error)
    {
        var walk = new OptionList<T>(_region);
        count = 0;
        while (walk.MoveNext())
        {
            count++;
        }
        error = walk.Error;
        return error.IsNone;
    }
}

/// <summary>
/// Writes elements declared as headers one after another into an options region, for a header's <c>TryWrite</c> or
/// the frame builder's <c>Push</c>. A failure is kept (the first one) and later appends do nothing, so a sequence of
/// appends is checked once at the end.
/// </summary>
public ref struct OptionWriter
{
    private readonly Span<byte> _destination;
    private int _written;

    /// <summary>Creates a writer over <paramref name="destination"/>.</summary>
    /// <param name="destination">Where the elements go.</param>
    public OptionWriter(Span<byte> destination)
    {
        _destination = destination;
        _written = 0;
        Error = default;
    }

    /// <summary>The first failure, with its offset in the region; none while every append has succeeded.</summary>
    public HeaderError Error { get; private set; }

    /// <summary>The elements written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _destination.Slice(0, _written);

    /// <summary>Appends an element without data.</summary>
    /// <param name="element">The element.</param>
    public bool TryAppend<T>(in T element) where T : struct, IHeader<T>
    {
        if (!Error.IsNone)
        {
            return false;
        }
        if (!element.TryWrite(_destination.Slice(_written), out int written, out var error))
        {
            Error = error with { Offset = error.Offset + _written };
            return false;
        }
        _written += written;
        return true;
    }

    /// <summary>Appends an element and its data; the element's length field must count the data.</summary>
    /// <param name="element">The element.</param>
    /// <param name="data">Its data, after its fixed part.</param>
    public bool TryAppend<T>(in T element, ReadOnlySpan<byte> data) where T : struct, IVariableHeader<T>
    {
        if (!Error.IsNone)
        {
            return false;
        }
        if (!element.TryWrite(_destination.Slice(_written), data, out int written, out var error))
        {
            Error = error with { Offset = error.Offset + _written };
            return false;
        }
        _written += written;
        return true;
    }
}
