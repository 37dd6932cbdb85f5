namespace AutomationServer.Workflows.Descriptors;

/// <summary>
/// Checks literal input values of a format that a feature outside the engine defines (the audience's property
/// filters, say), so the validator reports them at publish like the built-in <see cref="LiteralFormats"/>.
/// </summary>
public interface ILiteralFormatChecker
{
    /// <summary>The name used in <see cref="LiteralFormatAttribute"/>.</summary>
    string Format { get; }

    /// <summary>Null when the literal (text, number, list or object as read from the JSON) is valid, else why not.</summary>
    string? Check(object? literal);
}
