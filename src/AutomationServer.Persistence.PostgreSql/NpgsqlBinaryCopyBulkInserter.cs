using AutomationServer.Persistence.Bulk;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AutomationServer.Persistence.PostgreSql;

/// <summary>
/// Streams new rows with binary COPY, PostgreSQL's bulk-load path: one statement for the whole batch, no per-row
/// parsing or planning. COPY runs inside the commit's transaction, so a later conflict still rolls it back.
/// </summary>
internal sealed class NpgsqlBinaryCopyBulkInserter : IBulkInserter
{
    public async Task InsertAsync<TEntity>(WorkflowDbContext db, IReadOnlyList<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = TableColumns.For<TEntity>(db);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var copy = $"COPY {table.DelimitedTable} ({string.Join(", ", table.Columns.Select(c => c.DelimitedName))}) FROM STDIN (FORMAT BINARY)";

        await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in table.Columns)
            {
                var value = column.ProviderValue(row);
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    // The store type (e.g. "character varying(128)") tells COPY exactly how to encode the value.
                    await importer.WriteAsync(value, column.Mapping.StoreType, cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
