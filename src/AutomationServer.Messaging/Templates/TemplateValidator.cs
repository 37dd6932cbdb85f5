using AutomationServer.Messaging.Rendering.Liquid;

namespace AutomationServer.Messaging.Templates;

/// <summary>
/// Checks a draft before it is saved: id, name, channel, sizes, the parts each channel needs, and every Liquid part
/// parsed with the renderer's own parser so that what saves also renders. Liquid errors carry line and column.
/// </summary>
public static class TemplateValidator
{
    public const int MaxNameLength = 256;
    public const int MaxDescriptionLength = 2_000;
    public const int MaxSubjectLength = 1_000;
    public const int MaxPreheaderLength = 1_000;
    public const int MaxHtmlLength = 512 * 1024;
    public const int MaxTextLength = 128 * 1024;
    public const int MaxAddressLength = 320;
    public const int MaxNoteLength = 1_000;

    /// <summary>Problems of a complete draft (creating, or validating in the designer); <paramref name="checkId"/> when the id is part of it.</summary>
    public static IReadOnlyList<TemplateProblem> Validate(TemplateDraft draft, bool checkId)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var problems = new List<TemplateProblem>();
        if (checkId && !TemplateIds.IsValid(draft.Id))
        {
            problems.Add(new TemplateProblem("id", string.IsNullOrEmpty(draft.Id)
                ? "An id is required: a lower-case slug such as 'trial-day-0'."
                : $"'{draft.Id}' is not a valid id: use lower-case letters, digits and single '-', '_' or '.' between them, at most {TemplateIds.MaxLength} characters."));
        }

        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            problems.Add(new TemplateProblem("name", "A name is required."));
        }

        if (!TemplateChannels.IsKnown(draft.Channel))
        {
            problems.Add(new TemplateProblem("channel", $"The channel must be one of: {string.Join(", ", TemplateChannels.All)}."));
        }
        else if (draft.Channel == TemplateChannels.Email)
        {
            if (string.IsNullOrWhiteSpace(draft.Subject))
            {
                problems.Add(new TemplateProblem("subject", "An email template needs a subject."));
            }

            if (string.IsNullOrWhiteSpace(draft.Html) && string.IsNullOrWhiteSpace(draft.Text))
            {
                problems.Add(new TemplateProblem("html", "An email template needs an HTML part or a text part."));
            }
        }
        else if (string.IsNullOrWhiteSpace(draft.Text))
        {
            problems.Add(new TemplateProblem("text", $"A {draft.Channel} template needs a text."));
        }

        Length(problems, "name", draft.Name, MaxNameLength);
        Length(problems, "description", draft.Description, MaxDescriptionLength);
        Length(problems, "from", draft.From, MaxAddressLength);
        Length(problems, "replyTo", draft.ReplyTo, MaxAddressLength);
        Length(problems, "note", draft.Note, MaxNoteLength);
        Liquid(problems, "subject", draft.Subject, MaxSubjectLength);
        Liquid(problems, "preheader", draft.Preheader, MaxPreheaderLength);
        Liquid(problems, "html", draft.Html, MaxHtmlLength);
        Liquid(problems, "text", draft.Text, MaxTextLength);
        return problems;
    }

    private static void Length(List<TemplateProblem> problems, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            problems.Add(new TemplateProblem(field, $"At most {max} characters are allowed; this has {value.Length}."));
        }
    }

    private static void Liquid(List<TemplateProblem> problems, string field, string? source, int max)
    {
        if (source is null)
        {
            return;
        }

        if (source.Length > max)
        {
            Length(problems, field, source, max);
            return;
        }

        if (LiquidSyntax.TryParse(source, out var error) is null)
        {
            problems.Add(new TemplateProblem(field, $"Liquid syntax error at line {error!.Line}, column {error.Column}: {error.Message}", error.Line, error.Column));
        }
    }
}
