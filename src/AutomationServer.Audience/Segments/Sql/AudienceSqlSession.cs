using System.Data.Common;

namespace AutomationServer.Audience.Segments.Sql;

/// <summary>Opens connections to the workflow database for the segment SQL (implemented next to the DbContext).</summary>
public interface IAudienceSqlConnections
{
    Task<AudienceSqlSession> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>An open connection with its dialect; commands run in <see cref="Transaction"/> while one is open.</summary>
public sealed class AudienceSqlSession(DbConnection connection, SqlDialect dialect, IAsyncDisposable? owner = null) : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    public SqlDialect Dialect { get; } = dialect;

    public DbTransaction? Transaction { get; private set; }

    /// <summary>The timeout of every command of this session; null keeps the driver's default, zero waits without limit.</summary>
    public TimeSpan? CommandTimeout { get; set; }

    public async Task<DbTransaction> BeginTransactionAsync(CancellationToken cancellationToken)
    {
        Transaction = await Connection.BeginTransactionAsync(cancellationToken);
        return Transaction;
    }

    /// <summary>
    /// Begins a transaction for data that can be derived again (segment memberships the scheduled reconciliation
    /// recomputes): where the database allows it, its commit does not wait for the log flush. A crash may lose the last
    /// few hundred milliseconds of such commits, never a commit's half.
    /// </summary>
    public async Task<DbTransaction> BeginDerivedDataTransactionAsync(CancellationToken cancellationToken)
    {
        var transaction = await BeginTransactionAsync(cancellationToken);
        if (Dialect.AsynchronousCommitStatement is { } statement)
        {
            await ExecuteAsync(new SqlStatement(statement, new SqlParameters()), cancellationToken);
        }

        return transaction;
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (Transaction is not null)
        {
            await Transaction.CommitAsync(cancellationToken);
            await Transaction.DisposeAsync();
            Transaction = null;
        }
    }

    public async Task<int> ExecuteAsync(SqlStatement statement, CancellationToken cancellationToken)
    {
        await using var command = Create(statement);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<object?> ScalarAsync(SqlStatement statement, CancellationToken cancellationToken)
    {
        await using var command = Create(statement);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    public async Task<List<T>> ReadAsync<T>(SqlStatement statement, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = Create(statement);
        if (statement.Prepare && Dialect.KeepsPreparedStatements)
        {
            await command.PrepareAsync(cancellationToken);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public Task<List<Guid>> ReadGuidsAsync(SqlStatement statement, CancellationToken cancellationToken) =>
        ReadAsync(statement, reader => Dialect.ReadGuid(reader, 0), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Transaction is not null)
        {
            await Transaction.DisposeAsync();
        }

        if (owner is not null)
        {
            await owner.DisposeAsync();
        }
        else
        {
            await Connection.DisposeAsync();
        }
    }

    private DbCommand Create(SqlStatement statement)
    {
        var command = Connection.CreateCommand();
#pragma warning disable CA2100 // The text is built from our own fragments; every rule value is a parameter.
        command.CommandText = statement.Text;
#pragma warning restore CA2100
        command.Transaction = Transaction;
        if (CommandTimeout is { } timeout)
        {
            command.CommandTimeout = (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 0, int.MaxValue);
        }

        statement.Parameters.BindTo(command, Dialect);
        return command;
    }
}
