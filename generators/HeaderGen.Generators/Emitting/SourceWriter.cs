using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace HeaderGen.Generators.Emitting;

/// <summary>
/// The one way the emitter writes code: lines with an indentation that blocks open and close, which must be back
/// at zero when the text is taken. An interpolated line (<c>w.Line($"...{x}...")</c>) is written straight into the
/// text by <see cref="LineText"/>, with no string made for it (measured: the lines' strings were as many bytes as the
/// text itself, and a third of what a 300-header run allocated); numbers are written in the invariant culture.
/// </summary>
internal sealed class SourceWriter
{
    // One builder per thread, kept between headers: a header's text grows its chunks once, not once per header
    // (measured: the chunks' allocations and the collections they caused were a third of a full run over 300 headers).
    private const int Kept = 64 * 1024;
    [ThreadStatic] private static TextBuffer? s_spare;
    private readonly TextBuffer _text;
    private readonly bool _documented;
    private int _indent;
    private bool _fileScoped;
    private int _lineStart;

    /// <param name="documented">Whether doc comment lines are kept (<see cref="Model.LanguageFeatures.Documented"/>).</param>
    public SourceWriter(bool documented)
    {
        _text = s_spare ?? new TextBuffer(Kept);
        s_spare = null;
        _documented = documented;
    }

    /// <summary>An interpolated line, written in place.</summary>
    public void Line([InterpolatedStringHandlerArgument("")] ref LineText line) => EndLine();

    /// <summary>Starts a line: its indentation, for a handler to write the rest after.</summary>
    internal TextBuffer StartLine()
    {
        _lineStart = _text.Length;
        return _text.Append(' ', _indent * 4);
    }

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            StartLine().Append(line);
        }
        else
        {
            _lineStart = _text.Length;
        }
        EndLine();
    }

    /// <summary>Ends the line <see cref="StartLine"/> began; takes it back instead when it is a doc comment nobody reads.</summary>
    private void EndLine()
    {
        if (!_documented && _text.Matches(_lineStart + _indent * 4, "///"))
        {
            _text.Truncate(_lineStart);
            return;
        }
        _text.Append('\n');
    }

    /// <summary>
    /// Opens <paramref name="name"/>: file-scoped (no indentation, nothing to close) or as a block. Close it with
    /// <see cref="CloseNamespace"/> either way.
    /// </summary>
    public void OpenNamespace(string name, bool fileScoped)
    {
        _fileScoped = fileScoped;
        if (fileScoped)
        {
            Line($"namespace {name};");
            Line();
        }
        else
        {
            OpenBlock($"namespace {name}");
        }
    }

    public void CloseNamespace()
    {
        if (!_fileScoped)
        {
            CloseBlock();
        }
    }

    /// <summary>An interpolated block header, written in place.</summary>
    public void OpenBlock([InterpolatedStringHandlerArgument("")] ref LineText header)
    {
        EndLine();
        Line("{");
        _indent++;
    }

    public void OpenBlock(string header)
    {
        Line(header);
        Line("{");
        _indent++;
    }

    public void CloseBlock(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    /// <summary>Writes a <c>/// &lt;summary&gt;</c> doc comment.</summary>
    public void Summary(string text)
    {
        StartLine().Append("/// <summary>").Append(text).Append("</summary>");
        EndLine();
    }

    /// <summary>Writes an interpolated <c>/// &lt;summary&gt;</c> doc comment in place.</summary>
    public void Summary([InterpolatedStringHandlerArgument("")] ref SummaryText text)
    {
        _text.Append("</summary>");
        EndLine();
    }

    /// <summary>The text, kept one byte a character when it can be (<see cref="Latin1Text"/>); the writer is done with.</summary>
    public Microsoft.CodeAnalysis.Text.SourceText ToSourceText()
    {
        if (_indent != 0)
        {
            throw new InvalidOperationException($"Unbalanced blocks: indentation is {_indent} at the end.");
        }
        var text = _text.ToSourceTextAndClear();
        if (_text.Capacity <= Kept)
        {
            s_spare = _text;
        }
        return text;
    }
}

/// <summary>Writes an interpolated line's parts into the <see cref="SourceWriter"/>'s text after its indentation.</summary>
[InterpolatedStringHandler]
internal readonly ref struct LineText
{
    private readonly TextBuffer _text;

    public LineText(int literalLength, int formattedCount, SourceWriter writer) => _text = writer.StartLine();

    /// <summary>For <see cref="SummaryText"/>: the line started, and its opening tag written.</summary>
    internal LineText(TextBuffer text) => _text = text;

    public void AppendLiteral(string value) => _text.Append(value);

    public void AppendFormatted(string? value) => _text.Append(value);

    public void AppendFormatted(int value) => _text.Append(value);

    public void AppendFormatted<T>(T value) =>
        _text.Append(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());
}

/// <summary>Writes an interpolated summary's text into the <see cref="SourceWriter"/>'s text inside its tags.</summary>
[InterpolatedStringHandler]
internal readonly ref struct SummaryText
{
    private readonly LineText _line;

    public SummaryText(int literalLength, int formattedCount, SourceWriter writer) => _line = new LineText(writer.StartLine().Append("/// <summary>"));

    public void AppendLiteral(string value) => _line.AppendLiteral(value);

    public void AppendFormatted(string? value) => _line.AppendFormatted(value);

    public void AppendFormatted(int value) => _line.AppendFormatted(value);

    public void AppendFormatted<T>(T value) => _line.AppendFormatted(value);
}
