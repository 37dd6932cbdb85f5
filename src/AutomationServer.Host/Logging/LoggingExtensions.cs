using Serilog;
using Serilog.Events;
using Serilog.Settings.Configuration;

namespace AutomationServer.Host.Logging;

public static class LoggingExtensions
{
    /// <summary>
    /// Serilog from the <c>Serilog</c> configuration section, enriched from the log context so the
    /// engine's scopes (instance id, definition id) appear on every event.
    /// </summary>
    public static WebApplicationBuilder AddAutomationLogging(this WebApplicationBuilder builder)
    {
        var configuration = AnchorFilePaths(builder.Configuration, builder.Environment.ContentRootPath);

        // Naming the sink assemblies spares Serilog a scan of every loaded assembly at startup.
        var readerOptions = new ConfigurationReaderOptions(
            typeof(ConsoleLoggerConfigurationExtensions).Assembly,
            typeof(FileLoggerConfigurationExtensions).Assembly);

        // preserveStaticLogger: each host writes through its own logger rather than the process-wide
        // Log.Logger, which the last host built would otherwise take over (several hosts share a test process).
        builder.Services.AddSerilog(
            (services, logger) => logger
                .ReadFrom.Configuration(configuration, readerOptions)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext(),
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>One line per request; health probes only at Debug so they do not drown the log.</summary>
    public static IApplicationBuilder UseAutomationRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            // The host's own logger (see AddAutomationLogging), not the process-wide static one.
            options.Logger = app.ApplicationServices.GetService<Serilog.ILogger>();
            options.GetLevel = (context, _, exception) =>
                exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
                : context.Request.Path.StartsWithSegments("/health") ? LogEventLevel.Debug
                : LogEventLevel.Information;
        });

    // A file sink's relative path would otherwise resolve against the working directory, which for a
    // Windows service is System32; the content root is where IT expects the logs folder.
    private static IConfiguration AnchorFilePaths(IConfiguration configuration, string contentRoot)
    {
        var overrides = new Dictionary<string, string?>();
        foreach (var sink in configuration.GetSection("Serilog:WriteTo").GetChildren())
        {
            var path = sink["Args:path"];
            if (!string.IsNullOrWhiteSpace(path) && !Path.IsPathRooted(path))
            {
                overrides[$"{sink.Path}:Args:path"] = Path.GetFullPath(path, contentRoot);
            }
        }

        return overrides.Count == 0
            ? configuration
            : new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(overrides).Build();
    }
}
