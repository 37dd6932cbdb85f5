using System.Text;
using System.Text.Json.Nodes;

namespace AutomationServer.Workflows.Tests.ElsaJson;

/// <summary>Seeded random damage to a JSON document: structural edits on the tree, then sometimes raw text edits.</summary>
public sealed class JsonMutator(int seed)
{
    private static readonly string[] ReplacementValues =
    [
        "\"\"", "\"Elsa.Flowchart\"", "\"Done\"", "0", "-1", "1.5", "1e400", "-1e400", "123456789012345678901234567890", "true", "false",
        "null", "{}", "[]", "{\"type\":5}", "[\"x\",{\"activity\":1}]", "{\"activity\":\"a\",\"port\":null}", "{\"expression\":{\"type\":[],\"value\":{}}}",
        "{\"memoryReference\":{\"id\":{}}}", "\"" + LoneSurrogateMarker + "\"",
    ];

    // Written into the tree as a marker: a node holding an unpaired surrogate escape cannot be serialized.
    private const string LoneSurrogateMarker = "LONE_SURROGATE_MARKER";

    private readonly Random _random = new(seed);

    public string Mutate(string json)
    {
        var root = JsonNode.Parse(json)!;
        for (var count = _random.Next(1, 4); count > 0; count--)
        {
            root = MutateTree(root);
        }

        var text = root.ToJsonString().Replace(LoneSurrogateMarker, "\\ud800", StringComparison.Ordinal);
        return _random.Next(5) == 0 ? MutateText(text) : text;
    }

    private JsonNode MutateTree(JsonNode root)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[_random.Next(nodes.Count)];
        if (target.Parent is null)
        {
            return root;
        }

        switch (_random.Next(6))
        {
            case 0:
                Remove(target);
                break;
            case 1:
                Duplicate(target);
                break;
            case 2:
                Replace(target, JsonNode.Parse(ReplacementValues[_random.Next(ReplacementValues.Length)]));
                break;
            case 3:
                Swap(target, nodes[_random.Next(nodes.Count)]);
                break;
            case 4:
                Replace(target, DeepNesting(_random.Next(1, 120)));
                break;
            default:
                Rename(target);
                break;
        }

        return root;
    }

    private string MutateText(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var position = _random.Next(text.Length);
        return _random.Next(4) switch
        {
            0 => text[..position],
            1 => text.Insert(position, ((char)_random.Next(0x20, 0x7F)).ToString()),
            2 => DuplicateKey(text),
            _ => text.Remove(position, 1),
        };
    }

    private string DuplicateKey(string text)
    {
        var key = new[] { "\"id\":", "\"type\":", "\"source\":", "\"name\":" }[_random.Next(4)];
        var index = text.IndexOf(key, StringComparison.Ordinal);
        return index < 0 ? text : text.Insert(index, key + "0,");
    }

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
        {
            return;
        }

        nodes.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Collect(value, nodes);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, nodes);
                }

                break;
        }
    }

    private static void Remove(JsonNode node)
    {
        switch (node.Parent)
        {
            case JsonObject obj:
                obj.Remove(node.GetPropertyName());
                break;
            case JsonArray array:
                array.RemoveAt(node.GetElementIndex());
                break;
        }
    }

    private void Duplicate(JsonNode node)
    {
        switch (node.Parent)
        {
            case JsonObject obj:
                obj[node.GetPropertyName() + "_" + _random.Next(100)] = node.DeepClone();
                break;
            case JsonArray array:
                array.Insert(node.GetElementIndex(), node.DeepClone());
                break;
        }
    }

    private static void Replace(JsonNode node, JsonNode? replacement)
    {
        switch (node.Parent)
        {
            case JsonObject obj:
                obj[node.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[node.GetElementIndex()] = replacement;
                break;
        }
    }

    private static void Swap(JsonNode first, JsonNode second)
    {
        if (second.Parent is null || IsAncestor(first, second) || IsAncestor(second, first))
        {
            return;
        }

        var firstCopy = first.DeepClone();
        Replace(first, second.DeepClone());
        Replace(second, firstCopy);
    }

    private static bool IsAncestor(JsonNode candidate, JsonNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (ReferenceEquals(current, candidate))
            {
                return true;
            }
        }

        return false;
    }

    private void Rename(JsonNode node)
    {
        if (node.Parent is not JsonObject obj)
        {
            return;
        }

        var name = node.GetPropertyName();
        var renamed = _random.Next(2) == 0 ? name.ToUpperInvariant() : name + "x";
        obj.Remove(name);
        obj[renamed] = node;
    }

    private JsonNode DeepNesting(int depth)
    {
        var builder = new StringBuilder();
        var useObjects = _random.Next(2) == 0;
        for (var i = 0; i < depth; i++)
        {
            builder.Append(useObjects ? "{\"a\":" : "[");
        }

        builder.Append('1');
        for (var i = 0; i < depth; i++)
        {
            builder.Append(useObjects ? '}' : ']');
        }

        return JsonNode.Parse(builder.ToString(), documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 256 })!;
    }
}
