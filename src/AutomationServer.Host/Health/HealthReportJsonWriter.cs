using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AutomationServer.Host.Health;

/// <summary>Writes a health report as JSON: overall status, and per check its status, description and duration.</summary>
public static class HealthReportJsonWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("status", report.Status.ToString());
        writer.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        writer.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", entry.Status.ToString());
            if (entry.Description is { Length: > 0 } description)
            {
                writer.WriteString("description", description);
            }

            writer.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
