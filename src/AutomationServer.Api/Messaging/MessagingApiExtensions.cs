using AutomationServer.Api.Messaging.Policies;
using AutomationServer.Api.Messaging.Templates;
using AutomationServer.Api.Messaging.Tracking;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Messaging;

public static class MessagingApiExtensions
{
    /// <summary>
    /// Everything of the send pipeline: the message log (<c>/api/messages</c>, <c>/api/audience/contacts/{id}/messages</c>),
    /// templates (<c>/api/templates</c>), send policies (<c>/api/messaging/policies</c>) and the anonymous pages and
    /// links recipients reach from an email (open pixel, clicks, unsubscribe, preferences, double opt-in).
    /// </summary>
    public static IEndpointRouteBuilder MapMessagingApi(this IEndpointRouteBuilder routes)
    {
        routes.MapMessageEndpoints();
        routes.MapMessageTemplatesApi();
        routes.MapSendPolicyApi();
        routes.MapEmailTrackingApi();
        return routes;
    }
}
