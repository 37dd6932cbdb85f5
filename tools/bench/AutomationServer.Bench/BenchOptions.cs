namespace AutomationServer.Bench;

/// <summary>Command-line settings of a benchmark run.</summary>
internal sealed record BenchOptions
{
    public required string Scenario { get; init; }

    public string Provider { get; init; } = "Sqlite";

    public string ConnectionString { get; init; } = "";

    public required string DataDirectory { get; init; }

    public required string ServerAssembly { get; init; }

    public int Port { get; init; } = 5391;

    /// <summary>Instances to start (starts, storage, memory) or to wake (wakeups).</summary>
    public int Count { get; init; } = 50_000;

    public int BatchSize { get; init; } = 1_000;

    /// <summary>Contacts and events the audience seed loads.</summary>
    public long Contacts { get; init; } = 1_000_000;

    public long Events { get; init; } = 10_000_000;

    public int Clients { get; init; } = 2;

    public int Runs { get; init; } = 5;

    /// <summary>A plugins folder for the server (<c>PluginHost:Directory</c>); null keeps the server's own.</summary>
    public string? PluginsDirectory { get; init; }

    /// <summary>smtp-source's parallel persistent sessions: the ceiling the pipeline is compared with (email-pipeline).</summary>
    public int SmtpSessions { get; init; } = 4;

    /// <summary>The server's SMTP pool size (email-pipeline); the dispatcher hands out twice as many sends at a time.</summary>
    public int SmtpPool { get; init; } = 4;

    /// <summary>Passes the server's per-batch timing lines (Debug) through to the console (email-pipeline).</summary>
    public bool Trace { get; init; }

    public bool IsPostgres => string.Equals(Provider, "PostgreSql", StringComparison.OrdinalIgnoreCase);

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        var dataDirectory = values.GetValueOrDefault("data") ?? Directory.CreateTempSubdirectory("as-bench-").FullName;
        var provider = values.GetValueOrDefault("provider") ?? "Sqlite";
        var scenario = args.Length > 0 ? args[0] : "help";
        return new BenchOptions
        {
            Scenario = scenario,
            Provider = provider,
            ConnectionString = values.GetValueOrDefault("connection") ?? $"Data Source={Path.Combine(dataDirectory, "bench.db")}",
            DataDirectory = dataDirectory,
            ServerAssembly = values.GetValueOrDefault("server") ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../src/AutomationServer.Host/bin/Release/net10.0/AutomationServer.dll")),
            Port = int.TryParse(values.GetValueOrDefault("port"), out var port) ? port : 5391,
            Count = int.TryParse(values.GetValueOrDefault("count"), out var count) ? count : scenario == "email-pipeline" ? 10_000 : 50_000,
            BatchSize = int.TryParse(values.GetValueOrDefault("batch"), out var batch) ? batch : 1_000,
            Contacts = long.TryParse(values.GetValueOrDefault("contacts"), out var contacts) ? contacts : 1_000_000,
            Events = long.TryParse(values.GetValueOrDefault("events"), out var events) ? events : 10_000_000,
            Clients = int.TryParse(values.GetValueOrDefault("clients"), out var clients) ? clients : 2,
            Runs = int.TryParse(values.GetValueOrDefault("runs"), out var runs) ? runs : 5,
            SmtpSessions = int.TryParse(values.GetValueOrDefault("sessions"), out var sessions) ? sessions : 4,
            SmtpPool = int.TryParse(values.GetValueOrDefault("pool"), out var pool) ? pool : 4,
            Trace = values.GetValueOrDefault("trace") is "true" or "1",
            PluginsDirectory = values.GetValueOrDefault("plugins") is { } plugins ? Path.GetFullPath(plugins) : null,
        };
    }
}
