using System.Net;
using AutomationPlugins.Email.Composition;
using AutomationPlugins.Email.Configuration;
using AutomationPlugins.Email.Transport;
using AutomationServer.Sdk.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace AutomationPlugins.Email.Senders;

/// <summary>
/// Turns validated options into sender profiles. Created at plugin start: folders are resolved and DKIM key files
/// read there, so a wrong path stops the plugin naming the setting; secrets are read at the first send.
/// </summary>
internal sealed class SenderProfileFactory
{
    private const string Section = "Plugins:email";

    private readonly EmailOptions _options;
    private readonly string _contentRoot;
    private readonly Dictionary<string, DkimOptions> _dkimFromSecrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DkimSigning> _dkimFromFiles = new(StringComparer.OrdinalIgnoreCase);

    public SenderProfileFactory(EmailOptions options, string contentRoot)
    {
        _options = options;
        _contentRoot = contentRoot;
        foreach (var (name, profile) in options.EffectiveSenders())
        {
            if (!profile.Dkim.Enabled)
            {
                continue;
            }

            var prefix = $"{Section}:Senders:{name}:Dkim";
            if (!string.IsNullOrWhiteSpace(profile.Dkim.PrivateKeyPath))
            {
                _dkimFromFiles[name] = DkimSigning.FromFile(profile.Dkim, prefix, Resolve(profile.Dkim.PrivateKeyPath));
            }
            else
            {
                _dkimFromSecrets[name] = profile.Dkim;
            }
        }
    }

    /// <summary>The pickup folder of a profile, absolute.</summary>
    public string PickupDirectory(SenderProfileOptions profile) => Resolve(profile.PickupDirectory ?? _options.PickupDirectory);

    public SenderProfiles Create<TPlugin>(IPluginSecrets<TPlugin> secrets, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("AutomationPlugins.Email");
        var profiles = new Dictionary<string, SenderProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, settings) in _options.EffectiveSenders())
        {
            var dkim = _dkimFromFiles.GetValueOrDefault(name)
                ?? (_dkimFromSecrets.TryGetValue(name, out var dkimOptions)
                    ? DkimSigning.FromSecret(dkimOptions, $"{Section}:Senders:{name}:Dkim", ct => secrets.GetAsync(dkimOptions.PrivateKeySecret!.Trim(), ct))
                    : null);
            IEmailTransport transport = settings.Transport == EmailTransportKind.Smtp
                ? new SmtpTransport(new SmtpConnectionPool(settings.Smtp, ct => CredentialsAsync(name, settings.Smtp, secrets, ct)), name, logger)
                : new PickupFolderTransport(PickupDirectory(settings));
            profiles[name] = new SenderProfile(
                name,
                MailboxAddress.Parse(settings.From),
                settings.ReturnPath is { } returnPath ? MailboxAddress.Parse(returnPath) : null,
                settings.MessageIdDomain?.Trim(),
                settings.Domains.Select(d => d.Trim()).ToList(),
                transport,
                dkim);
        }

        return new SenderProfiles(profiles, _options.EffectiveDefaultSender());
    }

    private static async ValueTask<NetworkCredential?> CredentialsAsync<TPlugin>(string profile, SmtpOptions smtp, IPluginSecrets<TPlugin> secrets, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(smtp.UserName))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(smtp.Password))
        {
            return new NetworkCredential(smtp.UserName, smtp.Password);
        }

        var secretName = smtp.PasswordSecret!.Trim();
        var password = await secrets.GetAsync(secretName, cancellationToken)
            ?? throw new EmailConfigurationException(
                $"{Section}:Senders:{profile}:Smtp:PasswordSecret names the secret '{secretName}', but {Section}:Secrets:{secretName} is not configured.");
        return new NetworkCredential(smtp.UserName, password);
    }

    private string Resolve(string path) => Path.GetFullPath(path.Trim(), _contentRoot);
}
