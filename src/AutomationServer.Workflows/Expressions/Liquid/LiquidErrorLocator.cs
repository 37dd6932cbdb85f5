using System.Text.RegularExpressions;

namespace AutomationServer.Workflows.Expressions.Liquid;

/// <summary>
/// Finds where a Liquid syntax error is. DotLiquid reports what is wrong but not where, so the template is
/// parsed again in prefixes ending after each tag or output token: the shortest prefix that fails with something
/// other than an unclosed block ends at the faulty token. An unclosed block is reported at its opening tag.
/// Parse errors persist in every longer prefix, so a binary search keeps this to a few parses.
/// </summary>
internal static partial class LiquidErrorLocator
{
    private const string NotClosedSuffix = "tag was never closed";

    /// <summary>"line L, column C: message" for the error <paramref name="message"/> that parsing <paramref name="source"/> gave.</summary>
    public static string Locate(string source, string message, Func<string, string?> parseError)
    {
        var offset = FindOffset(source, message, parseError);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return $"line {line}, column {offset - lineStart + 1}: {message}";
    }

    private static int FindOffset(string source, string message, Func<string, string?> parseError)
    {
        var tokens = Token().Matches(source);
        var low = 0;
        var high = tokens.Count - 1;
        var faulty = -1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var end = tokens[middle].Index + tokens[middle].Length;
            var error = parseError(source[..end]);
            if (error is not null && !IsNotClosed(error))
            {
                faulty = middle;
                high = middle - 1;
            }
            else
            {
                low = middle + 1;
            }
        }

        if (faulty >= 0)
        {
            return tokens[faulty].Index;
        }

        if (IsNotClosed(message))
        {
            return UnclosedBlockStart(tokens, message[..^NotClosedSuffix.Length].Trim());
        }

        // Nothing complete is at fault, so the error is an output or tag left open after the last complete token.
        var afterLast = tokens.Count > 0 ? tokens[^1].Index + tokens[^1].Length : 0;
        var open = Opening().Match(source, afterLast);
        return open.Success ? open.Index : afterLast;
    }

    private static bool IsNotClosed(string error) => error.EndsWith(NotClosedSuffix, StringComparison.Ordinal);

    private static int UnclosedBlockStart(MatchCollection tokens, string tagName)
    {
        var open = new Stack<int>();
        foreach (Match token in tokens)
        {
            var name = TagName().Match(token.Value);
            if (!name.Success)
            {
                continue;
            }

            if (name.Groups[1].Value == tagName)
            {
                open.Push(token.Index);
            }
            else if (name.Groups[1].Value == "end" + tagName && open.Count > 0)
            {
                open.Pop();
            }
        }

        return open.Count > 0 ? open.Peek() : 0;
    }

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline)]
    private static partial Regex Token();

    [GeneratedRegex(@"^\{%-?\s*(\w+)")]
    private static partial Regex TagName();

    [GeneratedRegex(@"\{\{|\{%")]
    private static partial Regex Opening();
}
