namespace AutomationServer.Audience.Validation;

/// <summary>Bad input, with a message per field (<c>identities[0].value</c>, <c>attributes.plan</c>); the API answers 400 with them.</summary>
public sealed class AudienceValidationException(string title, IReadOnlyDictionary<string, string[]> errors)
    : Exception(title + " " + string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public string Title { get; } = title;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
