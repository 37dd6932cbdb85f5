using System.Diagnostics;
using AutomationServer.Workflows.Expressions.JavaScript;
using Xunit.Abstractions;

namespace AutomationServer.Workflows.Tests.Expressions;

/// <summary>Prints how fast a journey decision evaluates; the number is reported, not asserted, because build machines vary.</summary>
public sealed class ExpressionThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public void Decision_throughput_on_one_thread()
    {
        const int Runs = 200_000;
        const string Decision = "getVariable('total') > 100";
        using var handler = new JavaScriptExpressionHandler();
        var scope = TestScope.With(("total", 150L));
        // Long enough for tiered compilation to settle, so the figure is the steady state a busy server sees.
        for (var i = 0; i < 100_000; i++)
        {
            handler.Evaluate(Decision, scope);
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            if (handler.Evaluate(Decision, scope) is not true)
            {
                Assert.Fail($"run {i} did not evaluate to true");
            }
        }

        clock.Stop();
        var perSecond = Runs / clock.Elapsed.TotalSeconds;
        var message = $"JavaScript decision: {perSecond:N0} evaluations/second ({clock.Elapsed.TotalMilliseconds * 1000 / Runs:0.00} µs each) over {Runs:N0} runs";
        output.WriteLine(message);
        Console.WriteLine(message);
    }
}
