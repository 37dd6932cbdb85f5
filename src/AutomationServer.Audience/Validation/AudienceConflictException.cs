namespace AutomationServer.Audience.Validation;

/// <summary>The request is valid but clashes with what is stored (an identity another contact holds, a stale revision); the API answers 409.</summary>
public sealed class AudienceConflictException(string title, string field, string message) : Exception($"{title} {field}: {message}")
{
    public string Title { get; } = title;

    public string Field { get; } = field;

    public string Detail { get; } = message;
}
