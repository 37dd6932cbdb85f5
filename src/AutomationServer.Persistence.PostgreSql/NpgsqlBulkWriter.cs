using AutomationServer.Persistence.Bulk;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AutomationServer.Persistence.PostgreSql;

/// <summary>
/// New rows stream in with binary COPY, PostgreSQL's bulk-load path: one statement for the whole batch, no per-row
/// parsing or planning. Updates go out as one batch of statements in a single round trip. Both run inside the
/// commit's transaction, so a later conflict still rolls them back.
/// </summary>
internal sealed class NpgsqlBulkWriter : IBulkWriter
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

    public async Task<int> UpdateAsync<TEntity>(WorkflowDbContext db, IReadOnlyList<TEntity> rows, IReadOnlyList<object> originalTokens, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var table = TableColumns.For<TEntity>(db);
        var sql = table.VersionedUpdateSql(i => "$" + (i + 1));
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var batch = new NpgsqlBatch(connection, (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction());
        for (var r = 0; r < rows.Count; r++)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var column in table.Columns)
            {
                command.Parameters.Add(Parameter(column, column.ProviderValue(rows[r])));
            }

            command.Parameters.Add(Parameter(table.ConcurrencyToken, table.ConcurrencyToken.ToProvider(originalTokens[r])));
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        var matched = 0;
        foreach (var command in batch.BatchCommands)
        {
            matched += command.RecordsAffected;
        }

        return matched;
    }

    private static NpgsqlParameter Parameter(TableColumn column, object? value) =>
        new() { Value = value ?? DBNull.Value, DataTypeName = column.Mapping.StoreType };
}
