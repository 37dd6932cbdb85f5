namespace AutomationServer.Audience.Validation;

/// <summary>Collects every problem of a request so that one answer lists them all.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>Each field with its messages, in the order first reported.</summary>
    public IEnumerable<(string Field, IReadOnlyList<string> Messages)> Entries => _errors.Select(e => (e.Key, (IReadOnlyList<string>)e.Value));

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Throws <see cref="AudienceValidationException"/> when anything was added.</summary>
    public void ThrowIfAny(string title)
    {
        if (Any)
        {
            throw new AudienceValidationException(title, _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }

    public static AudienceValidationException Single(string title, string field, string message) =>
        new(title, new Dictionary<string, string[]> { [field] = [message] });
}
