using AutomationServer.Workflows.Expressions.JavaScript;
using AutomationServer.Workflows.Expressions.Liquid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AutomationServer.Workflows.Expressions;

public static class ExpressionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the JavaScript, Liquid and Variable handlers and the <see cref="IExpressionEvaluator"/> as
    /// singletons. Limits come from <see cref="ExpressionOptions"/> (configure them here or with
    /// <c>services.Configure&lt;ExpressionOptions&gt;(...)</c>). Further <see cref="IExpressionHandler"/>
    /// registrations add syntaxes; one with an existing syntax name replaces the built-in handler.
    /// </summary>
    public static IServiceCollection AddWorkflowExpressions(this IServiceCollection services, Action<ExpressionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ExpressionOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ExpressionOptions>>().Value);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExpressionHandler, JavaScriptExpressionHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExpressionHandler, LiquidExpressionHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExpressionHandler, VariableExpressionHandler>());
        services.TryAddSingleton<IExpressionEvaluator, ExpressionEvaluator>();
        return services;
    }
}
