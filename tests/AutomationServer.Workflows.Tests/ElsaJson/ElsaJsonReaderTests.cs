using System.Text;
using System.Text.Json.Nodes;
using AutomationServer.Workflows.ElsaJson;
using AutomationServer.Workflows.Validation;

namespace AutomationServer.Workflows.Tests.ElsaJson;

public sealed class ElsaJsonReaderTests
{
    [Fact]
    public void Reads_definition_fields_activities_positions_and_connections()
    {
        var result = ElsaJsonReader.Read(Corpus.Read("event-decision-delay-writeline.json"));

        Assert.Empty(result.Problems);
        var model = Assert.IsType<Definitions.WorkflowModel>(result.Model);
        Assert.Equal("3f1d9a7c2b6e4d80", model.DefinitionId);
        Assert.Equal("Abandoned cart reminder", model.Name);
        Assert.StartsWith("Waits a day", model.Description);
        Assert.Equal(3, model.Version);
        var variable = Assert.Single(model.Variables);
        Assert.Equal(("9c4e1b7a0d2f5e68", "CartTotal", "Double", "0"), (variable.Id, variable.Name, variable.TypeName, variable.Value!.GetValue<string>()));
        Assert.Equal("a0c1e2f3a4b5c6d7", model.Root.Id);
        Assert.Equal(["Elsa.Event", "Elsa.FlowDecision", "Elsa.Delay", "Elsa.WriteLine", "Elsa.WriteLine"], model.Root.Activities.Select(a => a.Type));
        var decision = model.Root.Activities[1];
        Assert.Equal(("d1d1d1d1d1d1d1d1", "HighValueCart", 1), (decision.Id, decision.Name, decision.Version));
        Assert.Equal((-80.5, 40.25), decision.Position);
        Assert.Same(model.Document["root"]!["activities"]![1], decision.Json);
        Assert.Contains(new Definitions.ConnectionModel("d1d1d1d1d1d1d1d1", "True", "de1a7de1a7de1a70", "In"), model.Root.Connections);
        Assert.Equal(4, model.Root.Connections.Count);
    }

    [Theory]
    [InlineData("{\n  \"a\": x\n}", 2, 8)]
    [InlineData("{\n  \"ä€\": x\n}", 2, 9)]
    [InlineData("{\"a\": 1,}", 1, 9)]
    [InlineData("{\"name\": \"open", 1, 15)]
    [InlineData("", 1, 1)]
    [InlineData("{\n\"name\": \"a\",\n  \"name\": \"b\"\n}", 3, 3)]
    [InlineData("{\"name\": \"\\ud800\"}", 1, 10)]
    [InlineData("{\"root\": {\"\\udc00x\": 1}}", 1, 11)]
    public void Malformed_json_gives_one_problem_with_line_and_character_column(string text, int line, int column)
    {
        var result = ElsaJsonReader.Read(text);

        Assert.Null(result.Model);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(ValidationCodes.MalformedJson, problem.Code);
        Assert.Equal((line, column), (problem.Line, problem.Column));
        Assert.Contains($"line {line}, column {column}", problem.Message);
        Assert.True(result.HasStructuralProblems);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_malformed_not_a_crash()
    {
        var text = "{\"root\":" + new string('[', 5000) + new string(']', 5000) + "}";

        var problem = Assert.Single(ElsaJsonReader.Read(text).Problems);

        Assert.Equal(ValidationCodes.MalformedJson, problem.Code);
        Assert.Contains("depth", problem.Message);
    }

    [Fact]
    public void Invalid_utf8_in_a_stream_is_reported_with_its_position()
    {
        var bytes = Encoding.UTF8.GetBytes("{\n  \"name\": \"ab\"\n}");
        bytes[13] = 0xFF;

        var problem = Assert.Single(ElsaJsonReader.Read(new MemoryStream(bytes)).Problems);

        Assert.Equal(ValidationCodes.MalformedJson, problem.Code);
        Assert.Equal((2, 12), (problem.Line, problem.Column));
    }

    [Fact]
    public void Stream_with_byte_order_mark_reads_like_the_string()
    {
        var text = Corpus.Read("fork-join.json");
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var fromStream = ElsaJsonReader.Read(new MemoryStream(bytes));

        Assert.Empty(fromStream.Problems);
        Corpus.AssertSameModel(ElsaJsonReader.Read(text).Model!, fromStream.Model!);
    }

    [Fact]
    public void Oversized_documents_are_refused_before_parsing()
    {
        var text = new string(' ', ElsaFormat.MaxDocumentBytes + 1);

        Assert.Contains("larger than 16 MB", Assert.Single(ElsaJsonReader.Read(text).Problems).Message);
        Assert.Contains("larger than 16 MB", Assert.Single(ElsaJsonReader.Read(new EndlessStream()).Problems).Message);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("{\"definitionId\":\"x\"}")]
    [InlineData("{\"root\":\"Elsa.Flowchart\"}")]
    [InlineData("{\"root\":{\"type\":\"Elsa.Sequence\",\"activities\":[]}}")]
    [InlineData("{\"root\":{\"activities\":[]}}")]
    [InlineData("{\"root\":{\"type\":7}}")]
    public void Anything_but_a_flowchart_definition_gives_no_model_and_a_structure_problem(string text)
    {
        var result = ElsaJsonReader.Read(text);

        Assert.Null(result.Model);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(ValidationCodes.InvalidStructure, problem.Code);
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
    }

    [Fact]
    public void Wrong_types_inside_the_flowchart_are_reported_and_the_rest_is_still_read()
    {
        const string text = """
            {
              "definitionId": "d1", "name": "n", "version": "2", "description": 5, "variables": [3, {"id": "v"}],
              "root": {
                "id": "r", "type": "Elsa.Flowchart",
                "activities": [
                  "not an object",
                  {"type": "Elsa.WriteLine"},
                  {"id": "a", "version": 1e400},
                  {"id": "b", "type": "Elsa.WriteLine", "name": ["x"]}
                ],
                "connections": [1, null, {"source": {"activity": "a"}, "target": {"activity": "b"}}, {"source": "a", "sourcePort": "Done", "target": 5},
                                {"source": {"activity": "a", "port": "Done"}, "target": {"activity": "b", "port": "In"}}]
              }
            }
            """;

        var result = ElsaJsonReader.Read(text);

        var model = Assert.IsType<Definitions.WorkflowModel>(result.Model);
        Assert.Equal(["a", "b"], model.Root.Activities.Select(a => a.Id));
        Assert.Equal("", model.Root.Activities[0].Type);
        Assert.Single(model.Root.Connections);
        Assert.All(result.Problems, p => Assert.Equal(ValidationCodes.InvalidStructure, p.Code));
        Assert.Equal(
            ["description", "version", "variables[0]", "variables[1].name", "root.activities[0]", "root.activities[1].id", "root.activities[2].type",
             "root.activities[2].version", "root.activities[3].name", "root.connections[0]", "root.connections[1]", "root.connections[2].source.port", "root.connections[3].target"],
            result.Problems.Select(p => p.Field));
        Assert.Equal("a", result.Problems.Single(p => p.Field == "root.activities[2].type").NodeId);
        Assert.True(result.HasStructuralProblems);
    }

    [Fact]
    public void Activities_as_a_string_and_connections_as_numbers_are_structure_problems()
    {
        var result = ElsaJsonReader.Read("""{"root":{"type":"Elsa.Flowchart","id":"r","activities":"A,B","connections":[1,2]}}""");

        Assert.NotNull(result.Model);
        Assert.Equal(["root.activities", "root.connections[0]", "root.connections[1]"], result.Problems.Select(p => p.Field));
    }

    [Fact]
    public void Missing_definition_id_name_and_root_id_are_generated_and_kept_in_the_document()
    {
        var result = ElsaJsonReader.Read("""{"id":"v1","root":{"type":"Elsa.Flowchart","activities":[]}}""");

        Assert.Empty(result.Problems);
        var model = result.Model!;
        Assert.Matches("^[0-9a-f]{16}$", model.DefinitionId);
        Assert.Matches("^[0-9a-f]{16}$", model.Root.Id);
        Assert.Equal(ElsaFormat.UntitledName, model.Name);
        Assert.Equal(["id", "definitionId", "name", "root"], model.Document.Select(p => p.Key));
        Assert.Equal(model.DefinitionId, (string?)model.Document["definitionId"]);

        var again = ElsaJsonReader.Read(ElsaJsonWriter.Write(model)).Model!;
        Assert.Equal(model.DefinitionId, again.DefinitionId);
        Assert.Equal(model.Root.Id, again.Root.Id);
        Assert.NotEqual(model.DefinitionId, ElsaJsonReader.Read("""{"root":{"type":"Elsa.Flowchart"}}""").Model!.DefinitionId);
    }

    [Fact]
    public void Empty_or_null_name_and_id_are_filled_in_where_they_stand()
    {
        var model = ElsaJsonReader.Read("""{"name":"","root":{"type":"Elsa.Flowchart","id":null},"definitionId":null}""").Model!;

        Assert.Equal(["name", "root", "definitionId"], model.Document.Select(p => p.Key));
        Assert.Equal((ElsaFormat.UntitledName, model.DefinitionId, model.Root.Id),
            ((string?)model.Document["name"], (string?)model.Document["definitionId"], (string?)model.Document["root"]!["id"]));
    }

    [Fact]
    public void Legacy_connections_are_normalised_in_the_document_keeping_their_other_fields()
    {
        var result = ElsaJsonReader.Read("""
            {"definitionId":"d","name":"n","root":{"type":"Elsa.Flowchart","id":"r",
             "activities":[{"id":"a","type":"Elsa.Start"},{"id":"b","type":"Elsa.WriteLine"},{"id":"c","type":"Elsa.WriteLine"}],
             "connections":[{"source":"a","target":"b","sourcePort":"Done","targetPort":"In","vertices":[{"x":1,"y":2}]},
                            {"source":{"activity":"b","port":"Done"},"target":"c","targetPort":"In"},
                            {"source":"c","target":"a","sourcePort":"Done"}]}}
            """);

        Assert.Empty(result.Problems);
        var model = result.Model!;
        Assert.Equal(
            [new("a", "Done", "b", "In"), new("b", "Done", "c", "In"), new Definitions.ConnectionModel("c", "Done", "a", null)],
            model.Root.Connections);
        var connections = model.Document["root"]!["connections"]!;
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"source":{"activity":"a","port":"Done"},"target":{"activity":"b","port":"In"},"vertices":[{"x":1,"y":2}]}"""),
            connections[0]));
        Assert.Equal(["source", "target", "vertices"], connections[0]!.AsObject().Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"source":{"activity":"c","port":"Done"},"target":{"activity":"a"}}"""), connections[2]));
    }

    [Fact]
    public void The_legacy_corpus_file_reads_into_current_shape()
    {
        var model = ElsaJsonReader.Read(Corpus.Read("legacy-connections.json")).Model!;

        Assert.Equal(4, model.Root.Connections.Count);
        Assert.All(model.Document["root"]!["connections"]!.AsArray(), c =>
        {
            Assert.IsType<JsonObject>(c!["source"]);
            Assert.IsType<JsonObject>(c["target"]);
            Assert.Null(c["sourcePort"]);
        });
        Assert.Equal("Flowchart1", model.Root.Id);
    }

    [Fact]
    public void A_nested_flowchart_node_is_reported_and_kept_as_it_is()
    {
        const string nested = """{"id":"n","type":"Elsa.Flowchart","version":1,"activities":[{"id":"x","type":"Elsa.WriteLine"}],"connections":[]}""";
        var result = ElsaJsonReader.Read("""{"definitionId":"d","name":"n","root":{"type":"Elsa.Flowchart","id":"r","activities":[""" + nested + "],\"connections\":[]}}");

        var problem = Assert.Single(result.Problems);
        Assert.Equal((ValidationCodes.NestedFlowchart, "n"), (problem.Code, problem.NodeId));
        Assert.False(ValidationCodes.IsStructural(problem.Code));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(nested), result.Model!.Root.Activities.Single().Json));
    }

    [Fact]
    public void Composite_and_unknown_activities_stay_verbatim()
    {
        var original = JsonNode.Parse(Corpus.Read("unknown-activity-types.json"))!;
        var model = ElsaJsonReader.Read(Corpus.Read("unknown-activity-types.json")).Model!;

        var sequence = model.Root.Activities.Single(a => a.Type == "Elsa.Sequence");
        Assert.True(JsonNode.DeepEquals(original["root"]!["activities"]![2], sequence.Json));
        var crm = model.Root.Activities.Single(a => a.Type == "Acme.Crm.SyncContacts");
        Assert.Equal(2, crm.Version);
        Assert.Equal("[1,2,4,8,16]", crm.Json["retryPolicy"]!["backoff"]!.ToJsonString());
    }

    [Fact]
    public void A_studio_request_wrapper_is_removed_with_a_warning()
    {
        var result = ElsaJsonReader.Read(Corpus.Read("studio-wrapped.json"));

        var problem = Assert.Single(result.Problems);
        Assert.Equal((ValidationCodes.WrappedDocument, ValidationSeverity.Warning, "model"), (problem.Code, problem.Severity, problem.Field));
        Assert.Contains("publish", problem.Message);
        Assert.Equal("5d1e2f3a4b5c6d7e", result.Model!.DefinitionId);
        Assert.Equal("aa11bb22cc33dd44", (string?)result.Model.Document["id"]);
        Assert.Null(result.Model.Document["model"]);
        Assert.False(result.HasStructuralProblems);
    }

    [Fact]
    public void Position_is_read_only_when_both_coordinates_are_finite_numbers()
    {
        var result = ElsaJsonReader.Read("""
            {"root":{"type":"Elsa.Flowchart","id":"r","activities":[
              {"id":"a","type":"T","metadata":{"designer":{"position":{"x":1.5,"y":-2}}}},
              {"id":"b","type":"T","metadata":{"designer":{"position":{"x":"1","y":2}}}},
              {"id":"c","type":"T","metadata":{"designer":{"position":{"x":1e400,"y":2}}}},
              {"id":"d","type":"T","metadata":"none"}]}}
            """);

        Assert.Empty(result.Problems);
        Assert.Equal([(1.5, -2.0), null, null, null], result.Model!.Root.Activities.Select(a => a.Position));
    }

    /// <summary>An upload that never ends: the reader must stop at its limit instead of buffering it all.</summary>
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)' ', offset, count);
            return count;
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
