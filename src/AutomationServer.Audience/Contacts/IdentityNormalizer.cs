using System.Net.Mail;
using System.Text.RegularExpressions;
using AutomationServer.Audience.Persistence;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace AutomationServer.Audience.Contacts;

/// <summary>
/// The one place deciding what an identity value looks like when stored: e-mail trimmed and lower-cased, phone in
/// E.164, anonymous and external ids trimmed. The same rules normalize suppressed addresses.
/// </summary>
public sealed partial class IdentityNormalizer(IOptions<AudienceOptions> options)
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>The normalized value, or an error message for the field.</summary>
    public (string? Value, string? Error) Normalize(string? kind, string? value)
    {
        if (string.IsNullOrWhiteSpace(kind))
        {
            return (null, "The identity kind is required: email, phone, anonymous or external:<system>.");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, "The identity value is required.");
        }

        var trimmed = value.Trim();
        if (trimmed.Length > AudienceTables.IdentityValueLength)
        {
            return (null, $"The identity value is longer than {AudienceTables.IdentityValueLength} characters.");
        }

        return kind switch
        {
            IdentityKinds.Email => NormalizeEmail(trimmed),
            IdentityKinds.Phone => NormalizePhone(trimmed),
            IdentityKinds.Anonymous => (trimmed, null),
            _ when IsExternalKind(kind) => (trimmed, null),
            _ => (null, $"'{kind}' is not an identity kind: use email, phone, anonymous or external:<system> (lower-case letters, digits, '-', '_', '.')."),
        };
    }

    public (string? Value, string? Error) NormalizeEmail(string value)
    {
        var trimmed = value.Trim();
        // MailAddress accepts display names and comments; only a bare address that round-trips is an e-mail identity.
        if (!MailAddress.TryCreate(trimmed, out var address) || address.Address != trimmed || !trimmed.Contains('@', StringComparison.Ordinal)
            || address.Host.Length == 0 || trimmed.Length > 254)
        {
            return (null, $"'{value}' is not an e-mail address.");
        }

        return (trimmed.ToLowerInvariant(), null);
    }

    public (string? Value, string? Error) NormalizePhone(string value)
    {
        var region = options.Value.DefaultPhoneRegion;
        try
        {
            var number = Phones.Parse(value.Trim(), string.IsNullOrWhiteSpace(region) ? null : region.Trim().ToUpperInvariant());
            if (!Phones.IsValidNumber(number))
            {
                return (null, $"'{value}' is not a valid phone number.");
            }

            return (Phones.Format(number, PhoneNumberFormat.E164), null);
        }
        catch (NumberParseException)
        {
            return (null, string.IsNullOrWhiteSpace(region) && !value.TrimStart().StartsWith('+')
                ? $"'{value}' is not a phone number in international form (+<country code>…); no Audience:DefaultPhoneRegion is configured."
                : $"'{value}' is not a phone number.");
        }
    }

    public static bool IsExternalKind(string kind) =>
        kind.StartsWith(IdentityKinds.ExternalPrefix, StringComparison.Ordinal) && kind.Length <= AudienceTables.KindLength
        && ExternalSystem().IsMatch(kind[IdentityKinds.ExternalPrefix.Length..]);

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]*$")]
    private static partial Regex ExternalSystem();
}
