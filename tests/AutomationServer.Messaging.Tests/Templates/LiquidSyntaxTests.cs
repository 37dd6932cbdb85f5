using AutomationServer.Messaging.Rendering.Liquid;
using AutomationServer.Messaging.Templates;

namespace AutomationServer.Messaging.Tests.Templates;

public sealed class LiquidSyntaxTests
{
    [Fact]
    public void A_filter_without_a_name_is_reported_at_its_line_and_column()
    {
        const string html = "<p>Hello</p>\n<p>{{ contact.first_name }}</p>\n  <p>{{ contact.email | }}</p>\n";

        Assert.Null(LiquidSyntax.TryParse(html, out var error));

        // Line 3 starts with two spaces; column 24 is just after the '|', where the filter name should be.
        Assert.Equal(3, error!.Line);
        Assert.Equal(24, error.Column);
        Assert.Contains("identifier was expected", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Source:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_tag_is_refused_with_its_position()
    {
        Assert.Null(LiquidSyntax.TryParse("Hi\n\n{% shout 'x' %}", out var error));

        Assert.Equal(3, error!.Line);
        Assert.Contains("Unknown tag 'shout'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_if_block_names_the_missing_end_tag()
    {
        Assert.Null(LiquidSyntax.TryParse("a\n{% if contact.vip %}\nb", out var error));

        Assert.Contains("{% endif %}", error!.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void The_segment_block_parses_with_and_without_else_and_needs_its_end_tag()
    {
        Assert.NotNull(LiquidSyntax.TryParse("{% segment 'vip' %}A{% else %}B{% endsegment %}", out _));
        Assert.NotNull(LiquidSyntax.TryParse("{% segment \"VIP customers\" %}A{% endsegment %}", out _));
        Assert.Null(LiquidSyntax.TryParse("{% segment 'vip' %}A", out var error));
        Assert.Contains("endsegment", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_names_the_field_with_line_and_column()
    {
        var problems = TemplateValidator.Validate(
            new TemplateDraft { Id = "trial-day-0", Name = "Day 0", Channel = "email", Subject = "Hi {{ contact.first_name", Html = "<p>ok</p>\n{% if x %}" },
            checkId: true);

        var subject = Assert.Single(problems, p => p.Field == "subject");
        // The end of the subject, where '}}' should have come.
        Assert.Equal((1, 25), (subject.Line, subject.Column));
        var html = Assert.Single(problems, p => p.Field == "html");
        Assert.Equal(2, html.Line);
        Assert.StartsWith("Liquid syntax error at line 2, column", html.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("email", null, "<p>x</p>", null, "subject")]
    [InlineData("email", "Hi", null, null, "html")]
    [InlineData("sms", null, null, null, "text")]
    [InlineData("chat", null, "<p>x</p>", null, "text")]
    [InlineData("fax", null, null, "x", "channel")]
    public void Each_channel_needs_its_parts(string channel, string? subject, string? html, string? text, string field)
    {
        var problems = TemplateValidator.Validate(new TemplateDraft { Id = "t", Name = "T", Channel = channel, Subject = subject, Html = html, Text = text }, checkId: true);

        Assert.Contains(problems, p => p.Field == field);
    }

    [Theory]
    [InlineData("Trial-Day-0")]
    [InlineData("trial day")]
    [InlineData("-trial")]
    [InlineData("")]
    public void Ids_are_lower_case_slugs(string id)
    {
        var problems = TemplateValidator.Validate(new TemplateDraft { Id = id, Name = "T", Channel = "sms", Text = "x" }, checkId: true);

        Assert.Equal("id", Assert.Single(problems).Field);
    }

    [Fact]
    public void Oversized_parts_are_refused_without_being_parsed()
    {
        var problems = TemplateValidator.Validate(
            new TemplateDraft { Id = "big", Name = "Big", Channel = "sms", Text = new string('x', TemplateValidator.MaxTextLength + 1) }, checkId: true);

        Assert.Contains("At most", Assert.Single(problems, p => p.Field == "text").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_email_draft_has_no_problems() =>
        Assert.Empty(TemplateValidator.Validate(
            new TemplateDraft { Id = "trial-day-0", Name = "Day 0", Channel = "email", Subject = "Welcome {{ contact.first_name }}", Html = "<p>Hi</p>" },
            checkId: true));
}
