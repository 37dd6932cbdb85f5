using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AutomationServer.Api.Tracking;

/// <summary>
/// Drops form fields that must never be stored, whatever a page sends: passwords, security tokens, card and bank
/// numbers. The tracking script leaves them out already; this is the server's own guard for modified scripts.
/// </summary>
public static partial class SensitiveFields
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "password", "passwd", "pass", "pwd", "passphrase", "secret", "token", "csrf", "xsrf", "nonce", "otp", "pin",
        "card", "cc", "ccnum", "cvc", "cvv", "cvv2", "csc", "iban", "bic", "ssn", "apikey", "authenticity", "captcha",
    };

    private static readonly string[] Phrases = ["password", "creditcard", "cardnumber", "securitycode", "accountnumber", "routingnumber", "socialsecurity", "verificationtoken"];

    /// <summary>Whether a field named so is sensitive: <c>password</c>, <c>_token</c>, <c>cc-number</c>, <c>__RequestVerificationToken</c>.</summary>
    public static bool IsSensitiveName(string name)
    {
        var words = NameWords().Matches(name).Select(m => m.Value.ToLowerInvariant()).ToList();
        var joined = string.Concat(words);
        return words.Any(Words.Contains) || Phrases.Any(p => joined.Contains(p, StringComparison.Ordinal));
    }

    /// <summary>13 to 19 digits (spaces and dashes allowed) passing the Luhn check: a payment card number.</summary>
    public static bool LooksLikeCardNumber(string value)
    {
        var digits = new List<int>(19);
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Add(c - '0');
            }
            else if (c is not (' ' or '-'))
            {
                return false;
            }
        }

        if (digits.Count is < 13 or > 19)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < digits.Count; i++)
        {
            var digit = digits[digits.Count - 1 - i];
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    /// <summary>The form's properties without sensitive entries at the top level and in <c>fields</c>; other values as given.</summary>
    public static JsonElement? CleanForm(JsonElement? properties)
    {
        if (properties is not { ValueKind: JsonValueKind.Object } given || JsonNode.Parse(given.GetRawText()) is not JsonObject root)
        {
            return properties;
        }

        Clean(root);
        if (root["fields"] is JsonObject fields)
        {
            Clean(fields);
        }

        return JsonSerializer.SerializeToElement(root);
    }

    private static void Clean(JsonObject target)
    {
        foreach (var (name, value) in target.ToList())
        {
            if (IsSensitiveName(name) || IsCardValue(value))
            {
                target.Remove(name);
            }
        }
    }

    private static bool IsCardValue(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var text) => LooksLikeCardNumber(text),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => LooksLikeCardNumber(v.ToJsonString()),
        JsonArray items => items.Any(IsCardValue),
        _ => false,
    };

    // Words of a name in any style: snake_case, kebab-case, camelCase, PascalCase, ALLCAPS.
    [GeneratedRegex("[A-Z]{2,}(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")]
    private static partial Regex NameWords();
}
