namespace AutomationServer.Api.Tests.Infrastructure;

/// <summary>
/// A test that needs a PostgreSQL server: runs when <c>AUTOMATION_TEST_POSTGRES</c> holds a
/// connection string for an account that may create databases, and is skipped otherwise.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "AUTOMATION_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"Set {Variable} to a PostgreSQL connection string to run this test.";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
