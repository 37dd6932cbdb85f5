using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AutomationServer.Persistence.Sqlite;

/// <summary>
/// Per-connection settings SQLite does not keep in the file. WAL lets readers run beside the one writer;
/// with WAL, synchronous=NORMAL stays crash-safe (a power cut may lose only the last commits) and skips an fsync per commit;
/// busy_timeout makes a writer wait for the lock instead of failing at once.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    // No mmap_size: pages of a memory-mapped file count as the server's resident memory, which with a
    // million waiting instances pushed it past its budget; the OS page cache serves reads just as well.
    private const string PerConnection = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";

    // journal_mode=WAL is stored in the database file, so it is set once per file and process.
    private readonly ConcurrentDictionary<string, bool> _walFiles = new(StringComparer.Ordinal);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = CommandFor(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = CommandFor(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // EF opens read-only connections to probe whether the file exists; the journal mode cannot be changed
    // through those, so WAL is switched on by the first writable connection instead.
    private string CommandFor(DbConnection connection) =>
        !IsReadOnly(connection) && _walFiles.TryAdd(connection.DataSource, true) ? "PRAGMA journal_mode=WAL; " + PerConnection : PerConnection;

    private static bool IsReadOnly(DbConnection connection) =>
        new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly;
}
