using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace AutomationServer.Api.Messaging.Tracking;

/// <summary>
/// The small server-rendered pages recipients see: self-contained HTML (inline CSS, no scripts, no external assets),
/// every value HTML-encoded, sent with headers that keep the signed token in the address bar from leaking (no referrer,
/// no caching) and forbid scripts and framing.
/// </summary>
internal sealed class TrackingPage : IResult
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f5f7;color:#1d1d1f;margin:0;padding:2rem 1rem;line-height:1.5}
        main{max-width:34rem;margin:0 auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
        h1{font-size:1.4rem;margin-top:0}fieldset{border:1px solid #d2d2d7;border-radius:8px;margin:1rem 0;padding:.75rem 1rem}
        legend{font-weight:600;padding:0 .25rem}label{display:block;padding:.3rem 0}
        button{font:inherit;background:#0066cc;color:#fff;border:0;border-radius:8px;padding:.6rem 1.2rem;cursor:pointer}
        button:focus,input:focus{outline:3px solid #99c2ff;outline-offset:2px}.note{color:#555;font-size:.9rem}
        """;

    private readonly StringBuilder _body = new();

    private TrackingPage(int statusCode, string title)
    {
        StatusCode = statusCode;
        Title = title;
    }

    public int StatusCode { get; }

    public string Title { get; }

    public static TrackingPage Create(int statusCode, string title) => new(statusCode, title);

    /// <summary>A page with a heading and one paragraph.</summary>
    public static TrackingPage Message(int statusCode, string title, string text) => new TrackingPage(statusCode, title).Paragraph(text);

    public static TrackingPage InvalidLink() =>
        Message(StatusCodes.Status400BadRequest, "This link is not valid", "The link may have been changed or cut off. Please use the link exactly as it appears in the email.");

    public TrackingPage Paragraph(string text, string? cssClass = null)
    {
        _body.Append(cssClass is null ? "<p>" : $"<p class=\"{Encode(cssClass)}\">").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Markup built by the caller from <see cref="Encode"/>d parts.</summary>
    public TrackingPage Raw(string html)
    {
        _body.Append(html);
        return this;
    }

    public static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "text/html; charset=utf-8";
        ApplyPrivateHeaders(response);
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>{Encode(Title)}</title>
            <style>{Style}</style>
            </head>
            <body>
            <main>
            <h1>{Encode(Title)}</h1>
            {_body}</main>
            </body>
            </html>
            """;
        return response.WriteAsync(html, Encoding.UTF8, httpContext.RequestAborted);
    }

    /// <summary>Tracking answers are personal: never cached, and the token in the URL never sent on as a referrer.</summary>
    public static void ApplyPrivateHeaders(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store, no-cache, must-revalidate, max-age=0";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "0";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XContentTypeOptions = "nosniff";
    }
}
