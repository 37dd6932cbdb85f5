using System.Text.Json;
using AutomationServer.Messaging.Templates;

namespace AutomationServer.Api.Messaging.Templates;

/// <summary>A template draft as the API and the designer send it.</summary>
public sealed record TemplateBody(
    string? Id, string? Name, string? Channel, string? Description, string? Subject, string? Html, string? Text,
    string? From, string? ReplyTo, string? Preheader, string? Note)
{
    public TemplateDraft ToDraft() => new()
    {
        Id = Id, Name = Name, Channel = Channel, Description = Description, Subject = Subject, Html = Html, Text = Text,
        From = From, ReplyTo = ReplyTo, Preheader = Preheader, Note = Note,
    };
}

/// <summary><c>contactId</c> (optional: without it the contact fields are empty) and <c>data</c>, what a journey would pass (variables, event properties).</summary>
public sealed record PreviewBody(string? ContactId, JsonElement? Data);

/// <summary>The address to send the test to, optionally a contact whose data fills the template, and <c>data</c>.</summary>
public sealed record TestSendBody(string? To, string? ContactId, JsonElement? Data);

public sealed record TemplateSummary(string Id, string Name, string Channel, string? Description, int CurrentVersion, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static TemplateSummary Of(MessageTemplateRecord t) => new(t.Id, t.Name, t.Channel, t.Description, t.CurrentVersion, t.CreatedAt, t.UpdatedAt);
}

public sealed record TemplateVersionView(
    string TemplateId, int Version, string? Subject, string? Html, string? Text, string? From, string? ReplyTo, string? Preheader, string? Note, DateTime CreatedAt)
{
    public static TemplateVersionView Of(MessageTemplateVersionRecord v) =>
        new(v.TemplateId, v.Version, v.Subject, v.Html, v.Text, v.From, v.ReplyTo, v.Preheader, v.Note, v.CreatedAt);
}

/// <summary>A template with the content of its current version.</summary>
public sealed record TemplateView(
    string Id, string Name, string Channel, string? Description, int CurrentVersion, DateTime CreatedAt, DateTime UpdatedAt,
    int Version, string? Subject, string? Html, string? Text, string? From, string? ReplyTo, string? Preheader, string? Note)
{
    public static TemplateView Of(MessageTemplateRecord t, MessageTemplateVersionRecord v) => new(
        t.Id, t.Name, t.Channel, t.Description, t.CurrentVersion, t.CreatedAt, t.UpdatedAt,
        v.Version, v.Subject, v.Html, v.Text, v.From, v.ReplyTo, v.Preheader, v.Note);
}

public sealed record RenderedView(string? Subject, string? Html, string? Text, string? From, string? ReplyTo);
