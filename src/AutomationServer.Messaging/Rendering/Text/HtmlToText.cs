using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace AutomationServer.Messaging.Rendering.Text;

/// <summary>
/// The text part of an email generated from its HTML: headings and paragraphs as blocks separated by blank lines,
/// line breaks kept, list items with bullets or numbers, links as <c>text (url)</c>, table rows one per line,
/// images by their alt text, script/style/head dropped, whitespace collapsed.
/// The HTML is parsed by AngleSharp; the conversion over its DOM is our own because .NET has no well-kept
/// html-to-text library, and mail needs link targets kept visible rather than lost with the markup.
/// </summary>
public static class HtmlToText
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "head", "title", "noscript", "template", "svg", "iframe", "object",
    };

    private static readonly HashSet<string> Paragraphs = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table", "section",
        "article", "header", "footer", "figure", "address", "center",
    };

    private static readonly HashSet<string> Lines = new(StringComparer.OrdinalIgnoreCase)
    {
        "div", "tr", "li", "dt", "dd", "tbody", "thead", "tfoot", "form", "nav", "main", "aside", "figcaption", "caption",
    };

    public static string Convert(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = new HtmlParser().ParseDocument(html);
        var output = new PlainTextBuilder();
        Walk(document.Body ?? (INode?)document.DocumentElement ?? document, output, new ListState(0, false));
        return output.ToString();
    }

    private static void Walk(INode node, PlainTextBuilder output, ListState list)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    output.Write(text.Data, output.Preformatted > 0);
                    break;
                case IElement element:
                    Element(element, output, list);
                    break;
            }
        }
    }

    private static void Element(IElement element, PlainTextBuilder output, ListState list)
    {
        var name = element.LocalName;
        if (Dropped.Contains(name) || IsHidden(element))
        {
            return;
        }

        switch (name)
        {
            case "br":
                output.LineBreak();
                return;
            case "hr":
                output.Block(2);
                output.WriteRaw("----------");
                output.Block(2);
                return;
            case "img":
                if (element.GetAttribute("alt") is { Length: > 0 } alt)
                {
                    output.Write(alt, preformatted: false);
                }

                return;
            case "a":
                Link(element, output, list);
                return;
            case "ul" or "ol":
                output.Block(list.Depth == 0 ? 2 : 1);
                Walk(element, output, new ListState(list.Depth + 1, name == "ol"));
                output.Block(list.Depth == 0 ? 2 : 1);
                return;
            case "li":
                output.Block(1);
                output.WriteRaw(new string(' ', Math.Max(0, list.Depth - 1) * 2) + (list.Ordered ? $"{++list.Counter}. " : "- "));
                Walk(element, output, list);
                output.Block(1);
                return;
            case "td" or "th":
                output.Separate();
                Walk(element, output, list);
                output.Separate();
                return;
            case "pre":
                output.Block(2);
                output.Preformatted++;
                Walk(element, output, list);
                output.Preformatted--;
                output.Block(2);
                return;
        }

        var breaks = Paragraphs.Contains(name) ? 2 : Lines.Contains(name) ? 1 : 0;
        output.Block(breaks);
        if (name == "h1" || name == "h2")
        {
            // Headings stand out in plain text by case, as mail clients' own text views do.
            var heading = new PlainTextBuilder();
            Walk(element, heading, list);
            output.Write(heading.ToString().ToUpperInvariant(), preformatted: false);
        }
        else
        {
            Walk(element, output, list);
        }

        output.Block(breaks);
    }

    private static void Link(IElement element, PlainTextBuilder output, ListState list)
    {
        var text = new PlainTextBuilder();
        Walk(element, text, list);
        var label = text.ToString().Trim();
        var href = (element as IHtmlAnchorElement)?.GetAttribute("href")?.Trim();
        var target = href is null || href.StartsWith('#') || href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
            ? null
            : href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? href["mailto:".Length..] : href;
        if (target is null || string.Equals(label, target, StringComparison.OrdinalIgnoreCase))
        {
            output.Write(label.Length > 0 ? label : target ?? "", preformatted: false);
        }
        else
        {
            output.Write(label.Length > 0 ? $"{label} ({target})" : target, preformatted: false);
        }
    }

    private static bool IsHidden(IElement element) =>
        element.HasAttribute("hidden")
        || (element.GetAttribute("style") is { } style
            && style.Replace(" ", "", StringComparison.Ordinal).Contains("display:none", StringComparison.OrdinalIgnoreCase));

    private sealed class ListState(int depth, bool ordered)
    {
        public int Depth { get; } = depth;

        public bool Ordered { get; } = ordered;

        public int Counter { get; set; }
    }
}
