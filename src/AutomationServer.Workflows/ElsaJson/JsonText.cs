using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using AutomationServer.Workflows.Validation;

namespace AutomationServer.Workflows.ElsaJson;

/// <summary>
/// Parses UTF-8 JSON into a <see cref="JsonNode"/> tree, turning every way it can be malformed into one
/// <see cref="ValidationProblem"/> with a 1-based line and character column.
/// </summary>
internal static class JsonText
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = ElsaFormat.MaxDepth,
        // Duplicates would otherwise surface later as exceptions from the lazily built JsonObject.
        AllowDuplicateProperties = false,
    };

    public static JsonNode? Parse(ReadOnlySpan<byte> utf8, out ValidationProblem? problem)
    {
        problem = null;
        if (utf8.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        if (utf8.Length > ElsaFormat.MaxDocumentBytes)
        {
            problem = new ValidationProblem(ValidationCodes.MalformedJson, $"The document is larger than {ElsaFormat.MaxDocumentBytes / (1024 * 1024)} MB.");
            return null;
        }

        if (!Utf8.IsValid(utf8))
        {
            var offset = FirstInvalidUtf8(utf8);
            var (line, column) = PositionOfOffset(utf8, offset);
            problem = Malformed($"The text is not valid UTF-8 at line {line}, column {column}.", line, column);
            return null;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, nodeOptions: null, DocumentOptions);
        }
        catch (JsonException exception)
        {
            problem = Describe(utf8, exception);
            return null;
        }
        catch (InvalidOperationException)
        {
            // An undecodable property name; located below.
            node = null;
        }

        // Escapes such as "\ud800" pass the parser but throw whenever the string is read later.
        if (FindUndecodableString(utf8) is { } badString)
        {
            var (line, column) = PositionOfOffset(utf8, badString);
            problem = Malformed($"The text has a string with an invalid \\u escape (an unpaired surrogate) at line {line}, column {column}.", line, column);
            return null;
        }

        return node;
    }

    private static long? FindUndecodableString(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = ElsaFormat.MaxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    try
                    {
                        reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        return reader.TokenStartIndex;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Syntax errors were reported by the parser.
        }

        return null;
    }

    private static ValidationProblem Describe(ReadOnlySpan<byte> utf8, JsonException exception)
    {
        if (exception.LineNumber is long lineIndex)
        {
            var (line, column) = PositionInLine(utf8, lineIndex, exception.BytePositionInLine ?? 0);
            return Malformed($"The text is not valid JSON at line {line}, column {column}: {Reason(exception.Message)}", line, column);
        }

        if (FindDuplicateProperty(utf8) is ({ } name, var offset))
        {
            var (line, column) = PositionOfOffset(utf8, offset);
            return Malformed($"The property '{name}' appears twice in the same object at line {line}, column {column}.", line, column);
        }

        return new ValidationProblem(ValidationCodes.MalformedJson, $"The text is not valid JSON: {Reason(exception.Message)}");
    }

    private static ValidationProblem Malformed(string message, int line, int column) =>
        new(ValidationCodes.MalformedJson, message) { Line = line, Column = column };

    /// <summary>The parser's own message without its byte-based position suffix (we give a character position instead).</summary>
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = (cut >= 0 ? message[..cut] : message).Trim();
        return reason.EndsWith('.') ? reason : reason + ".";
    }

    private static (string? Name, long Offset) FindDuplicateProperty(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = ElsaFormat.MaxDepth });
        var scopes = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        scopes.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        scopes.Push(null);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        scopes.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (scopes.Peek() is { } names && !names.Add(name))
                        {
                            return (name, reader.TokenStartIndex);
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Any other defect was already reported by the parser with its position.
        }
        catch (InvalidOperationException)
        {
        }

        return (null, 0);
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    /// <summary>1-based line and character column of a byte offset.</summary>
    private static (int Line, int Column) PositionOfOffset(ReadOnlySpan<byte> utf8, long offset)
    {
        var end = (int)Math.Min(offset, utf8.Length);
        var before = utf8[..end];
        var line = before.Count((byte)'\n');
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (line + 1, CountCharacters(utf8[lineStart..end]) + 1);
    }

    /// <summary>1-based line and character column from the parser's 0-based line and byte position in that line.</summary>
    private static (int Line, int Column) PositionInLine(ReadOnlySpan<byte> utf8, long lineIndex, long bytePositionInLine)
    {
        var lineStart = 0;
        for (var i = 0L; i < lineIndex; i++)
        {
            var next = utf8[lineStart..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            lineStart += next + 1;
        }

        var end = (int)Math.Min(lineStart + bytePositionInLine, utf8.Length);
        return ((int)Math.Min(lineIndex + 1, int.MaxValue), CountCharacters(utf8[lineStart..end]) + 1);
    }

    /// <summary>Characters in valid UTF-8: every byte that is not a continuation byte starts one.</summary>
    private static int CountCharacters(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        foreach (var b in utf8)
        {
            if ((b & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }
}
