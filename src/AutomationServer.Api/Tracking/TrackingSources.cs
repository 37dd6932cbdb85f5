using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AutomationServer.Api.Tracking;

/// <summary>A configured web site, checked and normalized.</summary>
public sealed record TrackingSource(string Name, string WriteKey, IReadOnlySet<string> AllowedOrigins, string ExternalIdKind, IReadOnlyList<string> Traits)
{
    public bool AllowsOrigin(string origin) => AllowedOrigins.Contains(origin);
}

/// <summary>The configured sources by write key, and every allowed origin (a preflight carries no write key).</summary>
public sealed class TrackingSources
{
    private readonly Dictionary<string, TrackingSource> _byWriteKey;

    public TrackingSources(IOptions<TrackingOptions> options)
    {
        // The validator has run (ValidateOnStart), so every source is complete here.
        _byWriteKey = options.Value.Sources
            .Select(s => new TrackingSource(
                s.Key,
                s.Value.WriteKey!.Trim(),
                s.Value.AllowedOrigins.Select(o => TrackingOptionsValidator.NormalizeOrigin(o)!).ToHashSet(StringComparer.Ordinal),
                "external:" + (string.IsNullOrWhiteSpace(s.Value.ExternalIdSystem) ? s.Key.ToLowerInvariant() : s.Value.ExternalIdSystem.Trim()),
                (s.Value.Traits ?? [.. TrackingSourceOptions.DefaultTraits]).Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList()))
            .ToDictionary(s => s.WriteKey, StringComparer.Ordinal);
        AllOrigins = _byWriteKey.Values.SelectMany(s => s.AllowedOrigins).ToHashSet(StringComparer.Ordinal);
        CorsPolicy = new CorsPolicyBuilder()
            .WithOrigins([.. AllOrigins])
            .WithMethods(HttpMethods.Post)
            .WithHeaders(HeaderNames.ContentType, WriteKeyHeader)
            .SetPreflightMaxAge(TimeSpan.FromHours(2))
            .Build();
    }

    public const string WriteKeyHeader = "X-Write-Key";

    /// <summary>Answers preflights and lets pages read the answers (errors included) of every allowed origin.</summary>
    public CorsPolicy CorsPolicy { get; }

    public IReadOnlySet<string> AllOrigins { get; }

    public TrackingSource? Find(string? writeKey) =>
        writeKey is not null && _byWriteKey.TryGetValue(writeKey.Trim(), out var source) ? source : null;
}
