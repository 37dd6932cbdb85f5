using AutomationServer.Persistence;
using AutomationServer.Scheduling.Configuration;
using Microsoft.Extensions.Options;

namespace AutomationServer.Host.CommandLine;

/// <summary>
/// <c>--print-migration-script</c>: writes the SQL that brings the configured database up to date to
/// standard output and exits, for IT teams whose database account may not alter the schema.
/// </summary>
public static class MigrationScriptCommand
{
    public const string Switch = "--print-migration-script";

    /// <summary>
    /// Takes the switch out of the arguments: left in, the command-line configuration provider would
    /// read the argument after it (say, <c>--contentRoot</c>) as its value.
    /// </summary>
    public static bool TryRemoveSwitch(ref string[] args)
    {
        var remaining = args.Where(arg => !arg.Equals(Switch, StringComparison.OrdinalIgnoreCase)).ToArray();
        var requested = remaining.Length != args.Length;
        args = remaining;
        return requested;
    }

    public static int Run(WebApplication app)
    {
        Console.Out.WriteLine(app.Services.GenerateAutomationMigrationScript());
        var store = app.Services.GetRequiredService<SchedulerStore>();
        var scheduling = app.Services.GetRequiredService<IOptions<AutomationSchedulingOptions>>().Value;
        Console.Out.Write(QuartzSchemaScript.Generate(store.Provider, scheduling.TablePrefix));
        return 0;
    }
}
