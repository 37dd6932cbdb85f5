using System.Security.Cryptography;
using System.Text;

namespace AutomationPlugins.Webhook;

/// <summary>
/// The signature receivers check: <c>sha256=</c> followed by the lower-case hex HMAC-SHA256 of the exact
/// request body bytes, keyed with the UTF-8 bytes of the signing key.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    public static string Compute(string signingKey, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), body));

    /// <summary>Constant-time comparison, for receivers written in .NET.</summary>
    public static bool Verify(string signingKey, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(signingKey, body)),
            Encoding.ASCII.GetBytes(signature));
}
