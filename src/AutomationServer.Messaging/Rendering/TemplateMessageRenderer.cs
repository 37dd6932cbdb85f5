using System.Net;
using AutomationServer.Messaging.Recipients;
using AutomationServer.Messaging.Rendering.Liquid;
using AutomationServer.Messaging.Rendering.Text;
using AutomationServer.Messaging.Templates;
using AutomationServer.Messaging.Tracking;
using AutomationServer.Sdk.Channels;
using Fluid;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Messaging.Rendering;

/// <summary>
/// Renders a message from its stored template's current version, or from the request's own Liquid when it names no
/// template. The request's subject wins over the template's. HTML output is HTML-encoded; subject and text are not.
/// An email without a text part gets one generated from its HTML. Parsed templates come from
/// <see cref="MessageTemplateCache"/>; the only query per message is the contact's segments, and only for templates that use them.
/// </summary>
public sealed class TemplateMessageRenderer(MessageTemplateCache templates, IContactSegmentLookup segments, IServiceProvider services) : IMessageRenderer
{
    // Tracking links come from another part of the pipeline and may not be installed; looked up once, on first use.
    private readonly Lazy<ITrackingLinks?> _links = new(services.GetService<ITrackingLinks>);

    public async Task<RenderedMessage> RenderAsync(Guid messageId, MessageRequest request, Recipient recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(recipient);
        var parts = await PartsAsync(request, cancellationToken);
        var memberOf = parts.UsesSegments && recipient.ContactId is { } contactId
            ? new ContactSegmentSet(await segments.GetAsync(contactId, cancellationToken))
            : ContactSegmentSet.Empty;
        var context = MessageTemplateContext.Create(messageId, recipient, request.Data, memberOf, Links(messageId, recipient));

        var subject = await RenderAsync(parts.Subject, context, MessageTemplateContext.None, "subject");
        var html = await RenderAsync(parts.Html, context, MessageTemplateContext.Html, "HTML part");
        var text = await RenderAsync(parts.Text, context, MessageTemplateContext.None, "text part");
        var preheader = await RenderAsync(parts.Preheader, context, MessageTemplateContext.None, "preheader");
        if (html is not null && !string.IsNullOrWhiteSpace(preheader))
        {
            html = WithPreheader(html, preheader);
        }

        if (text is null && html is not null)
        {
            text = HtmlToText.Convert(html);
        }

        return new RenderedMessage
        {
            Subject = subject?.Trim(),
            HtmlBody = html,
            TextBody = text,
            From = string.IsNullOrWhiteSpace(request.From) ? parts.From : request.From,
            ReplyTo = string.IsNullOrWhiteSpace(request.ReplyTo) ? parts.ReplyTo : request.ReplyTo,
        };
    }

    private async Task<Parts> PartsAsync(MessageRequest request, CancellationToken cancellationToken)
    {
        var subjectOverride = string.IsNullOrEmpty(request.Subject) ? null : templates.Inline(request.Subject, "subject");
        if (string.IsNullOrWhiteSpace(request.TemplateId))
        {
            return new Parts(
                subjectOverride,
                null,
                string.IsNullOrEmpty(request.HtmlBody) ? null : templates.Inline(request.HtmlBody, "HTML body"),
                string.IsNullOrEmpty(request.Body) ? null : templates.Inline(request.Body, "body"),
                null,
                null,
                CompiledTemplate.MentionsSegments(request.Subject) || CompiledTemplate.MentionsSegments(request.HtmlBody) || CompiledTemplate.MentionsSegments(request.Body));
        }

        var template = await templates.GetCurrentAsync(request.TemplateId, cancellationToken)
            ?? throw new MessageRenderException($"Template '{request.TemplateId}' does not exist.");
        if (!string.Equals(template.Channel, request.Channel, StringComparison.OrdinalIgnoreCase))
        {
            throw new MessageRenderException($"Template '{template.TemplateId}' is a {template.Channel} template; the message goes by {request.Channel}.");
        }

        return new Parts(
            subjectOverride ?? template.Subject,
            template.Preheader,
            template.Html,
            template.Text,
            template.From,
            template.ReplyTo,
            template.UsesSegments || CompiledTemplate.MentionsSegments(request.Subject));
    }

    private TemplateLinks Links(Guid messageId, Recipient recipient)
    {
        if (_links.Value is not { } links || recipient.ContactId is not { } contactId)
        {
            return new TemplateLinks(null, null);
        }

        return new TemplateLinks(links.UnsubscribeUrl(messageId, contactId), links.PreferencesUrl(contactId));
    }

    private static async ValueTask<string?> RenderAsync(IFluidTemplate? template, TemplateContext context, System.Text.Encodings.Web.TextEncoder encoder, string part)
    {
        if (template is null)
        {
            return null;
        }

        try
        {
            return await template.RenderAsync(context, encoder);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new MessageRenderException($"The {part} could not be rendered: {exception.Message}", exception);
        }
    }

    /// <summary>Mail clients show the first text of the body next to the subject; the preheader is that text, hidden in the message itself.</summary>
    private static string WithPreheader(string html, string preheader)
    {
        var hidden = "<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all\">" + WebUtility.HtmlEncode(preheader.Trim()) + "</div>";
        var body = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var bodyEnd = body < 0 ? -1 : html.IndexOf('>', body);
        return bodyEnd < 0 ? hidden + html : html.Insert(bodyEnd + 1, hidden);
    }

    private sealed record Parts(IFluidTemplate? Subject, IFluidTemplate? Preheader, IFluidTemplate? Html, IFluidTemplate? Text, string? From, string? ReplyTo, bool UsesSegments);
}
