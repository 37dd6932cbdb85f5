using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Scheduling.Configuration;
using Microsoft.Data.Sqlite;

namespace AutomationServer.Api.Tests.Scheduling;

public sealed class QuartzSchemaScriptTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "QRTZ_JOB_DETAILS")]
    [InlineData(DatabaseProvider.SqlServer, "QRTZ_JOB_DETAILS")]
    [InlineData(DatabaseProvider.PostgreSql, "QRTZ_job_details")]
    public void Script_names_the_prefixed_tables_with_no_placeholders_left(DatabaseProvider provider, string table)
    {
        var script = QuartzSchemaScript.Generate(provider, "QRTZ_");

        Assert.Contains(table, script, StringComparison.Ordinal);
        Assert.DoesNotContain("{0}", script, StringComparison.Ordinal);
        Assert.DoesNotContain("{1}", script, StringComparison.Ordinal);
        Assert.DoesNotContain("--;;", script, StringComparison.Ordinal);
        Assert.Equal(provider == DatabaseProvider.SqlServer, script.Contains("\nGO\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_qualified_prefix_keeps_index_names_unqualified()
    {
        var script = QuartzSchemaScript.Generate(DatabaseProvider.SqlServer, "scheduler.QRTZ_");

        Assert.Contains("CREATE TABLE scheduler.QRTZ_JOB_DETAILS", script, StringComparison.Ordinal);
        Assert.Contains("PK_QRTZ_JOB_DETAILS", script, StringComparison.Ordinal);
        Assert.DoesNotContain("PK_scheduler.", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_prepared_with_the_script_starts_without_provisioning()
    {
        await using var factory = new AutomationServerFactory { Settings = { ["Scheduling:ProvisionSchema"] = "false" } };
        var script = QuartzSchemaScript.Generate(DatabaseProvider.Sqlite, "QRTZ_");
        await using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath}"))
        {
            await connection.OpenAsync();
            for (var run = 0; run < 2; run++)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = script;
                await command.ExecuteNonQueryAsync();
            }
        }

        SqliteConnection.ClearAllPools();
        using var client = factory.CreateClient();

        await Eventually.TrueAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(20), "the host is ready");
    }

    [Fact]
    public async Task Without_provisioning_a_database_lacking_the_tables_fails_at_startup()
    {
        await using var factory = new AutomationServerFactory { Settings = { ["Scheduling:ProvisionSchema"] = "false" } };

        var error = await Record.ExceptionAsync(async () =>
        {
            using var client = factory.CreateClient();
            await client.GetAsync("/health/live");
        });

        Assert.NotNull(error);
    }
}
