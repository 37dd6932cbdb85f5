namespace AutomationServer.Host.CommandLine;

/// <summary>
/// <c>--print-migration-script</c>: writes the SQL that brings the configured database up to date to
/// standard output and exits, for IT teams whose database account may not alter the schema.
/// </summary>
public static class MigrationScriptCommand
{
    public const string Switch = "--print-migration-script";

    public static bool IsRequested(string[] args) => args.Contains(Switch, StringComparer.OrdinalIgnoreCase);

    public static int Run(WebApplication app)
    {
        // wired in when persistence lands:
        // Console.Out.Write(app.Services.GenerateMigrationScript());
        // return 0;
        _ = app;
        Console.Error.WriteLine($"{Switch}: this build has no database migrations to script yet.");
        return 2;
    }
}
