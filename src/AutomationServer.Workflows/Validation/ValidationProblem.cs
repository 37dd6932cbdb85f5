namespace AutomationServer.Workflows.Validation;

public enum ValidationSeverity
{
    /// <summary>The definition cannot be published (and, for structural codes, not even saved as a draft).</summary>
    Error,

    /// <summary>Worth fixing, but the definition can be saved and published.</summary>
    Warning,
}

/// <summary>
/// One thing wrong with a workflow definition, named precisely enough for the designer to highlight it:
/// the node (<see cref="NodeId"/>) and the property or JSON location (<see cref="Field"/>).
/// </summary>
/// <param name="Code">One of <see cref="ValidationCodes"/>.</param>
/// <param name="Message">A sentence a person can act on.</param>
/// <param name="NodeId">The activity id at fault, when the problem belongs to one node.</param>
/// <param name="Field">The input name (e.g. <c>condition</c>) or JSON location (e.g. <c>root.connections[2].source.port</c>).</param>
public sealed record ValidationProblem(
    string Code,
    string Message,
    string? NodeId = null,
    string? Field = null,
    ValidationSeverity Severity = ValidationSeverity.Error)
{
    /// <summary>1-based line in the submitted text, for problems found while parsing it.</summary>
    public int? Line { get; init; }

    /// <summary>1-based column (in characters) in the submitted text, for problems found while parsing it.</summary>
    public int? Column { get; init; }
}
