using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Expressions;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Workflows.Tests.Expressions;

public sealed class ExpressionServiceCollectionExtensionsTests
{
    [Fact]
    public void Registers_handlers_evaluator_and_options_as_singletons()
    {
        var services = new ServiceCollection()
            .AddWorkflowExpressions(o => o.Timeout = TimeSpan.FromMilliseconds(300))
            .AddWorkflowExpressions();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var evaluator = provider.GetRequiredService<IExpressionEvaluator>();

        Assert.Same(evaluator, provider.GetRequiredService<IExpressionEvaluator>());
        Assert.Equal(["JavaScript", "Liquid", "Variable"], provider.GetServices<IExpressionHandler>().Select(h => h.Syntax).Order());
        Assert.Equal(TimeSpan.FromMilliseconds(300), provider.GetRequiredService<ExpressionOptions>().Timeout);
        Assert.Equal(42, evaluator.Evaluate(new Expression("JavaScript", "6 * 7"), typeof(int), null));
        var timeout = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(new Expression("JavaScript", "while (true) {}"), typeof(int), null));
        Assert.Contains("300 ms", timeout.Message, StringComparison.Ordinal);
    }
}
