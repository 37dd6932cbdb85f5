using System.Text.Json.Nodes;
using AutomationServer.Workflows.ElsaJson;
using AutomationServer.Workflows.Validation;

namespace AutomationServer.Workflows.Tests.ElsaJson;

public sealed class RoundTripTests
{
    [Fact]
    public void The_corpus_covers_at_least_eight_files()
    {
        Assert.True(Corpus.Names.Count >= 8, $"Only {Corpus.Names.Count} corpus files were copied to {Corpus.Folder}.");
    }

    [Theory]
    [MemberData(nameof(Corpus.All), MemberType = typeof(Corpus))]
    public void Reading_what_was_written_gives_the_same_model(string file)
    {
        var first = ElsaJsonReader.Read(Corpus.Read(file));
        Assert.DoesNotContain(first.Problems, p => ValidationCodes.IsStructural(p.Code));

        var second = ElsaJsonReader.Read(ElsaJsonWriter.Write(first.Model!));

        Assert.Empty(second.Problems);
        Corpus.AssertSameModel(first.Model!, second.Model!);
    }

    [Theory]
    [MemberData(nameof(Corpus.InCurrentShape), MemberType = typeof(Corpus))]
    public void A_file_in_current_shape_is_written_back_as_the_same_json(string file)
    {
        var text = Corpus.Read(file);

        var written = ElsaJsonWriter.Write(ElsaJsonReader.Read(text).Model!);

        var expected = Corpus.WithoutSchema(JsonNode.Parse(text));
        var actual = Corpus.WithoutSchema(JsonNode.Parse(written));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{file} changed:\n{written}");
    }

    [Fact]
    public void A_legacy_file_is_written_in_current_shape_with_everything_else_unchanged()
    {
        var text = Corpus.Read("legacy-connections.json");

        var written = JsonNode.Parse(ElsaJsonWriter.Write(ElsaJsonReader.Read(text).Model!))!.AsObject();

        var original = JsonNode.Parse(text)!.AsObject();
        var connections = written["root"]!["connections"]!.AsArray();
        Assert.Equal(original["root"]!["connections"]!.AsArray().Select(c => ((string?)c!["source"], (string?)c["sourcePort"], (string?)c["target"], (string?)c["targetPort"])),
            connections.Select(c => ((string?)c!["source"]!["activity"], (string?)c["source"]!["port"], (string?)c["target"]!["activity"], (string?)c["target"]!["port"])));
        written["root"]!.AsObject().Remove("connections");
        original["root"]!.AsObject().Remove("connections");
        Assert.True(JsonNode.DeepEquals(original, Corpus.WithoutSchema(written)));
    }
}
