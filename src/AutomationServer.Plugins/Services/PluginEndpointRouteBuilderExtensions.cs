using AutomationServer.Plugins.Contributions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Plugins.Services;

public static class PluginEndpointRouteBuilderExtensions
{
    public const string RoutePrefix = "/plugins";

    /// <summary>
    /// Maps each plugin's endpoints (<see cref="EndpointRegistration"/>) under <c>/plugins/&lt;id&gt;/</c>, tagged
    /// <c>Plugin &lt;id&gt;</c> in the OpenAPI document. They are anonymous unless they require the Management policy.
    /// A registration whose callback throws is logged and left out entirely; the server starts regardless.
    /// Call after <c>UseAuthentication()</c>/<c>UseAuthorization()</c>, beside the other Map* calls.
    /// </summary>
    public static IEndpointRouteBuilder MapPluginEndpoints(this IEndpointRouteBuilder routes)
    {
        var logger = routes.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PluginEndpointRouteBuilderExtensions).FullName!);
        foreach (var registration in routes.ServiceProvider.GetServices<EndpointRegistration>())
        {
            MapOne(routes, registration, logger);
        }

        return routes;
    }

    private static void MapOne(IEndpointRouteBuilder routes, EndpointRegistration registration, ILogger logger)
    {
        var id = registration.PluginId;
        if (string.IsNullOrEmpty(id) || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
        {
            logger.LogError("Endpoints of plugin {PluginId} are not mapped: the id cannot be a URL segment", id);
            return;
        }

        // A group adds its data source to the outer builder; removing what this callback added undoes a half-mapped plugin.
        var before = routes.DataSources.ToList();
        try
        {
            var group = routes.MapGroup($"{RoutePrefix}/{id}").WithTags($"Plugin {id}");
            registration.Map(group);
        }
        catch (Exception exception)
        {
            foreach (var added in routes.DataSources.Except(before).ToList())
            {
                routes.DataSources.Remove(added);
            }

            logger.LogError(exception, "Endpoints of plugin {PluginId} are not mapped: its MapEndpoints callback threw", id);
        }
    }
}
