using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Workflows.Definitions;

namespace AutomationServer.Workflows.Expressions;

public static partial class ValueConverter
{
    private const int MaxDepth = 64;

    /// <summary>Serializes the plain model; non-ASCII stays readable because the text goes into messages, not HTML.</summary>
    private static readonly JsonSerializerOptions JsonWriteOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions JsonReadOptions = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>
    /// Text of a value: numbers and dates in the invariant culture (dates ISO-8601, durations <c>d.hh:mm:ss</c>),
    /// booleans as <c>true</c>/<c>false</c>, dictionaries and lists as JSON.
    /// </summary>
    public static string ToText(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", Invariant),
        float f => f.ToString("R", Invariant),
        DateTimeOffset dto => dto.ToString("O", Invariant),
        DateTime dt => dt.ToString("O", Invariant),
        DateOnly date => date.ToString("yyyy-MM-dd", Invariant),
        TimeOnly time => time.ToString(time.Millisecond == 0 && time.Microsecond == 0 ? "HH:mm:ss" : "HH:mm:ss.FFFFFFF", Invariant),
        TimeSpan span => span.ToString("c", Invariant),
        Enum e => e.ToString(),
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        JsonElement element => element.GetRawText(),
        JsonValue node when node.GetValueKind() == JsonValueKind.String => node.GetValue<string>(),
        JsonNode node => node.ToJsonString(JsonWriteOptions),
        IDictionary or IEnumerable => JsonSerializer.Serialize(ToPlain(value), JsonWriteOptions),
        IFormattable formattable => formattable.ToString(null, Invariant),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>
    /// The plain-model form of any CLR value: integers become <see cref="long"/>, other numbers <see cref="double"/>,
    /// dictionaries and sequences become new <see cref="Dictionary{TKey, TValue}"/> / <see cref="List{T}"/> instances,
    /// dates ISO-8601 text, durations <c>d.hh:mm:ss</c> text, enums and GUIDs text, other objects their JSON shape.
    /// </summary>
    public static object? ToPlain(object? value) => ToPlain(value, 0);

    /// <summary>Parses JSON text into the plain model. Throws <see cref="ExpressionException"/> with line and column when it is not JSON.</summary>
    public static object? ParseJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return InputJson.ToClr(JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }));
        }
        catch (JsonException e)
        {
            throw new ExpressionException($"Invalid JSON at {JsonPosition(e)}: {JsonReason(e)}", e);
        }
    }

    /// <summary>Null when <paramref name="json"/> parses, otherwise "line L, column C: reason".</summary>
    internal static string? CheckJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return null;
        }
        catch (JsonException e)
        {
            return $"{JsonPosition(e)}: {JsonReason(e)}";
        }
    }

    private static string JsonPosition(JsonException e) =>
        $"line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}";

    /// <summary>System.Text.Json appends its own "LineNumber: … | BytePositionInLine: …" suffix; the position is reported separately.</summary>
    private static string JsonReason(JsonException e)
    {
        var message = e.Message;
        var suffix = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return suffix > 0 ? message[..suffix].TrimEnd() : message;
    }

    private static object? ToPlain(object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ExpressionException("The value is nested too deeply or contains a cycle.");
        }

        switch (value)
        {
            case null or string or bool or long or double:
                return value;
            case int or short or byte or sbyte or ushort or uint:
                return System.Convert.ToInt64(value, Invariant);
            case ulong u:
                return u <= long.MaxValue ? (long)u : (double)u;
            case float f:
                return (double)f;
            case decimal m:
                return decimal.Truncate(m) == m && m >= long.MinValue && m <= long.MaxValue ? (long)m : (double)m;
            case char c:
                return c.ToString();
            case DateTimeOffset or DateTime or DateOnly or TimeOnly or TimeSpan or Guid or Enum or Uri:
                return ToText(value);
            case JsonElement element:
                return InputJson.ToClr(element);
            case JsonNode node:
                return InputJson.ToClr(node);
            case IDictionary<string, object?> map:
                var copy = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
                foreach (var (key, item) in map)
                {
                    copy[key] = ToPlain(item, depth + 1);
                }

                return copy;
            case IReadOnlyDictionary<string, object?> readOnlyMap:
                var readOnlyCopy = new Dictionary<string, object?>(readOnlyMap.Count, StringComparer.Ordinal);
                foreach (var (key, item) in readOnlyMap)
                {
                    readOnlyCopy[key] = ToPlain(item, depth + 1);
                }

                return readOnlyCopy;
            case IDictionary untyped:
                var converted = new Dictionary<string, object?>(untyped.Count, StringComparer.Ordinal);
                foreach (DictionaryEntry entry in untyped)
                {
                    converted[ToText(entry.Key)] = ToPlain(entry.Value, depth + 1);
                }

                return converted;
            case IEnumerable sequence:
                var list = new List<object?>();
                foreach (var item in sequence)
                {
                    list.Add(ToPlain(item, depth + 1));
                }

                return list;
            default:
                return InputJson.ToClr(JsonSerializer.SerializeToElement(value, value.GetType(), JsonReadOptions));
        }
    }

    private static bool IsJsonLike(string text)
    {
        var trimmed = text.AsSpan().Trim();
        return trimmed.Length >= 2
            && ((trimmed[0] == '{' && trimmed[^1] == '}') || (trimmed[0] == '[' && trimmed[^1] == ']'));
    }

    private static string Trimmed(object value) => ToText(value).Trim();

    private static bool TryParseDouble(string text, out double number) =>
        double.TryParse(text, NumberStyles.Float, Invariant, out number);
}
