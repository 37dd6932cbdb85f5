using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace AutomationServer.Bench.Email;

/// <summary>
/// Personalised emails per second through the whole pipeline (event -> journey step -> outbox -> recipients -> policy ->
/// render -> SMTP) to a loopback smtp-sink writing one file per message, next to the ceiling smtp-source reaches against
/// the same sink with as many persistent sessions as the server's SMTP pool, measured in the same run.
/// </summary>
internal static class EmailPipelineScenario
{
    private const int ContactBatch = 1_000;
    private const int EventBatch = 1_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static async Task RunAsync(BenchOptions options)
    {
        var pipeline = new List<double>();
        var ceiling = new List<double>();
        for (var run = 1; run <= options.Runs; run++)
        {
            await using var sink = await SmtpSinkProcess.StartAsync();
            var (rate, averageBytes) = await PipelineAsync(options, sink, run);
            sink.Clear();
            var sourceRate = await SmtpSourceAsync(options, sink, averageBytes);
            pipeline.Add(rate);
            ceiling.Add(sourceRate);
            Console.WriteLine($"run {run}: pipeline {rate:F0} messages/s (SMTP pool {options.SmtpPool}), smtp-source {sourceRate:F0} messages/s ({options.SmtpSessions} sessions, {averageBytes} bytes), ratio {rate / sourceRate:P0}; load average {LoadAverage()}");
        }

        var median = Median(pipeline);
        var medianCeiling = Median(ceiling);
        Console.WriteLine($"pipeline-messages-per-second (median of {options.Runs}): {median:F0}");
        Console.WriteLine($"smtp-source-messages-per-second (median of {options.Runs}): {medianCeiling:F0}");
        Console.WriteLine($"pipeline-to-ceiling (of the medians): {median / medianCeiling:P0}");
    }

    private static async Task<(double Rate, int AverageBytes)> PipelineAsync(BenchOptions options, SmtpSinkProcess sink, int run)
    {
        var database = new BenchDatabase(options);
        await database.ResetAsync();
        var environment = new Dictionary<string, string>
        {
            ["Plugins__email__Senders__default__Transport"] = "Smtp",
            ["Plugins__email__Senders__default__From"] = "Bench News <news@bench.example>",
            ["Plugins__email__Senders__default__Smtp__Host"] = "127.0.0.1",
            ["Plugins__email__Senders__default__Smtp__Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Plugins__email__Senders__default__Smtp__Security"] = "None",
            ["Plugins__email__Senders__default__Smtp__PoolSize"] = options.SmtpPool.ToString(CultureInfo.InvariantCulture),
            // Twice the pool: while half the sends wait for the SMTP server, the others render.
            ["Messaging__Dispatch__Concurrency"] = (2 * options.SmtpPool).ToString(CultureInfo.InvariantCulture),
            ["Messaging__PublicBaseUrl"] = $"http://127.0.0.1:{options.Port}",
            // Segment reconciliation would recompute in the middle of the measurement; nothing here depends on it.
            ["Audience__SegmentReconcileInterval"] = "00:00:00",
            ["Serilog__MinimumLevel__Override__AutomationServer.Messaging.Outbox.OutboxProcessor"] = options.Trace ? "Debug" : "Warning",
        };
        await using var server = new ServerUnderTest(options, environment, options.Trace ? Console.WriteLine : null);
        await server.StartAsync();
        var active = await server.CountActivePluginsAsync();
        foreach (var (name, type) in EmailWorkload.Attributes)
        {
            await server.SendAsync(HttpMethod.Post, "/api/audience/attributes", JsonSerializer.Serialize(new { name, type }));
        }

        await server.SendAsync(HttpMethod.Post, "/api/templates", EmailWorkload.Template);
        await server.SendAsync(HttpMethod.Post, "/api/definitions/import?publish=true", EmailWorkload.Definition);

        var contacts = new List<(int Index, Guid ContactId)>(options.Count);
        for (var first = 0; first < options.Count; first += ContactBatch)
        {
            var size = Math.Min(ContactBatch, options.Count - first);
            var upserted = await server.SendAsync(HttpMethod.Post, "/api/audience/contacts/upsert", EmailWorkload.Contacts(first, size));
            var i = first;
            foreach (var contact in upserted.GetProperty("contacts").EnumerateArray())
            {
                contacts.Add((i++, contact.GetProperty("contactId").GetGuid()));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(client => Task.Run(async () =>
        {
            for (var i = client; i < contacts.Count; i += options.Clients)
            {
                await server.SendAsync(HttpMethod.Put, $"/api/audience/contacts/{contacts[i].ContactId}/consents", EmailWorkload.Consent);
            }
        })));
        Console.WriteLine($"run {run}: {active} active plugins, {contacts.Count} contacts with email consent ready; posting {options.Count} events");

        // Bodies are made before the clock starts: the benchmark measures the server, not the serializer.
        var batches = new Queue<string>(contacts.Chunk(EventBatch).Select(chunk => EmailWorkload.Events(chunk)));
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                string? batch;
                lock (batches)
                {
                    if (!batches.TryDequeue(out batch))
                    {
                        return;
                    }
                }

                await server.SendAsync(HttpMethod.Post, "/api/audience/events/batch", batch);
            }
        })));
        var posted = stopwatch.Elapsed;
        await sink.WaitForFilesAsync(options.Count, Timeout);
        var elapsed = stopwatch.Elapsed;
        var rate = options.Count / elapsed.TotalSeconds;
        Console.WriteLine($"run {run}: events posted in {posted.TotalSeconds:F2} s; {options.Count} messages at the sink after {elapsed.TotalSeconds:F2} s");

        // A little later: a message sent twice would show up as one file too many.
        await Task.Delay(TimeSpan.FromSeconds(1));
        if (sink.CountFiles() != options.Count)
        {
            throw new InvalidOperationException($"smtp-sink holds {sink.CountFiles()} messages for {options.Count} events.");
        }

        var averageBytes = CheckMessages(sink, contacts);
        await server.StopAsync();
        return (rate, averageBytes);
    }

    /// <summary>Every contact got exactly one message, and a sample carries its contact's personalised text. Returns the average size.</summary>
    private static int CheckMessages(SmtpSinkProcess sink, List<(int Index, Guid ContactId)> contacts)
    {
        var files = sink.Files().ToList();
        var byRecipient = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        long bytes = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            bytes += text.Length;
            var to = text.Split('\n').FirstOrDefault(line => line.StartsWith("To:", StringComparison.OrdinalIgnoreCase))?[3..].Trim()
                ?? throw new InvalidOperationException($"{file} has no To header.");
            if (!byRecipient.TryAdd(to.Trim('<', '>'), file))
            {
                throw new InvalidOperationException($"{to} received two messages.");
            }
        }

        var random = new Random(7);
        for (var sample = 0; sample < 50; sample++)
        {
            var (index, _) = contacts[random.Next(contacts.Count)];
            var address = EmailWorkload.Email(index);
            if (!byRecipient.TryGetValue(address, out var file))
            {
                throw new InvalidOperationException($"No message reached {address}.");
            }

            // Quoted-printable soft line breaks may split the personalised text.
            var text = File.ReadAllText(file).Replace("=\r\n", "", StringComparison.Ordinal).Replace("=\n", "", StringComparison.Ordinal);
            foreach (var expected in EmailWorkload.Expected(index))
            {
                if (!text.Contains(expected, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"The message to {address} ({file}) lacks '{expected}'.");
                }
            }
        }

        return (int)(bytes / files.Count);
    }

    /// <summary>smtp-source: N messages of about the pipeline's size over persistent sessions (-d), timed until all are at the sink.</summary>
    private static async Task<double> SmtpSourceAsync(BenchOptions options, SmtpSinkProcess sink, int averageBytes)
    {
        var start = new ProcessStartInfo(SmtpSinkProcess.SourceBinary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
                 {
                     "-d", "-s", options.SmtpSessions.ToString(CultureInfo.InvariantCulture), "-m", options.Count.ToString(CultureInfo.InvariantCulture),
                     "-l", averageBytes.ToString(CultureInfo.InvariantCulture), "-f", "news@bench.example", "-t", "reader@bench.example",
                     "-S", "Benchmark ceiling", $"127.0.0.1:{sink.Port}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("smtp-source did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"smtp-source exited with {process.ExitCode}: {await errors}");
        }

        await sink.WaitForFilesAsync(options.Count, Timeout);
        return options.Count / stopwatch.Elapsed.TotalSeconds;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
