using AutomationServer.Workflows.ElsaJson;
using AutomationServer.Workflows.Tests.Validation;
using AutomationServer.Workflows.Validation;

namespace AutomationServer.Workflows.Tests.ElsaJson;

public sealed class FuzzTests
{
    private const int MutationsPerFile = 400;

    private readonly WorkflowValidator _validator = new(TestRegistry.Create(), new BracketSyntaxEvaluator());

    [Theory]
    [MemberData(nameof(Corpus.All), MemberType = typeof(Corpus))]
    public void Damaged_documents_never_crash_and_every_failure_is_explained(string file)
    {
        var original = Corpus.Read(file);
        var mutator = new JsonMutator(StringComparer.Ordinal.GetHashCode(file) ^ 0x5EED);
        var failures = 0;

        for (var i = 0; i < MutationsPerFile; i++)
        {
            var text = mutator.Mutate(original);
            try
            {
                failures += Check(text) ? 0 : 1;
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{file}, mutation {i} threw {exception}\n--- document ---\n{Shorten(text)}");
            }
            catch (Xunit.Sdk.XunitException exception)
            {
                Assert.Fail($"{file}, mutation {i}: {exception.Message}\n--- document ---\n{Shorten(text)}");
            }
        }

        // The mutations must actually break documents, or this test proves nothing.
        Assert.InRange(failures, MutationsPerFile / 20, MutationsPerFile);
    }

    /// <summary>Reads, validates and re-exports; returns false when the document was rejected outright.</summary>
    private bool Check(string text)
    {
        var result = ElsaJsonReader.Read(text);
        AssertExplained(result.Problems);
        Assert.All(result.Problems.Where(p => p.Code == ValidationCodes.MalformedJson), p => Assert.True(p.Line > 0 && p.Column > 0, $"No position in: {p.Message}"));
        if (result.Model is null)
        {
            Assert.NotEmpty(result.Problems);
            return false;
        }

        AssertExplained(_validator.Validate(result.Model));

        var again = ElsaJsonReader.Read(ElsaJsonWriter.Write(result.Model));
        Assert.NotNull(again.Model);
        Assert.Equal(result.Model.Root.Activities.Count, again.Model.Root.Activities.Count);
        Assert.Equal(result.Model.Root.Connections, again.Model.Root.Connections);
        return !result.HasStructuralProblems;
    }

    private static void AssertExplained(IEnumerable<ValidationProblem> problems) =>
        Assert.All(problems, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Code));
            Assert.False(string.IsNullOrWhiteSpace(p.Message));
        });

    private static string Shorten(string text) => text.Length <= 4000 ? text : text[..4000] + "...";
}
