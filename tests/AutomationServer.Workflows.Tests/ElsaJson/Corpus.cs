using System.Text.Json.Nodes;
using AutomationServer.Workflows.Definitions;

namespace AutomationServer.Workflows.Tests.ElsaJson;

/// <summary>The Elsa-shaped definition files in <c>Corpus/</c>, copied next to the test assembly.</summary>
public static class Corpus
{
    /// <summary>Files whose text the reader rewrites: legacy connections are normalised, a request wrapper is removed.</summary>
    public static readonly IReadOnlySet<string> RewrittenOnRead = new HashSet<string> { "legacy-connections.json", "studio-wrapped.json" };

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static IReadOnlyList<string> Names =>
        Directory.GetFiles(Folder, "*.json").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> All => new(Names);

    public static TheoryData<string> InCurrentShape => new(Names.Where(n => !RewrittenOnRead.Contains(n)));

    public static string Read(string name) => File.ReadAllText(Path.Combine(Folder, name));

    public static JsonObject WithoutSchema(JsonNode? node)
    {
        var copy = (JsonObject)node!.DeepClone();
        copy.Remove("$schema");
        return copy;
    }

    /// <summary>Asserts that two models say the same thing: the typed views and the whole document (apart from <c>$schema</c>).</summary>
    public static void AssertSameModel(WorkflowModel expected, WorkflowModel actual)
    {
        Assert.Equal(expected.DefinitionId, actual.DefinitionId);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Description, actual.Description);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Variables.Select(v => (v.Id, v.Name, v.TypeName, v.Value?.ToJsonString())), actual.Variables.Select(v => (v.Id, v.Name, v.TypeName, v.Value?.ToJsonString())));
        Assert.Equal(expected.Root.Id, actual.Root.Id);
        Assert.Equal(expected.Root.Activities.Select(a => (a.Id, a.Type, a.Version, a.Name, a.Position)), actual.Root.Activities.Select(a => (a.Id, a.Type, a.Version, a.Name, a.Position)));
        Assert.All(expected.Root.Activities.Zip(actual.Root.Activities), pair => Assert.True(JsonNode.DeepEquals(pair.First.Json, pair.Second.Json), $"Activity {pair.First.Id} differs."));
        Assert.Equal(expected.Root.Connections, actual.Root.Connections);
        Assert.True(JsonNode.DeepEquals(WithoutSchema(expected.Document), WithoutSchema(actual.Document)), "Documents differ.");
    }
}
