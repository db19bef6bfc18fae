using System;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace HeaderGen.Generators.Emitting;

/// <summary>
/// Generated text kept as one byte a character when every character fits in one (the generator writes ASCII C#; only
/// a user's own doc text can hold more, and then the text stays a string). The driver, the compilation and an IDE keep
/// every generated file for as long as the compilation lives, and over 300 headers what a full run kept was the whole
/// difference between its cost and System.Text.Json's (measured: 19.0 ms with the text dropped, 26.5 with half of it
/// kept, 28 with all of it as strings); one byte a character keeps half.
/// </summary>
internal sealed class Latin1Text : SourceText
{
    // The encoding AddSource(string) gives a generated file, so that checksums (and PDBs) are what they were.
    private static readonly Encoding Utf8 = Encoding.UTF8;
    private readonly byte[] _bytes;

    /// <summary>Text of <paramref name="bytes"/>, one character a byte (<see cref="TextBuffer"/> makes them).</summary>
    internal Latin1Text(byte[] bytes) => _bytes = bytes;

    public override Encoding Encoding => Utf8;

    public override int Length => _bytes.Length;

    public override char this[int position] => (char)_bytes[position];

    public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
    {
        if ((uint)sourceIndex > (uint)_bytes.Length || (uint)count > (uint)(_bytes.Length - sourceIndex))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
        for (int i = 0; i < count; i++)
        {
            destination[destinationIndex + i] = (char)_bytes[sourceIndex + i];
        }
    }
}
