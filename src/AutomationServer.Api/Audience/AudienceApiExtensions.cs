using AutomationServer.Api.Audience.Segments;
using AutomationServer.Api.Broadcasts;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Audience;

public static class AudienceApiExtensions
{
    /// <summary>The audience API under <c>/api/audience</c>: attributes, contacts, events, consent and suppressions, segments, scoring and lifecycle stages; broadcasts under <c>/api/broadcasts</c>.</summary>
    public static IEndpointRouteBuilder MapAudienceApi(this IEndpointRouteBuilder routes)
    {
        routes.MapAttributeEndpoints();
        routes.MapContactEndpoints();
        routes.MapImportEndpoints();
        routes.MapContactEventEndpoints();
        routes.MapConsentEndpoints();
        routes.MapPrivacyEndpoints();
        routes.MapSegmentEndpoints();
        routes.MapScoringEndpoints();
        routes.MapVocabularyEndpoints();
        routes.MapBroadcastEndpoints();
        return routes;
    }
}
