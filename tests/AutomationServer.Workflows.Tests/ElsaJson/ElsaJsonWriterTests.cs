using System.Text.Json.Nodes;
using AutomationServer.Workflows.ElsaJson;

namespace AutomationServer.Workflows.Tests.ElsaJson;

public sealed class ElsaJsonWriterTests
{
    [Fact]
    public void Schema_comes_first_and_the_document_order_follows()
    {
        var model = ElsaJsonReader.Read(Corpus.Read("legacy-connections.json")).Model!;

        var written = JsonNode.Parse(ElsaJsonWriter.Write(model))!.AsObject();

        Assert.Equal(ElsaFormat.SchemaUrl, (string?)written["$schema"]);
        Assert.Equal(["$schema", .. model.Document.Select(p => p.Key)], written.Select(p => p.Key));
    }

    [Fact]
    public void A_document_schema_is_replaced_not_repeated()
    {
        var model = ElsaJsonReader.Read("""{"$schema":"https://example.com/old.json","definitionId":"d","name":"n","root":{"type":"Elsa.Flowchart","id":"r"}}""").Model!;

        var text = ElsaJsonWriter.Write(model);

        Assert.Single(JsonNode.Parse(text)!.AsObject(), p => p.Key == "$schema");
        Assert.DoesNotContain("example.com", text);
    }

    [Fact]
    public void Overrides_replace_stored_version_fields_in_place()
    {
        var model = ElsaJsonReader.Read(Corpus.Read("fork-join.json")).Model!;
        var overrides = new ExportOverrides { Id = "0123456789abcdef", DefinitionId = "fedcba9876543210", Version = 12, IsLatest = false, IsPublished = true };

        var written = JsonNode.Parse(ElsaJsonWriter.Write(model, overrides))!.AsObject();

        Assert.Equal(("0123456789abcdef", "fedcba9876543210", 12, false, true),
            ((string?)written["id"], (string?)written["definitionId"], (int?)written["version"], (bool?)written["isLatest"], (bool?)written["isPublished"]));
        Assert.Equal(["$schema", "id", "definitionId", "name"], written.Select(p => p.Key).Take(4));
        Assert.Equal("7a2e64c1d08f3b95", (string?)model.Document["id"]);
        Assert.Equal(1, (int?)model.Document["version"]);
    }

    [Fact]
    public void Overrides_for_fields_the_document_lacks_are_added_at_the_top()
    {
        var model = ElsaJsonReader.Read(Corpus.Read("studio-wrapped.json")).Model!;

        var written = JsonNode.Parse(ElsaJsonWriter.Write(model, new ExportOverrides { Version = 3, IsLatest = true, IsPublished = false }))!.AsObject();

        Assert.Equal(["$schema", "isLatest", "isPublished", "id", "definitionId"], written.Select(p => p.Key).Take(5));
        Assert.Equal(3, (int?)written["version"]);
        Assert.Equal(1, written.Count(p => p.Key == "version"));
    }

    [Fact]
    public void Output_is_indented_and_keeps_text_readable()
    {
        var model = ElsaJsonReader.Read(Corpus.Read("custom-properties-metadata.json")).Model!;

        var text = ElsaJsonWriter.Write(model);

        Assert.Contains("\n  \"id\": \"6f5e4d3c2b1a0f9e\"", text);
        Assert.Contains("ünïcode ✓", text);
        Assert.Contains("\\\"quoted\\\" \\\\ backslash <b>html</b> & more", text);
    }

    [Fact]
    public void Writing_does_not_change_the_model()
    {
        var model = ElsaJsonReader.Read(Corpus.Read("switch-cases.json")).Model!;
        var before = model.Document.DeepClone();

        ElsaJsonWriter.Write(model, new ExportOverrides { Id = "x", Version = 9 });

        Assert.True(JsonNode.DeepEquals(before, model.Document));
    }
}
