using System.Text.Json.Nodes;
using AutomationServer.Workflows.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging.Policies;

/// <summary>Where a channel's effective policy comes from.</summary>
public enum PolicySource
{
    /// <summary>Nothing configured or saved: no caps, no quiet hours, no throttling.</summary>
    Default,
    Configuration,
    Database,
}

public sealed record ChannelPolicyView(string Channel, PolicySource Source, DateTime? UpdatedAt, JsonObject Policy);

public sealed record SavePolicyResult(ChannelPolicyView? Saved, IReadOnlyList<PolicyProblem> Problems);

/// <summary>
/// Each channel's effective policy: the one saved in the database, else the configured default. Saved policies are read
/// on every dispatch batch, so they are kept for <see cref="CacheFor"/> and reloaded at once after a save on this node.
/// </summary>
public sealed class SendPolicySettings(ISendPolicySettingsStore store, IOptions<SendPolicyOptions> options, TimeProvider clock, ILogger<SendPolicySettings> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly ExpiringSnapshot<IReadOnlyDictionary<string, StoredPolicy>> _stored = new(clock, () => CacheFor);

    public async Task<ChannelPolicy> ForChannelAsync(string channel, CancellationToken cancellationToken)
    {
        var normalized = SendPolicyChannels.Normalize(channel);
        var stored = await StoredAsync(cancellationToken);
        return stored.TryGetValue(normalized, out var saved) ? saved.Policy
            : options.Value.Channels.TryGetValue(normalized, out var configured) ? configured
            : ChannelPolicy.Unrestricted;
    }

    public async Task<IReadOnlyList<ChannelPolicyView>> ListAsync(CancellationToken cancellationToken)
    {
        var stored = await StoredAsync(cancellationToken);
        return stored.Keys.Union(options.Value.Channels.Keys).Order(StringComparer.Ordinal).Select(c => View(c, stored)).ToList();
    }

    /// <summary>Null when <paramref name="channel"/> is not a valid channel name.</summary>
    public async Task<ChannelPolicyView?> GetAsync(string channel, CancellationToken cancellationToken)
    {
        var normalized = SendPolicyChannels.Normalize(channel);
        return SendPolicyChannels.IsValid(normalized) ? View(normalized, await StoredAsync(cancellationToken)) : null;
    }

    /// <summary>Validates and stores the whole policy of a channel; it replaces the configured default.</summary>
    public async Task<SavePolicyResult> SaveAsync(string channel, string body, CancellationToken cancellationToken)
    {
        var normalized = SendPolicyChannels.Normalize(channel);
        if (!SendPolicyChannels.IsValid(normalized))
        {
            return new SavePolicyResult(null, [new PolicyProblem("channel", SendPolicyChannels.Rule)]);
        }

        var (policy, problems) = ChannelPolicyParser.Parse(body);
        if (policy is null)
        {
            return new SavePolicyResult(null, problems);
        }

        var record = new SendPolicySettingsRecord
        {
            Channel = normalized,
            Document = ChannelPolicyParser.ToJson(policy).ToJsonString(),
            UpdatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await store.SaveAsync(record, cancellationToken);
        _stored.Invalidate();
        return new SavePolicyResult(new ChannelPolicyView(normalized, PolicySource.Database, record.UpdatedAt, ChannelPolicyParser.ToJson(policy)), []);
    }

    private ChannelPolicyView View(string channel, IReadOnlyDictionary<string, StoredPolicy> stored) =>
        stored.TryGetValue(channel, out var saved) ? new ChannelPolicyView(channel, PolicySource.Database, saved.UpdatedAt, ChannelPolicyParser.ToJson(saved.Policy))
        : options.Value.Channels.TryGetValue(channel, out var configured) ? new ChannelPolicyView(channel, PolicySource.Configuration, null, ChannelPolicyParser.ToJson(configured))
        : new ChannelPolicyView(channel, PolicySource.Default, null, ChannelPolicyParser.ToJson(ChannelPolicy.Unrestricted));

    private async Task<IReadOnlyDictionary<string, StoredPolicy>> StoredAsync(CancellationToken cancellationToken) =>
        await _stored.GetAsync(LoadAsync, cancellationToken);

    private async Task<IReadOnlyDictionary<string, StoredPolicy>> LoadAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, StoredPolicy>(StringComparer.Ordinal);
        foreach (var record in await store.ListAsync(cancellationToken))
        {
            var (policy, problems) = ChannelPolicyParser.Parse(record.Document);
            if (policy is null)
            {
                // Only validated documents are saved; one edited by hand in the database falls back to the configured default.
                logger.LogWarning("The saved send policy of channel {Channel} is not applied: {Problems}", record.Channel, string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")));
                continue;
            }

            result[record.Channel] = new StoredPolicy(policy, record.UpdatedAt);
        }

        return result;
    }

    private sealed record StoredPolicy(ChannelPolicy Policy, DateTime UpdatedAt);
}
