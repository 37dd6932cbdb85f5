using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Persistence;

public static class AutomationDatabaseHealthCheckExtensions
{
    public const string CheckName = "database";

    /// <summary>Adds the <c>database</c> check (tag <c>ready</c>): opens a connection and runs <c>SELECT 1</c>.</summary>
    public static IHealthChecksBuilder AddAutomationDatabaseCheck(this IHealthChecksBuilder builder) =>
        builder.AddCheck<AutomationDatabaseHealthCheck>(CheckName, tags: ["ready"]);
}
