using System.Text.Json.Serialization;
using AutomationServer.Api.Activities;
using AutomationServer.Api.Audience;
using AutomationServer.Api.Definitions;
using AutomationServer.Api.Events;
using AutomationServer.Api.Plugins;
using AutomationServer.Api.StarterContent;
using AutomationServer.Api.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Api;

public static class AutomationApiExtensions
{
    /// <summary>JSON conventions of the REST API (camelCase, enums as names) and browser tracking.</summary>
    public static IServiceCollection AddAutomationApi(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .AddAutomationTracking()
            .AddStarterContent();

    /// <summary>Maps every REST endpoint group.</summary>
    public static IEndpointRouteBuilder MapAutomationApi(this IEndpointRouteBuilder routes)
    {
        routes.MapDefinitionEndpoints();
        routes.MapActivityEndpoints();
        routes.MapInstanceEndpoints();
        routes.MapEventEndpoints();
        routes.MapWorkflowHttpEndpoints();
        routes.MapPluginEndpoints();
        routes.MapAudienceApi();
        routes.MapAutomationTracking();
        return routes;
    }
}
