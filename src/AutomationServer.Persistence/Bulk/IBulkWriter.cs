namespace AutomationServer.Persistence.Bulk;

/// <summary>
/// Writes a commit's many rows inside the context's current transaction faster than change tracking can.
/// A provider without one gets EF Core's batched SaveChanges.
/// </summary>
public interface IBulkWriter
{
    Task InsertAsync<TEntity>(WorkflowDbContext db, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class;

    /// <summary>
    /// Writes every column of each row where the key matches and the concurrency token still holds
    /// <paramref name="originalTokens"/>[i] (the row itself carries the new token). Returns how many rows matched.
    /// </summary>
    Task<int> UpdateAsync<TEntity>(WorkflowDbContext db, IReadOnlyList<TEntity> rows, IReadOnlyList<object> originalTokens, CancellationToken cancellationToken)
        where TEntity : class;
}
