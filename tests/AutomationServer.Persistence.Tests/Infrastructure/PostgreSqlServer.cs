namespace AutomationServer.Persistence.Tests.Infrastructure;

public static class PostgreSqlServer
{
    public const string EnvironmentVariable = "AUTOMATION_TEST_POSTGRES";

    public const string SkipReason =
        EnvironmentVariable + " is not set, so the PostgreSQL tests are skipped. tools/test.sh starts a throwaway server and sets it; " +
        "or set it to a connection string of a user allowed to create databases, e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres.";

    public static string? AdminConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }
    }
}
