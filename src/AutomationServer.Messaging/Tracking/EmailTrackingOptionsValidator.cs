using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging.Tracking;

public sealed class EmailTrackingOptionsValidator : IValidateOptions<EmailTrackingOptions>
{
    public const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, EmailTrackingOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment) || !string.IsNullOrEmpty(baseUrl.UserInfo))
        {
            errors.Add($"{EmailTrackingOptions.PublicBaseUrlKey} must be an absolute http or https URL without query, fragment or user info (e.g. https://mail.example.com); it is '{options.PublicBaseUrl}'.");
        }

        if (options.SigningKey is { } key && ParseKey(key) is null)
        {
            errors.Add($"{EmailTrackingOptions.SectionName}:SigningKey must be base64 of at least {MinimumKeyBytes} bytes (e.g. the output of 'openssl rand -base64 32'), or unset to have one generated.");
        }

        if (options.PreferencesLinkLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{EmailTrackingOptions.SectionName}:PreferencesLinkLifetime must be more than 00:00:00.");
        }

        if (options.PageRequestsPerMinute < 1)
        {
            errors.Add($"{EmailTrackingOptions.SectionName}:PageRequestsPerMinute must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The key bytes, or null when the text is not base64 of at least <see cref="MinimumKeyBytes"/> bytes.</summary>
    public static byte[]? ParseKey(string text)
    {
        try
        {
            var bytes = Convert.FromBase64String(text.Trim());
            return bytes.Length >= MinimumKeyBytes ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
