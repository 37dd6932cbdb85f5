using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Workflows.Definitions;

namespace AutomationServer.Workflows.ElsaJson;

/// <summary>
/// Values the server stamps on an exported document because they belong to the stored version rather than
/// to the edited JSON (Elsa's version <c>id</c>, the version number and its latest/published flags).
/// </summary>
public sealed record ExportOverrides
{
    public string? Id { get; init; }

    public string? DefinitionId { get; init; }

    public int? Version { get; init; }

    public bool? IsLatest { get; init; }

    public bool? IsPublished { get; init; }
}

/// <summary>
/// Writes a <see cref="WorkflowModel"/> back out as an Elsa 3 workflow-definition document: <c>$schema</c>
/// first, then every field of <see cref="WorkflowModel.Document"/> in its original order.
/// </summary>
public static class ElsaJsonWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // Exports are files for people and tools, never embedded in HTML: keep quotes, '+' and non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(WorkflowModel model, ExportOverrides? overrides = null) =>
        Encoding.UTF8.GetString(WriteUtf8(model, overrides));

    public static byte[] WriteUtf8(WorkflowModel model, ExportOverrides? overrides = null)
    {
        using var buffer = new MemoryStream();
        Write(buffer, model, overrides);
        return buffer.ToArray();
    }

    public static void Write(Stream destination, WorkflowModel model, ExportOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(model);

        var stamped = Stamped(model, overrides);
        using var writer = new Utf8JsonWriter(destination, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("$schema", ElsaFormat.SchemaUrl);

        // Stamped fields the document lacks go to the top, where Elsa writes them.
        foreach (var (name, value) in stamped)
        {
            if (!model.Document.ContainsKey(name))
            {
                WriteProperty(writer, name, value);
            }
        }

        foreach (var (name, value) in model.Document)
        {
            if (name == "$schema")
            {
                continue;
            }

            WriteProperty(writer, name, stamped.TryGetValue(name, out var replacement) ? replacement : value);
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>The fields to write instead of the document's, in Elsa's order.</summary>
    private static OrderedDictionary<string, JsonNode?> Stamped(WorkflowModel model, ExportOverrides? overrides)
    {
        var stamped = new OrderedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (overrides?.Id is { } id)
        {
            stamped["id"] = id;
        }

        if (overrides?.DefinitionId is { } definitionId)
        {
            stamped["definitionId"] = definitionId;
        }
        else if (!model.Document.ContainsKey("definitionId"))
        {
            stamped["definitionId"] = model.DefinitionId;
        }

        if (!model.Document.ContainsKey("name"))
        {
            stamped["name"] = model.Name;
        }

        if (overrides?.Version is { } version)
        {
            stamped["version"] = version;
        }

        if (overrides?.IsLatest is { } isLatest)
        {
            stamped["isLatest"] = isLatest;
        }

        if (overrides?.IsPublished is { } isPublished)
        {
            stamped["isPublished"] = isPublished;
        }

        return stamped;
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, JsonNode? value)
    {
        writer.WritePropertyName(name);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
