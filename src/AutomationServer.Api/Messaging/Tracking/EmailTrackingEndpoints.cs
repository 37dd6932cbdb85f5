using AutomationServer.Audience.Consent;
using AutomationServer.Messaging.Tracking;
using AutomationServer.Sdk.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AutomationServer.Api.Messaging.Tracking;

/// <summary>
/// What recipients of email reach without an API key: the open pixel, click redirects, unsubscribe (page and RFC 8058
/// one-click POST), the preference centre and the double opt-in confirmation. The signed token in the path is the only
/// authority, and state changes only by POST, because mail scanners and link previews follow every GET.
/// </summary>
public static class EmailTrackingEndpoints
{
    public const string Channel = "email";
    public const string OneClickSource = "list-unsubscribe";
    public const string PageSource = "unsubscribe-page";

    private const int MaxFormBytes = 16 * 1024;

    // The smallest transparent GIF: 1x1, one transparent colour.
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    /// <summary>
    /// <c>GET /t/o/{token}</c>, <c>GET /t/c/{token}</c>, <c>GET|POST /unsubscribe/{token}</c>, <c>GET|POST /preferences/{token}</c>,
    /// <c>GET|POST /confirm/{token}</c>. Needs <c>AddEmailTracking</c> (through <c>AddAutomationMessaging</c>) and <c>AddAudience</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapEmailTrackingApi(this IEndpointRouteBuilder routes)
    {
        var services = routes.ServiceProvider;
        var tokens = services.GetRequiredService<TrackingTokens>();
        var links = services.GetRequiredService<TrackingLinks>();
        var clock = services.GetRequiredService<TimeProvider>();
        var reporter = ActivatorUtilities.CreateInstance<EngagementReporter>(services);
        var unsubscriber = ActivatorUtilities.CreateInstance<MessageUnsubscriber>(services, reporter);
        var preferences = ActivatorUtilities.CreateInstance<PreferenceCentre>(services);
        var limiter = new PageRateLimiter(services.GetRequiredService<IOptions<EmailTrackingOptions>>().Value.PageRequestsPerMinute);
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(limiter.Dispose);

        routes.MapGet(TrackingPaths.Open + "{token}", async (string token, HttpContext http, CancellationToken ct) =>
            {
                // Counted as an open whenever the image is fetched, also by a mail provider's image proxy or privacy
                // prefetch (Apple Mail): nothing in such a request tells it apart from a person reliably.
                if (tokens.Read(token, TrackingPurpose.Open, clock.GetUtcNow()) is { Status: TrackingTokenStatus.Valid, Token.MessageId: { } messageId })
                {
                    await reporter.ReportAsync(Event(DeliveryEventKind.Opened, messageId, null, clock), ct);
                }

                // A forged or damaged pixel still gets an image, so no broken-image icon shows; it is just not counted.
                TrackingPage.ApplyPrivateHeaders(http.Response);
                return Results.Bytes(Pixel, "image/gif");
            })
            .Anonymous("The open pixel: a 1x1 transparent GIF; a genuine token reports the message Opened.");

        routes.MapGet(TrackingPaths.Click + "{token}", async (string token, HttpContext http, CancellationToken ct) =>
            {
                if (tokens.Read(token, TrackingPurpose.Click, clock.GetUtcNow()) is not { Status: TrackingTokenStatus.Valid, Token: { MessageId: { } messageId, TargetUrl: { } target } }
                    || !Uri.TryCreate(target, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    return TrackingPage.InvalidLink();
                }

                await reporter.ReportAsync(Event(DeliveryEventKind.Clicked, messageId, target, clock), ct);
                TrackingPage.ApplyPrivateHeaders(http.Response);
                return Results.Redirect(target);
            })
            .Anonymous("A click link: reports Clicked with the address and redirects (302) to exactly the address the token signs; anything else is 400, never a redirect.");

        routes.MapGet(TrackingPaths.Unsubscribe + "{token}", (string token) =>
                tokens.Read(token, TrackingPurpose.Unsubscribe, clock.GetUtcNow()) is { Status: TrackingTokenStatus.Valid, Token.ContactId: { } contactId }
                    ? TrackingPage.Create(StatusCodes.Status200OK, "Unsubscribe")
                        .Paragraph("Do you want to stop receiving these emails?")
                        .Raw(TrackingForms.ConfirmButton("Unsubscribe"))
                        .Raw($"<p class=\"note\">Or <a href=\"{TrackingPage.Encode(links.PreferencesUrl(contactId))}\">choose which emails you get</a>.</p>\n")
                    : TrackingPage.InvalidLink())
            .Anonymous("The unsubscribe page: asks for confirmation; opening it changes nothing.")
            .Limited(limiter);

        routes.MapPost(TrackingPaths.Unsubscribe + "{token}", async (string token, HttpContext http, CancellationToken ct) =>
            {
                if (tokens.Read(token, TrackingPurpose.Unsubscribe, clock.GetUtcNow()) is not { Status: TrackingTokenStatus.Valid, Token: { MessageId: { } messageId, ContactId: { } contactId } })
                {
                    return TrackingPage.InvalidLink();
                }

                if (await ReadFormAsync(http.Request, ct) is not { } form)
                {
                    return TrackingPage.Message(StatusCodes.Status413PayloadTooLarge, "The request is too large", $"At most {MaxFormBytes} bytes.");
                }

                var source = form["List-Unsubscribe"].Contains("One-Click") ? OneClickSource : PageSource;
                var outcome = await unsubscriber.UnsubscribeAsync(messageId, contactId, source, ct);
                var what = outcome.Topic.Length > 0 ? $"emails about \u201c{outcome.Topic}\u201d" : "marketing email from us";
                return TrackingPage.Message(StatusCodes.Status200OK, "You are unsubscribed", outcome.ContactExists
                    ? $"You will no longer receive {what}."
                    : "We no longer hold your details, so you will not receive anything from us.");
            })
            .Anonymous("Unsubscribes the message's contact from its topic (or the email channel): the RFC 8058 one-click POST (List-Unsubscribe=One-Click) and the page's button. Idempotent.");

        routes.MapMethods(TrackingPaths.Preferences + "{token}", [HttpMethods.Get, HttpMethods.Post], async (string token, HttpContext http, CancellationToken ct) =>
            {
                var check = tokens.Read(token, TrackingPurpose.Preferences, clock.GetUtcNow());
                if (check.Status == TrackingTokenStatus.Expired)
                {
                    return TrackingPage.Message(StatusCodes.Status410Gone, "This link has expired", "Please use the preferences link in a more recent email from us.");
                }

                if (check is not { Status: TrackingTokenStatus.Valid, Token.ContactId: { } contactId })
                {
                    return TrackingPage.InvalidLink();
                }

                var saving = HttpMethods.IsPost(http.Request.Method);
                EmailPreferences? current;
                if (saving)
                {
                    if (await ReadFormAsync(http.Request, ct) is not { } form)
                    {
                        return TrackingPage.Message(StatusCodes.Status413PayloadTooLarge, "The request is too large", $"At most {MaxFormBytes} bytes.");
                    }

                    current = await preferences.SaveAsync(contactId, form, ct);
                }
                else
                {
                    current = await preferences.LoadAsync(contactId, ct);
                }

                if (current is null)
                {
                    return TrackingPage.Message(StatusCodes.Status404NotFound, "Nothing to manage", "We no longer hold your details, so you will not receive anything from us.");
                }

                var page = TrackingPage.Create(StatusCodes.Status200OK, "Your email preferences");
                if (saving)
                {
                    page.Raw("<p role=\"status\"><strong>Your preferences are saved.</strong></p>\n");
                }

                return page.Paragraph("Choose what you want to hear about.").Raw(TrackingForms.Preferences(current));
            })
            .Anonymous("The preference centre of a contact: topics, frequency, unsubscribe from everything. POST saves (source preference-centre).")
            .Limited(limiter);

        routes.MapMethods(TrackingPaths.Confirm + "{token}", [HttpMethods.Get, HttpMethods.Post], async (string token, HttpContext http, ConsentService consent, CancellationToken ct) =>
            {
                if (!HttpMethods.IsPost(http.Request.Method))
                {
                    // Confirming on GET would let a mail scanner that follows the link subscribe someone who never clicked.
                    return TrackingPage.Create(StatusCodes.Status200OK, "Confirm your subscription")
                        .Paragraph("Please confirm that you want to receive these emails.")
                        .Raw(TrackingForms.ConfirmButton("Yes, subscribe me"));
                }

                return await consent.ConfirmAsync(token, ct) switch
                {
                    ConfirmationOutcome.Confirmed => TrackingPage.Message(StatusCodes.Status200OK, "Subscription confirmed", "Thank you: you are subscribed."),
                    ConfirmationOutcome.Expired => TrackingPage.Message(StatusCodes.Status410Gone, "This confirmation link has expired", "Please sign up again to get a new link."),
                    _ => TrackingPage.Message(StatusCodes.Status404NotFound, "This confirmation link is not valid",
                        "It may have been used already: if you confirmed before, nothing more is needed."),
                };
            })
            .Anonymous("The double opt-in confirmation page: GET shows a button, POST confirms (ConsentService.ConfirmAsync).")
            .Limited(limiter);

        return routes;
    }

    private static DeliveryEvent Event(DeliveryEventKind kind, Guid messageId, string? detail, TimeProvider clock) => new()
    {
        Channel = Channel,
        Kind = kind,
        MessageId = messageId,
        OccurredAt = clock.GetUtcNow(),
        Detail = detail,
    };

    /// <summary>The form fields (none for a body that is not a form), or null when the body is too large.</summary>
    private static async Task<IFormCollection?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxFormBytes)
        {
            return null;
        }

        return request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
    }

    private static RouteHandlerBuilder Anonymous(this RouteHandlerBuilder endpoint, string summary) =>
        endpoint.AllowAnonymous().WithTags("Email tracking").WithSummary(summary);

    private static RouteHandlerBuilder Limited(this RouteHandlerBuilder endpoint, PageRateLimiter limiter) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            if (limiter.TryAcquire(context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown") is { } retryAfter)
            {
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TrackingPage.Message(StatusCodes.Status429TooManyRequests, "Too many requests", "Please wait a minute and try again.");
            }

            return await next(context);
        });
}
