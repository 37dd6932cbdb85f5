using System.Collections.Concurrent;
using AutomationServer.Audience;
using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging.Policies;

/// <summary>A recipient's IANA time zone, or <c>Audience:DefaultTimeZone</c> when it has none or one this server does not know.</summary>
public sealed class RecipientTimeZones(IOptions<AudienceOptions> options)
{
    private readonly ConcurrentDictionary<string, TimeZoneInfo?> _known = new(StringComparer.OrdinalIgnoreCase);

    public TimeZoneInfo For(string? timeZone) =>
        (string.IsNullOrWhiteSpace(timeZone) ? null : Find(timeZone.Trim())) ?? Find(options.Value.DefaultTimeZone) ?? TimeZoneInfo.Utc;

    private TimeZoneInfo? Find(string? id) =>
        string.IsNullOrWhiteSpace(id) ? null : _known.GetOrAdd(id, key => TimeZoneInfo.TryFindSystemTimeZoneById(key, out var zone) ? zone : null);
}
