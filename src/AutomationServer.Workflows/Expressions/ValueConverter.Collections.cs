using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AutomationServer.Workflows.Expressions;

public static partial class ValueConverter
{
    private static readonly char[] ListSeparators = [',', '\n', '\r'];

    private static bool IsSequenceType(Type type) => type.IsArray || SequenceElementType(type) is not null;

    private static Type? SequenceElementType(Type type)
    {
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(ICollection<>)
            || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static Type? DictionaryValueType(Type type)
    {
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        return arguments[0] == typeof(string)
            && (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
            ? arguments[1]
            : null;
    }

    private static object ConvertStructured(object value, Type type)
    {
        if (type.IsArray)
        {
            var elementType = type.GetElementType()!;
            var items = ToItems(value);
            var array = Array.CreateInstance(elementType, items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                array.SetValue(ConvertItem(items, i, elementType), i);
            }

            return array;
        }

        if (SequenceElementType(type) is { } itemType)
        {
            var items = ToItems(value);
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType), items.Count)!;
            for (var i = 0; i < items.Count; i++)
            {
                list.Add(ConvertItem(items, i, itemType));
            }

            return list;
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return ToDictionary(value, valueType);
        }

        if (type == typeof(JsonElement))
        {
            return JsonSerializer.SerializeToElement(JsonShape(value), JsonWriteOptions);
        }

        if (typeof(JsonNode).IsAssignableFrom(type))
        {
            var node = JsonSerializer.SerializeToNode(JsonShape(value), JsonWriteOptions);
            return type.IsInstanceOfType(node) ? node! : throw Impossible();
        }

        var json = value is string text
            ? IsJsonLike(text) ? text : throw Impossible("expected a JSON object")
            : JsonSerializer.Serialize(ToPlain(value), JsonWriteOptions);
        return JsonSerializer.Deserialize(json, type, JsonReadOptions) ?? throw Impossible();
    }

    private static object? ConvertItem(List<object?> items, int index, Type itemType)
    {
        try
        {
            return Convert(items[index], itemType);
        }
        catch (ExpressionException e)
        {
            throw Impossible($"item {index + 1}: {e.Message}", e);
        }
    }

    /// <summary>The elements of a list-like value: a sequence, a JSON array, text separated by commas or new lines, or one scalar.</summary>
    private static List<object?> ToItems(object value)
    {
        switch (value)
        {
            case string text when IsJsonLike(text) && text.TrimStart().StartsWith('['):
                return ParseJson(text) as List<object?> ?? throw Impossible();
            case string text:
                return [.. text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            case JsonElement or JsonNode:
                return ToPlain(value) is List<object?> fromJson ? fromJson : [ToPlain(value)];
            case IDictionary or IReadOnlyDictionary<string, object?>:
                return [value];
            case IEnumerable sequence:
                var items = new List<object?>();
                foreach (var item in sequence)
                {
                    items.Add(item);
                }

                return items;
            default:
                return [value];
        }
    }

    private static object ToDictionary(object value, Type valueType)
    {
        var source = value switch
        {
            string text when IsJsonLike(text) => ParseJson(text),
            string => throw Impossible("expected a JSON object"),
            _ => ToPlain(value),
        };
        if (source is not Dictionary<string, object?> entries)
        {
            throw Impossible("expected an object with named properties");
        }

        var result = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType), StringComparer.Ordinal)!;
        foreach (var (key, item) in entries)
        {
            try
            {
                result[key] = Convert(item, valueType);
            }
            catch (ExpressionException e)
            {
                throw Impossible($"property '{key}': {e.Message}", e);
            }
        }

        return result;
    }

    /// <summary>What a value looks like as JSON: JSON text is parsed, anything else is taken as the plain model.</summary>
    private static object? JsonShape(object value) =>
        value is string text && IsJsonLike(text) ? ParseJson(text) : ToPlain(value);
}
