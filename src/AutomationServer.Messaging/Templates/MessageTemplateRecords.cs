namespace AutomationServer.Messaging.Templates;

/// <summary>A stored message template: its id (the slug journeys reference), channel and current version.</summary>
public sealed class MessageTemplateRecord
{
    /// <summary>A slug such as <c>trial-day-0</c>: see <see cref="TemplateIds"/>.</summary>
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary><c>email</c>, <c>sms</c> or <c>chat</c> (<see cref="TemplateChannels"/>).</summary>
    public string Channel { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>The version messages are rendered with: the newest one.</summary>
    public int CurrentVersion { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// Deleted templates are hidden from lists but kept, so messages already queued with them still render and
    /// creating the id again continues its version numbers.
    /// </summary>
    public bool Deleted { get; set; }
}

/// <summary>One saved version of a template's content. Never changed after it is written.</summary>
public sealed class MessageTemplateVersionRecord
{
    public string TemplateId { get; set; } = "";

    public int Version { get; set; }

    public string? Subject { get; set; }

    public string? Html { get; set; }

    /// <summary>A hand-written text part; when null an email's text part is generated from <see cref="Html"/>.</summary>
    public string? Text { get; set; }

    public string? From { get; set; }

    public string? ReplyTo { get; set; }

    /// <summary>The preview line mail clients show after the subject, placed hidden at the top of the HTML.</summary>
    public string? Preheader { get; set; }

    /// <summary>What changed, in the author's words.</summary>
    public string? Note { get; set; }

    public DateTime CreatedAt { get; set; }
}
