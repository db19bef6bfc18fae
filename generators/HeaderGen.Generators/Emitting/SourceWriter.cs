using System;
using System.Text;

namespace HeaderGen.Generators.Emitting;

/// <summary>
/// The one way the emitter writes code: lines with an indentation that blocks open and close, which must be back
/// at zero when the text is taken.
/// </summary>
internal sealed class SourceWriter
{
    // One builder per thread, kept between headers: a header's text grows its chunks once, not once per header
    // (measured: the chunks' allocations and the collections they caused were a third of a full run over 300 headers).
    private const int Kept = 64 * 1024;
    [ThreadStatic] private static StringBuilder? s_spare;
    private readonly StringBuilder _text;
    private int _indent;
    private bool _fileScoped;

    public SourceWriter()
    {
        _text = s_spare ?? new StringBuilder(Kept);
        s_spare = null;
    }

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
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
    public void Summary(string text) => Line($"/// <summary>{text}</summary>");

    public override string ToString()
    {
        if (_indent != 0)
        {
            throw new InvalidOperationException($"Unbalanced blocks: indentation is {_indent} at the end.");
        }
        string text = _text.ToString();
        if (_text.Capacity <= Kept)
        {
            _text.Clear();
            s_spare = _text;
        }
        return text;
    }
}
