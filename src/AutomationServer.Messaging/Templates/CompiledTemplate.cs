using AutomationServer.Messaging.Rendering.Liquid;
using Fluid;

namespace AutomationServer.Messaging.Templates;

/// <summary>One template version with its Liquid parts parsed, shared by every rendering of that version.</summary>
public sealed class CompiledTemplate
{
    private CompiledTemplate(MessageTemplateRecord template, MessageTemplateVersionRecord version)
    {
        TemplateId = template.Id;
        Channel = template.Channel;
        Version = version.Version;
        From = version.From;
        ReplyTo = version.ReplyTo;
        Subject = Parse(version.Subject, "subject", template.Id, version.Version);
        Preheader = Parse(version.Preheader, "preheader", template.Id, version.Version);
        Html = Parse(version.Html, "HTML part", template.Id, version.Version);
        Text = Parse(version.Text, "text part", template.Id, version.Version);
        UsesSegments = new[] { version.Subject, version.Preheader, version.Html, version.Text }.Any(MentionsSegments);
    }

    public string TemplateId { get; }

    public string Channel { get; }

    public int Version { get; }

    public string? From { get; }

    public string? ReplyTo { get; }

    public IFluidTemplate? Subject { get; }

    public IFluidTemplate? Preheader { get; }

    public IFluidTemplate? Html { get; }

    public IFluidTemplate? Text { get; }

    /// <summary>Whether rendering needs the contact's segments: only then is the membership query made.</summary>
    public bool UsesSegments { get; }

    /// <summary>Throws <see cref="Rendering.MessageRenderException"/> when a stored part does not parse (saved before a parser change).</summary>
    public static CompiledTemplate Compile(MessageTemplateRecord template, MessageTemplateVersionRecord version) => new(template, version);

    /// <summary>A cheap over-approximation: a template naming "segment" anywhere gets the contact's segments.</summary>
    public static bool MentionsSegments(string? source) =>
        source is not null && source.Contains(MessageLiquidParser.SegmentTag, StringComparison.OrdinalIgnoreCase);

    private static IFluidTemplate? Parse(string? source, string part, string id, int version) =>
        source is null ? null : LiquidSyntax.Parse(source, $"{part} of template '{id}' version {version}");
}
