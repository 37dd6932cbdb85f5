namespace AutomationServer.Audience.Persistence;

// The rows of the audience. Plain classes mapped by each provider's fluent configuration; times are UTC DateTime
// because SQLite cannot compare DateTimeOffset in SQL. Table and column names are shared with the segment SQL.

/// <summary>A person or an anonymous visitor; everything else about them hangs off <see cref="Id"/>.</summary>
public sealed class ContactRecord
{
    public Guid Id { get; set; }

    /// <summary>IANA time zone id, e.g. <c>Europe/Berlin</c>.</summary>
    public string? TimeZone { get; set; }

    /// <summary>BCP 47 language tag, e.g. <c>de-DE</c>.</summary>
    public string? Locale { get; set; }

    public string? LifecycleStage { get; set; }

    public int Score { get; set; }

    public bool DoNotContact { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token; incremented on every update.</summary>
    public int Revision { get; set; }
}

/// <summary>One way to recognise a contact. (<see cref="Kind"/>, <see cref="Value"/>) belongs to at most one contact.</summary>
public sealed class ContactIdentityRecord
{
    public Guid ContactId { get; set; }

    /// <summary><c>email</c>, <c>phone</c>, <c>anonymous</c> or <c>external:&lt;system&gt;</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Normalized: e-mail lower-cased and trimmed, phone in E.164.</summary>
    public string Value { get; set; } = "";
}

/// <summary>The schema of one custom attribute.</summary>
public sealed class ContactAttributeDefinitionRecord
{
    /// <summary>Case-sensitive, <c>[A-Za-z][A-Za-z0-9_]*</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>string</c>, <c>number</c>, <c>boolean</c>, <c>date</c>, <c>datetime</c> or <c>list</c>.</summary>
    public string Type { get; set; } = "";

    public string? DisplayName { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One attribute value. Exactly one typed column is used, chosen by the definition's type, so that every
/// comparison a segment makes can use an index: string and list (as JSON) in <see cref="TextValue"/>, number in
/// <see cref="NumberValue"/>, boolean in <see cref="BooleanValue"/>, date (midnight UTC) and datetime (UTC) in <see cref="DateValue"/>.
/// </summary>
public sealed class ContactAttributeRecord
{
    public Guid ContactId { get; set; }

    public string Name { get; set; } = "";

    public string? TextValue { get; set; }

    public decimal? NumberValue { get; set; }

    public bool? BooleanValue { get; set; }

    public DateTime? DateValue { get; set; }
}

public sealed class ContactTagRecord
{
    public Guid ContactId { get; set; }

    public string Tag { get; set; } = "";
}

/// <summary>Something a contact did (or that happened to them), e.g. <c>order_completed</c>.</summary>
public sealed class ContactEventRecord
{
    /// <summary>Version 7 Guid: ids sort by time of receipt.</summary>
    public Guid Id { get; set; }

    public Guid ContactId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The client's timestamp, or the server's when the client gave none.</summary>
    public DateTime OccurredAt { get; set; }

    public DateTime ReceivedAt { get; set; }

    /// <summary>JSON object text.</summary>
    public string Properties { get; set; } = "{}";

    /// <summary>The numeric <c>value</c>, <c>revenue</c>, <c>total</c> or <c>amount</c> property, so sums need no JSON in SQL.</summary>
    public decimal? Amount { get; set; }

    /// <summary>Unique where not null: a repeat with the same key is accepted and not stored twice.</summary>
    public string? IdempotencyKey { get; set; }
}
