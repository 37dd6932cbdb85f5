using AutomationServer.Audience.Contacts;
using AutomationServer.Messaging.Recipients;
using AutomationServer.Messaging.Rendering;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Definitions;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Messaging.Templates;

public enum PreviewStatus
{
    Rendered,
    TemplateNotFound,
    ContactNotFound,

    /// <summary>The template rendered with an error (e.g. a filter failing on the data given).</summary>
    RenderFailed,

    /// <summary>Test send only: no channel of the template's kind is installed.</summary>
    NoChannel,
}

public sealed record TemplatePreviewResult(PreviewStatus Status, RenderedMessage? Message = null, SendResult? Sent = null, string? Error = null);

/// <summary>
/// Renders a template for a chosen contact exactly as the pipeline would (same renderer, same recipient shape), and
/// sends a test copy straight to a channel, outside the outbox and the send policies.
/// </summary>
public sealed class TemplatePreviewService(
    MessageTemplateCache templates,
    IMessageTemplateStore store,
    TemplateMessageRenderer renderer,
    ContactService contacts,
    ChannelRegistry channels,
    IMessageSender sender,
    IServiceProvider services)
{
    public const string TestSubjectPrefix = "[Test] ";

    public async Task<TemplatePreviewResult> PreviewAsync(string templateId, Guid? contactId, IReadOnlyDictionary<string, object?>? data, CancellationToken cancellationToken)
    {
        var template = await templates.GetCurrentAsync(templateId, cancellationToken);
        if (template is null || await IsDeletedAsync(templateId, cancellationToken))
        {
            return new TemplatePreviewResult(PreviewStatus.TemplateNotFound);
        }

        var recipient = contactId is { } id ? await RecipientAsync(id, template.Channel, cancellationToken) : new Recipient();
        if (recipient is null)
        {
            return new TemplatePreviewResult(PreviewStatus.ContactNotFound);
        }

        return await RenderAsync(Guid.NewGuid(), template, recipient, data, cancellationToken);
    }

    public async Task<TemplatePreviewResult> TestSendAsync(string templateId, string to, Guid? contactId, IReadOnlyDictionary<string, object?>? data, CancellationToken cancellationToken)
    {
        var template = await templates.GetCurrentAsync(templateId, cancellationToken);
        if (template is null || await IsDeletedAsync(templateId, cancellationToken))
        {
            return new TemplatePreviewResult(PreviewStatus.TemplateNotFound);
        }

        if (channels.Find(template.Channel) is null)
        {
            var installed = channels.Channels.Count == 0 ? "no channels are installed" : "installed: " + string.Join(", ", channels.Channels.Select(c => c.Name));
            return new TemplatePreviewResult(PreviewStatus.NoChannel, Error: $"No '{template.Channel}' channel is installed ({installed}).");
        }

        var recipient = contactId is { } id ? await RecipientAsync(id, template.Channel, cancellationToken) : new Recipient();
        if (recipient is null)
        {
            return new TemplatePreviewResult(PreviewStatus.ContactNotFound);
        }

        var messageId = Guid.NewGuid();
        var rendered = await RenderAsync(messageId, template, recipient with { Address = to }, data, cancellationToken);
        if (rendered.Message is not { } message)
        {
            return rendered;
        }

        var result = await sender.SendAsync(
            new OutgoingMessage
            {
                MessageId = messageId,
                Channel = template.Channel,
                To = to,
                From = message.From,
                Subject = message.Subject is null ? null : TestSubjectPrefix + message.Subject,
                Body = message.TextBody,
                HtmlBody = message.HtmlBody,
                Headers = message.Headers,
                ContactId = recipient.ContactId?.ToString("D"),
            },
            cancellationToken);
        return rendered with { Sent = result };
    }

    private async Task<TemplatePreviewResult> RenderAsync(Guid messageId, CompiledTemplate template, Recipient recipient, IReadOnlyDictionary<string, object?>? data, CancellationToken cancellationToken)
    {
        var request = new MessageRequest
        {
            Channel = template.Channel,
            TemplateId = template.TemplateId,
            ContactId = recipient.ContactId?.ToString("D"),
            Data = data ?? new Dictionary<string, object?>(),
        };
        try
        {
            return new TemplatePreviewResult(PreviewStatus.Rendered, await renderer.RenderAsync(messageId, request, recipient, cancellationToken));
        }
        catch (MessageRenderException failure)
        {
            return new TemplatePreviewResult(PreviewStatus.RenderFailed, Error: failure.Message);
        }
    }

    private async Task<bool> IsDeletedAsync(string templateId, CancellationToken cancellationToken) =>
        (await store.FindAsync(templateId, cancellationToken))?.Deleted ?? true;

    /// <summary>The pipeline's recipient directory when one is installed; otherwise the same shape built from the contact.</summary>
    private async Task<Recipient?> RecipientAsync(Guid contactId, string channel, CancellationToken cancellationToken)
    {
        if (services.GetService<IRecipientDirectory>() is { } directory)
        {
            return (await directory.GetAsync([contactId], channel, cancellationToken)).GetValueOrDefault(contactId);
        }

        var contact = await contacts.GetAsync(contactId, cancellationToken);
        if (contact is null)
        {
            return null;
        }

        var identities = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var identity in contact.Identities)
        {
            identities.TryAdd(identity.Kind, identity.Value);
        }

        var addressKind = channel == TemplateChannels.Sms ? IdentityKinds.Phone : channel;
        return new Recipient
        {
            ContactId = contact.Id,
            Address = identities.GetValueOrDefault(addressKind),
            TimeZone = contact.TimeZone,
            Locale = contact.Locale,
            DoNotContact = contact.DoNotContact,
            LifecycleStage = contact.LifecycleStage,
            Score = contact.Score,
            Identities = identities,
            Attributes = contact.Attributes.ToDictionary(a => a.Key, a => InputJson.ToClr(a.Value), StringComparer.Ordinal),
            Tags = contact.Tags,
        };
    }
}
