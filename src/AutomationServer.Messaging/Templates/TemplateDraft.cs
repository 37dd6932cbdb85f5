namespace AutomationServer.Messaging.Templates;

/// <summary>What an author saves: a new template (with <see cref="Id"/>) or the next version of one.</summary>
public sealed record TemplateDraft
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Channel { get; init; }

    public string? Description { get; init; }

    public string? Subject { get; init; }

    public string? Html { get; init; }

    public string? Text { get; init; }

    public string? From { get; init; }

    public string? ReplyTo { get; init; }

    public string? Preheader { get; init; }

    public string? Note { get; init; }
}

/// <summary>Something wrong with a draft: the field (<c>subject</c>, <c>html</c>, <c>text</c>…) and, for Liquid errors, where.</summary>
public sealed record TemplateProblem(string Field, string Message, int? Line = null, int? Column = null);
