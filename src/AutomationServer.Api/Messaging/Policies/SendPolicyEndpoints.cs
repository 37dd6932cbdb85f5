using AutomationServer.Api.Problems;
using AutomationServer.Api.Security;
using AutomationServer.Messaging.Policies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AutomationServer.Api.Messaging.Policies;

public static class SendPolicyEndpoints
{
    /// <summary>The send-policy settings per channel under <c>/api/messaging/policies</c>.</summary>
    public static IEndpointRouteBuilder MapSendPolicyApi(this IEndpointRouteBuilder routes)
    {
        var policies = routes.MapGroup("/api/messaging/policies").WithTags("Messaging").RequireAuthorization(AuthorizationPolicies.Management);
        policies.MapGet("/", async ([FromServices] SendPolicySettings settings, CancellationToken ct) => Results.Ok(await settings.ListAsync(ct)))
            .WithSummary("The effective send policy of every configured or saved channel, and where it comes from.");
        policies.MapGet("/{channel}", async (string channel, [FromServices] SendPolicySettings settings, CancellationToken ct) =>
                await settings.GetAsync(channel, ct) is { } view ? Results.Ok(view) : Invalid([new PolicyProblem("channel", SendPolicyChannels.Rule)]))
            .WithSummary("The channel's effective send policy: frequency caps, quiet hours, rate per second and longest deferral.");
        policies.MapPut("/{channel}", async (string channel, HttpRequest request, [FromServices] SendPolicySettings settings, CancellationToken ct) =>
            {
                // Read as text so JSON errors are reported by the policy reader like every other problem.
                if (await RequestBody.ReadTextAsync(request, ct) is not { } body)
                {
                    return RequestBody.TooLarge();
                }

                var result = await settings.SaveAsync(channel, body, ct);
                return result.Saved is { } saved ? Results.Ok(saved) : Invalid(result.Problems);
            })
            .Accepts<object>("application/json")
            .WithSummary("Replaces the channel's send policy; it takes precedence over Messaging:Policies:<channel> from configuration.");
        return routes;
    }

    private static IResult Invalid(IReadOnlyList<PolicyProblem> problems) => Results.ValidationProblem(
        problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
        detail: problems.Count == 1 ? $"{problems[0].Field}: {problems[0].Message}" : $"{problems.Count} fields are invalid.",
        title: "The send policy is invalid.");
}
