using System.ComponentModel.DataAnnotations;

namespace AutomationPlugins.Email.Configuration;

/// <summary>DKIM signing of a sender profile: <c>Plugins:email:Senders:&lt;name&gt;:Dkim</c>.</summary>
public sealed class DkimOptions : IValidatableObject
{
    /// <summary>Headers signed by default; those a message lacks are left out of the signature.</summary>
    public static readonly IReadOnlyList<string> DefaultHeaders =
        ["From", "To", "Subject", "Date", "Message-ID", "Reply-To", "MIME-Version", "Content-Type", "List-Unsubscribe", "List-Unsubscribe-Post"];

    /// <summary>The DNS selector (<c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c>); signing is on when set.</summary>
    public string? Selector { get; set; }

    /// <summary>The signing domain (<c>d=</c>); defaults to the From address's domain.</summary>
    public string? Domain { get; set; }

    /// <summary>A PEM file holding the RSA private key (relative paths resolve against the content root).</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The name of a plugin secret holding the PEM text of the key: <c>Plugins:email:Secrets:&lt;name&gt;</c>.</summary>
    public string? PrivateKeySecret { get; set; }

    /// <summary>Headers to sign; From is always signed.</summary>
    public List<string> Headers { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Selector);

    public IReadOnlyList<string> EffectiveHeaders()
    {
        var headers = Headers.Count > 0 ? Headers.Select(h => h.Trim()).ToList() : DefaultHeaders.ToList();
        if (!headers.Contains("From", StringComparer.OrdinalIgnoreCase))
        {
            headers.Insert(0, "From");
        }

        return headers;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        var hasPath = !string.IsNullOrWhiteSpace(PrivateKeyPath);
        var hasSecret = !string.IsNullOrWhiteSpace(PrivateKeySecret);
        if (hasPath == hasSecret)
        {
            yield return new ValidationResult("Selector is set: set exactly one of PrivateKeyPath and PrivateKeySecret.", [nameof(Selector)]);
        }

        if (Domain is { } domain && !SenderProfileOptions.IsDomain(domain))
        {
            yield return new ValidationResult($"Domain '{domain}' is not a domain name.", [nameof(Domain)]);
        }

        if (hasSecret && PrivateKeySecret!.Contains(':', StringComparison.Ordinal))
        {
            yield return new ValidationResult("PrivateKeySecret is the name of a secret under Plugins:email:Secrets and must not contain ':'.", [nameof(PrivateKeySecret)]);
        }

        foreach (var header in Headers.Where(h => string.IsNullOrWhiteSpace(h) || h.Any(c => c <= ' ' || c == ':' || c > '~')))
        {
            yield return new ValidationResult($"Headers: '{header}' is not a header name.", [nameof(Headers)]);
        }
    }
}
