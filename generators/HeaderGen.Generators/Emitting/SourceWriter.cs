using System;
using System.Text;

namespace HeaderGen.Generators.Emitting;

/// <summary>
/// The one way the emitter writes code: lines with an indentation that blocks open and close, which must be back
/// at zero when the text is taken.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
        }
        _text.Append('\n');
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
        return _text.ToString();
    }
}
