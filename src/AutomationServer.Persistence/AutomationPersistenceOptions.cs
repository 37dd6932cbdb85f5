namespace AutomationServer.Persistence;

/// <summary>The <c>Persistence</c> configuration section.</summary>
public sealed class AutomationPersistenceOptions
{
    public const string SectionName = "Persistence";

    /// <summary><c>Sqlite</c> (default), <c>SqlServer</c> or <c>PostgreSql</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Required for SQL Server and PostgreSQL; SQLite defaults to <c>data/automation.db</c> under the content root.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the host starts (<see cref="AutomationDatabase.MigrateOnStartupAsync"/>).</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
