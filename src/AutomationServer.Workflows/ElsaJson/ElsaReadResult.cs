using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Validation;

namespace AutomationServer.Workflows.ElsaJson;

/// <summary>
/// What <see cref="ElsaJsonReader"/> made of a document. <see cref="Model"/> is null only when the text
/// could not be understood as a flowchart definition at all; <see cref="Problems"/> then says why.
/// </summary>
public sealed class ElsaReadResult
{
    public WorkflowModel? Model { get; init; }

    public required IReadOnlyList<ValidationProblem> Problems { get; init; }

    /// <summary>True when the document may not be saved, not even as a draft (see <see cref="ValidationCodes.IsStructural"/>).</summary>
    public bool HasStructuralProblems => Model is null || Problems.Any(p => ValidationCodes.IsStructural(p.Code));
}
