using AutomationServer.Messaging.Rendering.Text;

namespace AutomationServer.Messaging.Tests.Templates;

public sealed class HtmlToTextTests
{
    [Fact]
    public void Headings_and_paragraphs_become_blocks_and_whitespace_collapses() =>
        Assert.Equal(
            "WELCOME ABOARD\n\nFirst  paragraph\nwith a break.\n\nSecond one.\n\nSmall heading",
            Normalise(HtmlToText.Convert("<h1>Welcome\n   aboard</h1><p>First &nbsp; paragraph<br>with   a\nbreak.</p>\n\n<p>Second one.</p><h3>Small heading</h3>")));

    [Fact]
    public void Lists_get_bullets_or_numbers_and_nested_lists_indent() =>
        Assert.Equal(
            "Steps:\n\n1. Sign up\n2. Invite\n  - a colleague\n  - a friend\n3. Enjoy",
            HtmlToText.Convert("<p>Steps:</p><ol><li>Sign up</li><li>Invite<ul><li>a colleague</li><li>a friend</li></ul></li><li>Enjoy</li></ol>"));

    [Fact]
    public void Links_show_their_target_unless_it_is_the_text_or_an_anchor() =>
        Assert.Equal(
            "Read the guide (https://example.test/guide), https://example.test, write to help@example.test or jump.",
            HtmlToText.Convert("<p><a href=\"https://example.test/guide\">Read the <b>guide</b></a>, <a href=\"https://example.test\">https://example.test</a>, " +
                "write to <a href=\"mailto:help@example.test\">help@example.test</a> or <a href=\"#top\">jump</a>.</p>"));

    [Fact]
    public void Tables_are_written_row_by_row() =>
        Assert.Equal(
            "Item Price\nTea 3.00\nCake 4.50",
            HtmlToText.Convert("<table><tr><th>Item</th><th>Price</th></tr><tr><td>Tea</td><td>3.00</td></tr><tr><td>Cake</td><td>4.50</td></tr></table>"));

    [Fact]
    public void Script_style_head_and_hidden_content_are_dropped_and_images_give_their_alt_text() =>
        Assert.Equal(
            "Logo Hello",
            HtmlToText.Convert("<html><head><title>T</title><style>p{color:red}</style></head><body><script>alert(1)</script>" +
                "<div style=\"display: none\">preheader</div><img src=\"x.png\" alt=\"Logo\"> Hello</body></html>"));

    [Fact]
    public void Preformatted_text_keeps_its_spacing() =>
        Assert.Equal("Code:\n\n  a  =  1\n  b = 2", HtmlToText.Convert("<p>Code:</p><pre>  a  =  1\n  b = 2</pre>"));

    private static string Normalise(string text) => text.Replace('\u00a0', ' ');
}
