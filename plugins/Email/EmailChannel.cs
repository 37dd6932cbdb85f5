using AutomationPlugins.Email.Composition;
using AutomationPlugins.Email.Senders;
using AutomationServer.Sdk.Channels;

namespace AutomationPlugins.Email;

/// <summary>
/// Delivers a message as an email: chooses the sender profile, composes the MIME message (Message-ID derived from
/// the message id), signs it with DKIM when the profile says so, and hands it to the profile's transport
/// (an SMTP connection pool or the pickup folder).
/// </summary>
[Channel(Name, DisplayName = "Email", Description = "Sends email over SMTP or into a pickup folder, one .eml file per message.")]
public sealed class EmailChannel : IChannel
{
    public const string Name = "email";

    private readonly SenderProfiles _profiles;

    public EmailChannel(SenderProfiles profiles) => _profiles = profiles;

    public async ValueTask<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        SenderProfile profile;
        EmailComposition composition;
        try
        {
            profile = _profiles.Choose(message);
            composition = EmailComposer.Compose(message, profile);
        }
        catch (EmailCompositionException ex)
        {
            return SendResult.Failed(ex.Message);
        }

        if (profile.Dkim is { } dkim)
        {
            try
            {
                await dkim.SignAsync(composition.Message, composition.Message.From.Mailboxes.First().Domain, cancellationToken);
            }
            catch (EmailConfigurationException ex)
            {
                return SendResult.Retry($"Sender profile '{profile.Name}' cannot sign with DKIM: {ex.Message}");
            }
        }
        else
        {
            composition.Message.Prepare(MimeKit.EncodingConstraint.SevenBit);
        }

        return await profile.Transport.SendAsync(composition, message.MessageId, cancellationToken);
    }
}
