using System;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace HeaderGen.Generators.Emitting;

/// <summary>
/// The text a <see cref="SourceWriter"/> writes, kept one byte a character from the start: strings are narrowed as
/// they are appended (by the runtime's Latin-1 encoder, vectorized where the host has it), so no UTF-16 copy of the
/// text is built and copied again. A character that does not fit in a byte (a user's doc text) moves the text to a
/// <see cref="StringBuilder"/> for good; the file is then a string, as <see cref="Latin1Text"/> says.
/// </summary>
internal sealed class TextBuffer
{
    // Latin-1 that throws instead of writing '?': a wide character is found by the encoder's own fast path.
    private static readonly Encoding Latin1 = Encoding.GetEncoding(28591, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    private byte[] _bytes;
    private int _length;
    private StringBuilder? _wide;

    public TextBuffer(int capacity) => _bytes = new byte[capacity];

    public int Capacity => _bytes.Length;

    /// <summary>The characters written so far.</summary>
    public int Length => _wide?.Length ?? _length;

    /// <summary>Whether the text at <paramref name="index"/> is <paramref name="value"/>.</summary>
    public bool Matches(int index, string value)
    {
        if (index < 0 || index + value.Length > Length)
        {
            return false;
        }
        for (int i = 0; i < value.Length; i++)
        {
            if ((_wide is not null ? _wide[index + i] : (char)_bytes[index + i]) != value[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Takes the text back to its first <paramref name="length"/> characters.</summary>
    public void Truncate(int length)
    {
        if (_wide is not null)
        {
            _wide.Length = length;
        }
        else
        {
            _length = length;
        }
    }

    public TextBuffer Append(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return this;
        }
        if (_wide is not null)
        {
            _wide.Append(value);
            return this;
        }
        Reserve(value!.Length);
        try
        {
            _length += Latin1.GetBytes(value, 0, value.Length, _bytes, _length);
        }
        catch (EncoderFallbackException)
        {
            Widen().Append(value);
        }
        return this;
    }

    public TextBuffer Append(char value)
    {
        if (_wide is not null || value > 0xFF)
        {
            (_wide ?? Widen()).Append(value);
            return this;
        }
        Reserve(1);
        _bytes[_length++] = (byte)value;
        return this;
    }

    public TextBuffer Append(char value, int count)
    {
        if (_wide is not null || value > 0xFF)
        {
            (_wide ?? Widen()).Append(value, count);
            return this;
        }
        Reserve(count);
        for (int i = 0; i < count; i++)
        {
            _bytes[_length + i] = (byte)value;
        }
        _length += count;
        return this;
    }

    public TextBuffer Append(int value) => (uint)value < 10 ? Append((char)('0' + value)) : Append(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The text as a source text (one byte a character unless it widened), and the buffer emptied for reuse.</summary>
    public SourceText ToSourceTextAndClear()
    {
        SourceText text;
        if (_wide is not null)
        {
            text = SourceText.From(_wide.ToString(), Encoding.UTF8);
            _wide = null;
        }
        else
        {
            var bytes = new byte[_length];
            Buffer.BlockCopy(_bytes, 0, bytes, 0, _length);
            text = new Latin1Text(bytes);
        }
        _length = 0;
        return text;
    }

    private void Reserve(int count)
    {
        if (_bytes.Length - _length < count)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + count));
        }
    }

    private StringBuilder Widen()
    {
        _wide = new StringBuilder(_length * 2);
        for (int i = 0; i < _length; i++)
        {
            _wide.Append((char)_bytes[i]);
        }
        return _wide;
    }
}
