using System.Collections.Concurrent;
using AutomationServer.Messaging.Tracking;
using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging.Tests.Tracking;

public sealed class TrackingSigningKeyTests
{
    private readonly MemoryStateStorage _storage = new();

    [Fact]
    public async Task A_generated_key_is_stored_and_found_again_after_a_restart()
    {
        var first = await Key(new EmailTrackingOptions()).LoadAsync(CancellationToken.None);
        var afterRestart = await Key(new EmailTrackingOptions()).LoadAsync(CancellationToken.None);

        Assert.Equal(32, first.Length);
        Assert.Equal(first, afterRestart);
        Assert.Equal(Convert.ToBase64String(first), _storage.Values[(TrackingSigningKey.StateOwner, TrackingSigningKey.StateKey)]);
    }

    [Fact]
    public async Task A_configured_key_is_used_and_nothing_is_stored()
    {
        var configured = Convert.ToBase64String(Enumerable.Range(0, 40).Select(i => (byte)i).ToArray());

        var key = await Key(new EmailTrackingOptions { SigningKey = configured }).LoadAsync(CancellationToken.None);

        Assert.Equal(Convert.FromBase64String(configured), key);
        Assert.Empty(_storage.Values);
    }

    [Theory]
    [InlineData("ftp://example.com", null)]
    [InlineData("/relative", null)]
    [InlineData("https://example.com/?a=b", null)]
    [InlineData("https://example.com", "c2hvcnQ=")]
    [InlineData("https://example.com", "not base64!")]
    public void Bad_settings_are_refused_at_start(string baseUrl, string? signingKey)
    {
        var result = new EmailTrackingOptionsValidator().Validate(null, new EmailTrackingOptions { PublicBaseUrl = baseUrl, SigningKey = signingKey });

        Assert.True(result.Failed);
        Assert.Contains(signingKey is null ? "Messaging:PublicBaseUrl" : "Messaging:Tracking:SigningKey", result.FailureMessage);
    }

    [Fact]
    public void Good_settings_pass() =>
        Assert.True(new EmailTrackingOptionsValidator().Validate(null, new EmailTrackingOptions { PublicBaseUrl = "https://mail.example.com/base" }).Succeeded);

    private TrackingSigningKey Key(EmailTrackingOptions options) =>
        new(Options.Create(options), _storage, TimeProvider.System, NullLogger<TrackingSigningKey>.Instance);

    private sealed class MemoryStateStorage : IPluginStateStorage
    {
        public ConcurrentDictionary<(string, string), string> Values { get; } = new();

        public Task<string?> GetAsync(string pluginId, string key, CancellationToken cancellationToken) =>
            Task.FromResult(Values.TryGetValue((pluginId, key), out var value) ? value : null);

        public Task SetAsync(string pluginId, string key, string value, DateTime updatedAtUtc, CancellationToken cancellationToken)
        {
            Values[(pluginId, key)] = value;
            return Task.CompletedTask;
        }

        public Task<bool> DeleteAsync(string pluginId, string key, CancellationToken cancellationToken) => Task.FromResult(Values.TryRemove((pluginId, key), out _));
    }
}
