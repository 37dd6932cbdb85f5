using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AutomationServer.Host.Security;

/// <summary>
/// Checks a presented key against the configured ones in constant time: both sides are hashed first,
/// so every comparison is over 32 bytes, and every configured key is compared, match or not.
/// </summary>
public sealed class ApiKeyValidator : IDisposable
{
    private readonly IDisposable? _subscription;
    private volatile KnownKey[] _keys;

    public ApiKeyValidator(IOptionsMonitor<ApiKeyOptions> options)
    {
        _keys = Hash(options.CurrentValue);
        _subscription = options.OnChange(changed => _keys = Hash(changed));
    }

    /// <summary>Returns a short, non-secret identifier of the matching key, or null when none matches.</summary>
    public string? Validate(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? match = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                match = key.Id;
            }
        }

        return match;
    }

    public void Dispose() => _subscription?.Dispose();

    private static KnownKey[] Hash(ApiKeyOptions options) =>
        options.ApiKeys
            .Where(key => !string.IsNullOrWhiteSpace(key))
            .Select(key => key.Trim())
            .Distinct(StringComparer.Ordinal)
            .Select(key =>
            {
                var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
                // Four bytes of the hash name the key in logs without revealing it.
                return new KnownKey(hash, "key-" + Convert.ToHexStringLower(hash, 0, 4));
            })
            .ToArray();

    private sealed record KnownKey(byte[] Hash, string Id);
}
