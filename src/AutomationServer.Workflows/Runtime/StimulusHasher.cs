using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AutomationServer.Workflows.Runtime;

/// <summary>
/// The one place that turns a stimulus (name + key) into the hash that triggers and bookmarks are
/// indexed by. A trigger indexed at publish time and a stimulus arriving later must agree byte for
/// byte, so keys are reduced to a canonical text first: a string stays as it is, anything else is
/// written as JSON with object members sorted by name.
/// </summary>
public static class StimulusHasher
{
    public static string Hash(string stimulus, object? key)
    {
        var text = stimulus + "\n" + CanonicalKey(key);
        var byteCount = Encoding.UTF8.GetByteCount(text);
        var buffer = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(buffer.AsSpan(0, written), digest);

            // 128 bits are plenty against accidental collisions and keep the index small.
            return Convert.ToHexStringLower(digest[..16]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string CanonicalKey(object? key) => key switch
    {
        null => "",
        string s => s,
        _ => CanonicalJson(key),
    };

    private static string CanonicalJson(object key)
    {
        var element = JsonSerializer.SerializeToElement(key, key.GetType(), StateJson.AnyValueOptions);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteSorted(writer, element);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteSorted(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
