using System.Text.RegularExpressions;
using AutomationServer.Audience.Contacts;
using AutomationServer.Audience.Events;
using Microsoft.Extensions.Options;

namespace AutomationServer.Api.Tracking;

/// <summary>Refuses to start with a tracking configuration that would fail at the first browser request.</summary>
public sealed partial class TrackingOptionsValidator : IValidateOptions<TrackingOptions>
{
    public ValidateOptionsResult Validate(string? name, TrackingOptions options)
    {
        var failures = new List<string>();
        var section = TrackingOptions.SectionName;
        if (options.MaxPayloadBytes is < 1024 or > 1024 * 1024)
        {
            failures.Add($"{section}:MaxPayloadBytes is 1024 to 1048576.");
        }

        if (options.MaxCallsPerRequest < 1 || options.MaxCallsPerRequest > ContactEventService.MaxBatch)
        {
            failures.Add($"{section}:MaxCallsPerRequest is 1 to {ContactEventService.MaxBatch}.");
        }

        if (options.RequestsPerMinute < 1)
        {
            failures.Add($"{section}:RequestsPerMinute is at least 1.");
        }

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (sourceName, source) in options.Sources)
        {
            var prefix = $"{section}:Sources:{sourceName}";
            if (!SourceName().IsMatch(sourceName))
            {
                failures.Add($"{prefix}: a source name is 1 to 40 letters, digits, '-' or '_'.");
            }

            var key = source.WriteKey?.Trim();
            if (string.IsNullOrEmpty(key) || key.Length > 200 || key.Any(char.IsWhiteSpace))
            {
                failures.Add($"{prefix}:WriteKey is required: 1 to 200 characters without spaces.");
            }
            else if (!keys.TryAdd(key, sourceName))
            {
                failures.Add($"{prefix}:WriteKey is the write key of {section}:Sources:{keys[key]} too; each source needs its own.");
            }

            if (source.AllowedOrigins.Count == 0)
            {
                failures.Add($"{prefix}:AllowedOrigins lists no origin; name the web sites (https://www.example.com) that may send events.");
            }

            foreach (var origin in source.AllowedOrigins)
            {
                if (NormalizeOrigin(origin) is null)
                {
                    failures.Add($"{prefix}:AllowedOrigins: '{origin}' is not an origin such as https://www.example.com (scheme, host and port, no path).");
                }
            }

            var system = string.IsNullOrWhiteSpace(source.ExternalIdSystem) ? sourceName.ToLowerInvariant() : source.ExternalIdSystem.Trim();
            if (!IdentityNormalizer.IsExternalKind(IdentityKinds.ExternalPrefix + system))
            {
                failures.Add($"{prefix}:ExternalIdSystem '{system}' is not a system name (lower-case letters, digits, '-', '_', '.').");
            }

            foreach (var trait in source.Traits ?? [])
            {
                if (!AttributeName().IsMatch(trait.Trim()) || trait.Trim() is TrackingCalls.TimeZoneTrait or TrackingCalls.LocaleTrait)
                {
                    failures.Add($"{prefix}:Traits: '{trait}' is not an attribute name ([A-Za-z][A-Za-z0-9_]*; timeZone and locale are always allowed).");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary><c>scheme://host[:port]</c> as a browser sends it in the Origin header, or null when it is not an origin.</summary>
    public static string? NormalizeOrigin(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) || !Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0
            || uri.UserInfo.Length > 0)
        {
            return null;
        }

        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex SourceName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,127}$")]
    private static partial Regex AttributeName();
}
