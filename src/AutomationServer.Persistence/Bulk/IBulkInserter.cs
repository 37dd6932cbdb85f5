namespace AutomationServer.Persistence.Bulk;

/// <summary>
/// Inserts many new rows inside the context's current transaction faster than change tracking can.
/// A provider without one gets EF Core's batched inserts.
/// </summary>
public interface IBulkInserter
{
    Task InsertAsync<TEntity>(WorkflowDbContext db, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class;
}
