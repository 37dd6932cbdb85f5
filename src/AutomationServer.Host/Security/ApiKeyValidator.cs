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

    /// <summary>Returns a short, non-secret identifier of the matching key and whether it is an administrator key, or null when none matches.</summary>
    public ValidatedKey? Validate(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        ValidatedKey? match = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                match = new ValidatedKey(key.Id, key.IsAdministrator);
            }
        }

        return match;
    }

    public void Dispose() => _subscription?.Dispose();

    private static KnownKey[] Hash(ApiKeyOptions options)
    {
        var administrators = Clean(options.AdminApiKeys).ToHashSet(StringComparer.Ordinal);
        return Clean(options.ApiKeys).Concat(administrators)
            .Distinct(StringComparer.Ordinal)
            .Select(key =>
            {
                var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
                // Four bytes of the hash name the key in logs without revealing it.
                return new KnownKey(hash, "key-" + Convert.ToHexStringLower(hash, 0, 4), administrators.Contains(key));
            })
            .ToArray();
    }

    private static IEnumerable<string> Clean(IEnumerable<string> keys) =>
        keys.Where(key => !string.IsNullOrWhiteSpace(key)).Select(key => key.Trim());

    private sealed record KnownKey(byte[] Hash, string Id, bool IsAdministrator);
}

/// <summary>A presented key that matched: its log-safe id and whether it administers the server.</summary>
public sealed record ValidatedKey(string Id, bool IsAdministrator);
