using Quartz;

namespace AutomationServer.Scheduling.Configuration;

/// <summary>
/// The SQL that creates Quartz's tables, for databases where the server's account may not run DDL
/// (<c>Scheduling:ProvisionSchema</c> false): IT runs it with the application's migration script. It is
/// the script Quartz runs itself when provisioning, shipped inside Quartz, so every statement creates
/// only what is missing and the script can be run again safely.
/// </summary>
public static class QuartzSchemaScript
{
    // Quartz separates the statements of its embedded scripts with a line reading exactly this.
    private const string StatementSeparator = "--;;";

    public static string Generate(DatabaseProvider provider, string tablePrefix)
    {
        var dialect = provider switch
        {
            DatabaseProvider.Sqlite => "sqlite",
            DatabaseProvider.SqlServer => "sqlServer",
            DatabaseProvider.PostgreSql => "postgres",
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };
        var quartz = typeof(IJob).Assembly;
        var resource = $"Quartz.Impl.AdoJobStore.Schema.create_{dialect}.sql";
        using var stream = quartz.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Quartz {quartz.GetName().Version} does not contain the schema script '{resource}'.");
        using var reader = new StreamReader(stream);

        // {0} is the table prefix; {1} the prefix without a schema qualifier, for index and constraint names.
        var unqualifiedPrefix = tablePrefix[(tablePrefix.LastIndexOf('.') + 1)..];
        var script = reader.ReadToEnd().Replace("{0}", tablePrefix, StringComparison.Ordinal).Replace("{1}", unqualifiedPrefix, StringComparison.Ordinal);

        var statements = SplitStatements(script)
            .Where(statement => statement.Split('\n').Any(line => line.Trim() is { Length: > 0 } text && !text.StartsWith("--", StringComparison.Ordinal)));
        // Quartz sends each statement on its own; a script needs them terminated: GO batches for SQL
        // Server, and a semicolon after statements such as SQLite's CREATE TRIGGER ... END.
        var terminated = statements.Select(statement => provider == DatabaseProvider.SqlServer
            ? statement + "\nGO\n\n"
            : statement + (statement.EndsWith(';') ? "" : ";") + "\n\n");
        return $"-- Quartz.NET {quartz.GetName().Version?.ToString(3)} scheduler tables ({provider}, prefix {tablePrefix})\n\n" +
               string.Concat(terminated);
    }

    private static IEnumerable<string> SplitStatements(string script)
    {
        var current = new List<string>();
        foreach (var line in script.Split('\n'))
        {
            if (line.Trim() == StatementSeparator)
            {
                yield return string.Join('\n', current).Trim();
                current.Clear();
            }
            else
            {
                current.Add(line.TrimEnd('\r'));
            }
        }

        yield return string.Join('\n', current).Trim();
    }
}
