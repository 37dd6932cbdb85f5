using AutomationServer.Api.Security;
using AutomationServer.Audience.Vocabulary;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Audience;

/// <summary>Names in use (event names, consent topics) for the designer's pickers.</summary>
internal static class VocabularyEndpoints
{
    public static void MapVocabularyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/audience").WithTags("Audience").RequireAuthorization(AuthorizationPolicies.Management);
        group.MapGet("/event-names", async ([FromServices] AudienceVocabularyService vocabulary, CancellationToken ct) =>
                Results.Ok(await vocabulary.EventNamesAsync(ct)))
            .WithSummary($"The standard event names and the other names tracked in the last 30 days (at most {AudienceVocabularyService.MaxNames}).");
        group.MapGet("/topics", async ([FromServices] AudienceVocabularyService vocabulary, CancellationToken ct) =>
                Results.Ok(await vocabulary.TopicsAsync(ct)))
            .WithSummary($"The consent topics in use (at most {AudienceVocabularyService.MaxNames}), in name order.");
    }
}
