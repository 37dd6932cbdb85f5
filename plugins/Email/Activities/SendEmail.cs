using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Channels;

namespace AutomationPlugins.Email.Activities;

/// <summary>
/// Puts an email for the journey's contact (or an explicit address) in the outbox; the send pipeline renders it,
/// applies consent, caps and quiet hours, and sends it exactly once. The message id is kept in the variable
/// <see cref="EngagementInputs.LastMessageVariable"/> so engagement waits and decisions that follow default to it.
/// </summary>
[Activity(TypeName, Category = "Email", DisplayName = "Send email",
    Description = "Sends an email from a template to the journey's contact through the send pipeline.")]
public sealed class SendEmail : Activity
{
    public const string TypeName = "Email.Send";
    public const string SubjectVariantKey = "subjectVariant";

    [Input(Description = "The message template to render.", UIHint = UIHints.TemplatePicker, Order = 0)]
    public Input<string> Template { get; set; } = default!;

    [Input(Description = "Overrides the template's subject (Liquid). Several lines are an A/B test: each contact gets one line, always the same.",
        UIHint = UIHints.MultiLine, Order = 1)]
    public Input<string> Subject { get; set; } = default!;

    [Input(Description = "The sender address, e.g. \"Shop <news@example.com>\"; by default the sender profile's.", Order = 2)]
    public Input<string> From { get; set; } = default!;

    [Input(DisplayName = "Reply-To", Description = "Where replies go.", Order = 3)]
    public Input<string> ReplyTo { get; set; } = default!;

    [Input(Description = "The subscription topic the contact must not have left.", UIHint = UIHints.TopicPicker, Order = 4)]
    public Input<string> Topic { get; set; } = default!;

    [Input(Description = "Marketing needs consent and respects caps and quiet hours; transactional is what the contact asked for.",
        UIHint = UIHints.Select, Options = [MarketingPurpose, TransactionalPurpose], DefaultValue = MarketingPurpose, Order = 5)]
    public Input<string> Purpose { get; set; } = default!;

    [Input(Description = "An explicit address instead of the journey's contact (e.g. a team mailbox).", Order = 6)]
    public Input<string> To { get; set; } = default!;

    [Output(Description = "The message id (for engagement waits and decisions).")]
    public Output<string> MessageId { get; set; } = default!;

    private const string MarketingPurpose = "marketing";
    private const string TransactionalPurpose = "transactional";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var contactId = ContactIdOf(context);
        var to = Trimmed(context.Get(To));
        if (contactId is null && to is null)
        {
            throw new InvalidOperationException(
                "Email.Send has no recipient: the journey has no contact (its correlation id is not a contact id) and input 'To' is empty.");
        }

        var data = MessageData.From(context);
        var subject = Trimmed(context.Get(Subject));
        if (subject is not null && SubjectVariants.Split(subject) is { Count: > 1 } variants)
        {
            var index = SubjectVariants.IndexFor(contactId ?? to!, variants.Count);
            subject = variants[index];
            data[SubjectVariantKey] = index;
        }

        var template = Trimmed(context.Get(Template));
        if (template is null && subject is null)
        {
            throw new InvalidOperationException("Email.Send needs a template (input 'Template') or at least a subject.");
        }

        var id = context.QueueMessage(new MessageRequest
        {
            Channel = EmailChannel.Name,
            ContactId = contactId,
            To = to,
            TemplateId = template,
            Subject = subject,
            From = Trimmed(context.Get(From)),
            ReplyTo = Trimmed(context.Get(ReplyTo)),
            Topic = Trimmed(context.Get(Topic)),
            Purpose = PurposeOf(context.Get(Purpose)),
            Data = data,
        });

        var idText = id.ToString("D");
        context.Set(MessageId, idText);
        context.SetVariable(EngagementInputs.LastMessageVariable, idText);
        return ValueTask.FromResult(ActivityResult.Done());
    }

    /// <summary>Audience triggers set the correlation id to the contact id; anything else is not a contact.</summary>
    private static string? ContactIdOf(ActivityContext context) =>
        Guid.TryParse(context.CorrelationId, out var contactId) ? contactId.ToString("D") : null;

    private static MessagePurpose PurposeOf(string? text) => Trimmed(text)?.ToLowerInvariant() switch
    {
        null or MarketingPurpose => MessagePurpose.Marketing,
        TransactionalPurpose => MessagePurpose.Transactional,
        var other => throw new InvalidOperationException($"Input 'Purpose' is '{other}'; it must be '{MarketingPurpose}' or '{TransactionalPurpose}'."),
    };

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
