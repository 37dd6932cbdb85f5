using AutomationServer.Workflows.Validation;

namespace AutomationServer.Workflows.Definitions;

/// <summary>The definition has problems that forbid the operation; each names its node and field.</summary>
public sealed class DefinitionValidationException(string message, IReadOnlyList<ValidationProblem> problems) : Exception(message)
{
    public IReadOnlyList<ValidationProblem> Problems { get; } = problems;
}

public sealed class DefinitionNotFoundException(string message) : Exception(message);

/// <summary>The operation conflicts with the definition's state (e.g. deleting one with running instances).</summary>
public sealed class DefinitionConflictException(string message) : Exception(message);
