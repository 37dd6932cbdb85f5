namespace AutomationServer.Sdk.Connectors;

/// <summary>
/// Synchronises with an external system (a CRM, a shop, a CSV drop): pulls contacts and events page by
/// page from a cursor the server keeps, and pushes values (scores, lifecycle stages) back.
/// </summary>
public interface IConnector
{
    ValueTask<ConnectorPage<ExternalContact>> PullContactsAsync(PullRequest request, CancellationToken cancellationToken);

    ValueTask<ConnectorPage<ExternalEvent>> PullEventsAsync(PullRequest request, CancellationToken cancellationToken);

    /// <summary>Writes values onto records of the external system, e.g. <c>lead_score</c>.</summary>
    ValueTask<PushResult> PushAsync(IReadOnlyList<ExternalUpdate> updates, CancellationToken cancellationToken);
}

/// <summary>Describes a connector: its stable name and how the designer shows it.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ConnectorAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    public string? DisplayName { get; set; }

    public string? Description { get; set; }
}

/// <summary>Where to continue: the cursor the previous page returned (null on the first pull).</summary>
public sealed record PullRequest(string? Cursor, int PageSize);

/// <summary>One page of records and the cursor of the next one (null when the source is exhausted for now).</summary>
public sealed record ConnectorPage<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>A contact as the external system knows it.</summary>
public sealed record ExternalContact
{
    public required string ExternalId { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public IReadOnlyDictionary<string, object?> Attributes { get; init; } = new Dictionary<string, object?>();

    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>An event of an external contact (an order, a deal stage change).</summary>
public sealed record ExternalEvent
{
    public required string ExternalContactId { get; init; }

    public required string Name { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The external system's id of the event, so a repeated pull does not record it twice.</summary>
    public string? ExternalId { get; init; }

    public IReadOnlyDictionary<string, object?> Properties { get; init; } = new Dictionary<string, object?>();
}

/// <summary>Values to write onto one external record.</summary>
public sealed record ExternalUpdate(string ExternalId, IReadOnlyDictionary<string, object?> Values);

/// <summary>What a push achieved: the updates that failed, with reasons.</summary>
public sealed record PushResult(int Updated, IReadOnlyDictionary<string, string> Failures)
{
    public static PushResult AllUpdated(int count) => new(count, new Dictionary<string, string>());
}
