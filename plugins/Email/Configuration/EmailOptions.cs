using System.ComponentModel.DataAnnotations;

namespace AutomationPlugins.Email.Configuration;

/// <summary>
/// Settings from <c>Plugins:email</c> in appsettings.json. Without any sender profile the plugin delivers
/// into the pickup folder, so a fresh server sends out of the box.
/// </summary>
public sealed class EmailOptions : IValidatableObject
{
    /// <summary>The profile name used when no <see cref="Senders"/> are configured.</summary>
    public const string ImplicitSenderName = "default";

    /// <summary>
    /// Where pickup-folder profiles write their <c>.eml</c> files unless they name their own folder.
    /// Relative paths resolve against the server's content root; default <c>data/mail-pickup</c>.
    /// </summary>
    public string PickupDirectory { get; set; } = Path.Combine("data", "mail-pickup");

    /// <summary>The profile for messages that name none and whose From domain no profile claims. Optional with one profile, or when one is called <c>default</c>.</summary>
    public string? DefaultSender { get; set; }

    /// <summary>Sender profiles by name: <c>Plugins:email:Senders:&lt;name&gt;</c>.</summary>
    public Dictionary<string, SenderProfileOptions> Senders { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The profiles in force: the configured ones, or one pickup-folder profile when none are.</summary>
    public IReadOnlyDictionary<string, SenderProfileOptions> EffectiveSenders() =>
        Senders.Count > 0
            ? new Dictionary<string, SenderProfileOptions>(Senders, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, SenderProfileOptions>(StringComparer.OrdinalIgnoreCase) { [ImplicitSenderName] = new SenderProfileOptions() };

    /// <summary>The name of the default profile (validated: it exists).</summary>
    public string EffectiveDefaultSender()
    {
        var senders = EffectiveSenders();
        if (!string.IsNullOrWhiteSpace(DefaultSender))
        {
            return senders.Keys.First(k => string.Equals(k, DefaultSender.Trim(), StringComparison.OrdinalIgnoreCase));
        }

        return senders.Count == 1 ? senders.Keys.Single() : senders.Keys.First(k => string.Equals(k, ImplicitSenderName, StringComparison.OrdinalIgnoreCase));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(PickupDirectory))
        {
            yield return new ValidationResult("PickupDirectory must name a folder.", [nameof(PickupDirectory)]);
        }

        foreach (var name in Senders.Keys.Where(n => !IsProfileName(n)))
        {
            yield return new ValidationResult($"Sender profile name '{name}' must be letters, digits, '-' or '_'.", [nameof(Senders)]);
        }

        if (!string.IsNullOrWhiteSpace(DefaultSender))
        {
            if (!EffectiveSenders().ContainsKey(DefaultSender.Trim()))
            {
                yield return new ValidationResult(
                    $"DefaultSender '{DefaultSender}' names no profile under Senders (configured: {string.Join(", ", EffectiveSenders().Keys)}).", [nameof(DefaultSender)]);
            }
        }
        else if (Senders.Count > 1 && !Senders.ContainsKey(ImplicitSenderName))
        {
            yield return new ValidationResult(
                $"With several sender profiles ({string.Join(", ", Senders.Keys)}), set DefaultSender or call one of them '{ImplicitSenderName}'.", [nameof(DefaultSender)]);
        }

        var claimed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, profile) in Senders)
        {
            foreach (var domain in profile.Domains)
            {
                if (!claimed.TryAdd(domain.Trim(), name))
                {
                    yield return new ValidationResult($"Domain '{domain}' is claimed by both sender profiles '{claimed[domain.Trim()]}' and '{name}'.", [nameof(Senders)]);
                }
            }
        }
    }

    private static bool IsProfileName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
