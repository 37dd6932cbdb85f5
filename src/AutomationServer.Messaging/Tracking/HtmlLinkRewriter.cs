using System.Text;
using AngleSharp.Html.Parser;

namespace AutomationServer.Messaging.Tracking;

/// <summary>
/// Replaces the <c>href</c> of links in an HTML document and adds an element before <c>&lt;/body&gt;</c>, changing nothing
/// else. An HTML5 parser (AngleSharp) decides which links exist and what their decoded addresses are, exactly as a mail
/// client's browser engine would (entities, uppercase tags, unquoted attributes, comments and scripts that merely look
/// like links); the document is then edited at the source positions the parser reports instead of being serialized
/// again, because re-serializing rewrites whitespace, attribute quoting, conditional comments and the odd markup mail
/// clients depend on (Outlook's VML, MSO comments).
/// </summary>
public static class HtmlLinkRewriter
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsKeepingSourceReferences = true });

    /// <param name="rewrite">Gets the link element's decoded, trimmed href; returns the new address or null to leave the link alone.</param>
    /// <param name="appendBeforeBodyEnd">Markup put before the last <c>&lt;/body&gt;</c>, or at the end when there is none.</param>
    public static string Rewrite(string html, Func<LinkInfo, string?> rewrite, string? appendBeforeBodyEnd = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(rewrite);
        var document = Parser.ParseDocument(html);
        var edits = new SortedDictionary<int, (int Length, string Text)>();
        foreach (var anchor in document.QuerySelectorAll("a[href]"))
        {
            // The parser clones <a> while repairing misnested formatting tags; a clone shares its original's position.
            if (anchor.SourceReference?.Position.Index is not { } position || edits.ContainsKey(position) || anchor.HasAttribute("data-no-track"))
            {
                continue;
            }

            var href = anchor.GetAttribute("href")!.Trim();
            var replacement = rewrite(new LinkInfo(href, anchor.TextContent.Trim()));
            if (replacement is null || FindHrefValue(html, position) is not { } span)
            {
                continue;
            }

            var encoded = EncodeAttribute(replacement);
            edits[span.Start] = (span.Length, span.Quoted ? encoded : "\"" + encoded + "\"");
        }

        var result = new StringBuilder(html.Length + (edits.Count * 120) + (appendBeforeBodyEnd?.Length ?? 0));
        var copied = 0;
        foreach (var (start, (length, text)) in edits)
        {
            result.Append(html, copied, start - copied).Append(text);
            copied = start + length;
        }

        result.Append(html, copied, html.Length - copied);
        if (appendBeforeBodyEnd is not null)
        {
            var bodyEnd = result.ToString().LastIndexOf("</body", StringComparison.OrdinalIgnoreCase);
            if (bodyEnd >= 0)
            {
                result.Insert(bodyEnd, appendBeforeBodyEnd);
            }
            else
            {
                result.Append(appendBeforeBodyEnd);
            }
        }

        return result.ToString();
    }

    /// <summary>Text safe inside a quoted attribute value.</summary>
    public static string EncodeAttribute(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("'", "&#39;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// Where the raw value of the first <c>href</c> of the start tag at <paramref name="tagStart"/> is, following the
    /// HTML tokenizer's attribute rules (the first of duplicate attributes counts). Null when the tag cannot be read.
    /// </summary>
    internal static (int Start, int Length, bool Quoted)? FindHrefValue(string html, int tagStart)
    {
        if (tagStart < 0 || tagStart >= html.Length || html[tagStart] != '<')
        {
            return null;
        }

        var i = tagStart + 1;
        while (i < html.Length && !IsSpace(html[i]) && html[i] is not ('/' or '>'))
        {
            i++;
        }

        while (i < html.Length)
        {
            while (i < html.Length && (IsSpace(html[i]) || html[i] == '/'))
            {
                i++;
            }

            if (i >= html.Length || html[i] == '>')
            {
                return null;
            }

            var nameStart = i++;
            while (i < html.Length && !IsSpace(html[i]) && html[i] is not ('/' or '>' or '='))
            {
                i++;
            }

            var isHref = i - nameStart == 4 && string.Compare(html, nameStart, "href", 0, 4, StringComparison.OrdinalIgnoreCase) == 0;
            while (i < html.Length && IsSpace(html[i]))
            {
                i++;
            }

            if (i >= html.Length || html[i] != '=')
            {
                // No value: an empty href is not one we rewrite; what follows the spaces is the next attribute.
                if (isHref)
                {
                    return null;
                }

                continue;
            }

            i++;
            while (i < html.Length && IsSpace(html[i]))
            {
                i++;
            }

            if (i >= html.Length)
            {
                return null;
            }

            int valueStart, valueEnd;
            var quoted = html[i] is '"' or '\'';
            if (quoted)
            {
                var quote = html[i];
                valueStart = i + 1;
                valueEnd = html.IndexOf(quote, valueStart);
                if (valueEnd < 0)
                {
                    return null;
                }

                i = valueEnd + 1;
            }
            else
            {
                valueStart = i;
                while (i < html.Length && !IsSpace(html[i]) && html[i] != '>')
                {
                    i++;
                }

                valueEnd = i;
            }

            if (isHref)
            {
                return (valueStart, valueEnd - valueStart, quoted);
            }
        }

        return null;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';
}

/// <summary>A link as the parser decoded it.</summary>
public sealed record LinkInfo(string Href, string Text);
