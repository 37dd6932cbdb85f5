namespace AutomationServer.Audience.Persistence;

public sealed record TimelineQuery(Guid ContactId, string? Name, int Skip, int Take);

public interface IContactEventStore
{
    /// <summary>
    /// Stores the events in one transaction with a bulk insert. An event whose idempotency key is stored already (or
    /// repeats an earlier one of this batch) is skipped. Returns the events actually stored.
    /// </summary>
    Task<IReadOnlyList<ContactEventRecord>> AppendAsync(IReadOnlyList<ContactEventRecord> events, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<ContactEventRecord>> TimelineAsync(TimelineQuery query, CancellationToken cancellationToken);
}
