using System.Security.Cryptography;
using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging.Tracking;

/// <summary>
/// The HMAC key of tracking links: <c>Messaging:Tracking:SigningKey</c> when configured, otherwise one generated on first
/// start and kept in the host's key/value state table (<see cref="IPluginStateStorage"/>, the same table plugins keep
/// their cursors in) under an owner id no plugin can have (plugin ids never contain ':'). The database rather than a
/// file, because links must keep working after a restart, on every node that shares the database, and after the server
/// is moved to another machine with its database; whoever can read the database can read the contacts anyway.
/// Two nodes starting for the very first time at the same moment could each generate a key: the last write wins and the
/// other node adopts it on its next start. Configure the key explicitly when several nodes are started together.
/// </summary>
public sealed class TrackingSigningKey(IOptions<EmailTrackingOptions> options, IPluginStateStorage storage, TimeProvider clock, ILogger<TrackingSigningKey> logger)
{
    public const string StateOwner = "host:messaging";
    public const string StateKey = "tracking-signing-key";

    private readonly SemaphoreSlim _loading = new(1, 1);
    private byte[]? _key;

    /// <summary>
    /// The key. Normally loaded at start (<see cref="LoadAsync"/>); a caller that comes earlier waits for the load, once.
    /// Sync because link building is sync (<see cref="ITrackingLinks"/>).
    /// </summary>
    public byte[] Key => _key ?? LoadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public async ValueTask<byte[]> LoadAsync(CancellationToken cancellationToken)
    {
        if (_key is { } loaded)
        {
            return loaded;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            _key ??= await ReadOrCreateAsync(cancellationToken);
            return _key;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<byte[]> ReadOrCreateAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SigningKey is { } configured)
        {
            return EmailTrackingOptionsValidator.ParseKey(configured)
                ?? throw new InvalidOperationException($"{EmailTrackingOptions.SectionName}:SigningKey is not base64 of at least {EmailTrackingOptionsValidator.MinimumKeyBytes} bytes.");
        }

        if (await storage.GetAsync(StateOwner, StateKey, cancellationToken) is { } stored && EmailTrackingOptionsValidator.ParseKey(stored) is { } storedKey)
        {
            return storedKey;
        }

        await storage.SetAsync(StateOwner, StateKey, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), clock.GetUtcNow().UtcDateTime, cancellationToken);
        // Read back rather than keep what was written, so a node racing another on first start ends with the stored key.
        var kept = await storage.GetAsync(StateOwner, StateKey, cancellationToken);
        logger.LogInformation("Generated the signing key of email tracking links and stored it in the database; set {Setting} to manage it yourself",
            EmailTrackingOptions.SectionName + ":SigningKey");
        return EmailTrackingOptionsValidator.ParseKey(kept ?? "") ?? throw new InvalidOperationException("The generated tracking signing key could not be read back.");
    }
}
