using AutomationPlugins.Email.Composition;
using AutomationServer.Sdk.Channels;

namespace AutomationPlugins.Email.Senders;

/// <summary>
/// The sender profiles (built from <c>Plugins:email:Senders</c>), and which one sends a message: the one named by its <c>X-Sender-Profile</c> header,
/// else the one whose <c>Domains</c> hold its From domain, else the default. Owns the profiles' transports.
/// </summary>
public sealed class SenderProfiles : IAsyncDisposable, IDisposable
{
    private readonly IReadOnlyDictionary<string, SenderProfile> _profiles;
    private readonly Dictionary<string, SenderProfile> _byDomain;

    internal SenderProfiles(IReadOnlyDictionary<string, SenderProfile> profiles, string defaultName)
    {
        _profiles = profiles;
        Default = profiles[defaultName];
        _byDomain = profiles.Values
        .SelectMany(p => p.Domains.Select(d => (Domain: d.Trim(), Profile: p)))
        .ToDictionary(x => x.Domain, x => x.Profile, StringComparer.OrdinalIgnoreCase);
    }

    internal SenderProfile Default { get; }

    internal IReadOnlyDictionary<string, SenderProfile> All => _profiles;

    /// <summary>The profile for a message; <see cref="EmailCompositionException"/> when it names one that does not exist.</summary>
    internal SenderProfile Choose(OutgoingMessage message)
    {
        if (message.Headers.TryGetValue(EmailComposer.SenderProfileHeader, out var named) && !string.IsNullOrWhiteSpace(named))
        {
            return _profiles.TryGetValue(named.Trim(), out var profile)
                ? profile
                : throw new EmailCompositionException(
                    $"{EmailComposer.SenderProfileHeader} '{named}' names no sender profile (Plugins:email:Senders has {string.Join(", ", _profiles.Keys)}).");
        }

        if (!string.IsNullOrWhiteSpace(message.From) && MimeKit.MailboxAddress.TryParse(message.From, out var from)
            && _byDomain.TryGetValue(from.Domain, out var byDomain))
        {
            return byDomain;
        }

        return Default;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var profile in _profiles.Values)
        {
            await profile.Transport.DisposeAsync();
        }
    }

    public void Dispose()
    {
        foreach (var profile in _profiles.Values)
        {
            profile.Transport.Dispose();
        }
    }
}
