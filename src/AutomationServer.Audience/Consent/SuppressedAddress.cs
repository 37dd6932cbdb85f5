using System.Security.Cryptography;
using System.Text;

namespace AutomationServer.Audience.Consent;

/// <summary>
/// The two forms a suppressed address is stored in. An erased contact's suppressions must keep blocking the
/// address without the server holding the address itself, so erasure replaces it by its SHA-256
/// ("sha256:" + lower-case hex of the normalized address); every lookup asks for both forms.
/// </summary>
public static class SuppressedAddress
{
    private const string HashPrefix = "sha256:";

    public static string Hashed(string normalizedAddress) =>
        HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedAddress)));

    public static bool IsHashed(string storedAddress) => storedAddress.StartsWith(HashPrefix, StringComparison.Ordinal);

    /// <summary>The plain and the hashed form of each address: what a suppression lookup compares with.</summary>
    public static IReadOnlyList<string> LookupForms(IEnumerable<string> normalizedAddresses) =>
        normalizedAddresses.SelectMany(a => new[] { a, Hashed(a) }).Distinct(StringComparer.Ordinal).ToList();
}
