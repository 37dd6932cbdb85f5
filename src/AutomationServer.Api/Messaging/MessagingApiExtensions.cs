using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Messaging;

public static class MessagingApiExtensions
{
    /// <summary>The message log under <c>/api/messages</c> and a contact's messages under <c>/api/audience/contacts/{id}/messages</c>.</summary>
    public static IEndpointRouteBuilder MapMessagingApi(this IEndpointRouteBuilder routes)
    {
        routes.MapMessageEndpoints();
        return routes;
    }
}
