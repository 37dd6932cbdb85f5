using System.Text;

namespace AutomationServer.Messaging.Rendering.Text;

/// <summary>
/// Collects text the way a browser lays it out: runs of whitespace become one space, block boundaries become at
/// most one blank line, and nothing is written at the start or end of the text or of a line.
/// </summary>
internal sealed class PlainTextBuilder
{
    private readonly StringBuilder _text = new();
    private int _pendingBreaks;
    private bool _pendingSpace;

    /// <summary>Inside <c>pre</c>: whitespace is kept as written.</summary>
    public int Preformatted { get; set; }

    /// <summary>Asks for <paramref name="breaks"/> line breaks (2 = a blank line) before the next text.</summary>
    public void Block(int breaks)
    {
        if (breaks > 0 && _text.Length > 0)
        {
            _pendingBreaks = Math.Max(_pendingBreaks, breaks);
        }
    }

    public void LineBreak()
    {
        if (_pendingBreaks > 0)
        {
            _pendingBreaks++;
            return;
        }

        TrimTrailingSpaces();
        _text.Append('\n');
        _pendingSpace = false;
    }

    /// <summary>Keeps neighbouring table cells apart.</summary>
    public void Separate() => _pendingSpace = true;

    public void WriteRaw(string text)
    {
        Flush();
        _text.Append(text);
    }

    public void Write(string text, bool preformatted)
    {
        if (preformatted)
        {
            if (text.Length > 0)
            {
                Flush();
                _text.Append(text.Replace("\r\n", "\n", StringComparison.Ordinal));
            }

            return;
        }

        foreach (var character in text)
        {
            if (char.IsWhiteSpace(character) && character != '\u00a0')
            {
                _pendingSpace = true;
                continue;
            }

            Flush();
            _text.Append(character == '\u00a0' ? ' ' : character);
        }
    }

    public override string ToString()
    {
        TrimTrailingSpaces();
        while (_text.Length > 0 && _text[^1] == '\n')
        {
            _text.Length--;
        }

        return _text.ToString();
    }

    private void Flush()
    {
        if (_pendingBreaks > 0)
        {
            TrimTrailingSpaces();
            var existing = 0;
            for (var i = _text.Length - 1; i >= 0 && _text[i] == '\n'; i--)
            {
                existing++;
            }

            // Breaks already written (a <br> before a block) count towards the ones asked for.
            _text.Append('\n', Math.Max(0, Math.Min(_pendingBreaks, 2) - existing));
            _pendingBreaks = 0;
            _pendingSpace = false;
            return;
        }

        if (_pendingSpace)
        {
            if (_text.Length > 0 && _text[^1] != '\n' && _text[^1] != ' ')
            {
                _text.Append(' ');
            }

            _pendingSpace = false;
        }
    }

    private void TrimTrailingSpaces()
    {
        while (_text.Length > 0 && _text[^1] == ' ')
        {
            _text.Length--;
        }
    }
}
