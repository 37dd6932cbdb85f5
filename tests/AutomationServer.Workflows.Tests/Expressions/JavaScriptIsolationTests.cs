using System.Collections.Concurrent;
using AutomationServer.Workflows.Expressions;
using AutomationServer.Workflows.Expressions.JavaScript;

namespace AutomationServer.Workflows.Tests.Expressions;

/// <summary>Engines are pooled; nothing one evaluation does may be seen by the next one on the same engine.</summary>
public sealed class JavaScriptIsolationTests : IDisposable
{
    // A pool of one engine makes every evaluation in a test reuse the same engine.
    private readonly JavaScriptExpressionHandler handler = new(new ExpressionOptions { JavaScriptEnginePoolSize = 1 });

    public void Dispose() => handler.Dispose();

    [Theory]
    [InlineData("var leaked = getVariable('secret')", "typeof leaked")]
    [InlineData("leaked = getVariable('secret')", "typeof leaked")]
    [InlineData("globalThis.leaked = getVariable('secret')", "typeof leaked")]
    [InlineData("this.leaked = getVariable('secret')", "typeof leaked")]
    [InlineData("function leaked() { return 1; }", "typeof leaked")]
    [InlineData("let leaked = getVariable('secret')", "typeof leaked")]
    [InlineData("Array.prototype.leaked = getVariable('secret')", "typeof [].leaked")]
    [InlineData("Object.prototype.leaked = getVariable('secret')", "typeof ({}).leaked")]
    [InlineData("Math.leaked = getVariable('secret')", "typeof Math.leaked")]
    [InlineData("JSON = { leaked: getVariable('secret') }", "typeof JSON.leaked")]
    [InlineData("getVariable = () => 'stolen'", "typeof getVariable('x') === 'object' ? 'undefined' : 'leaked'")]
    [InlineData("Object.setPrototypeOf(variables, { leaked: getVariable('secret') })", "typeof variables.leaked")]
    [InlineData("variables.__proto__ = { leaked: getVariable('secret') }", "typeof variables.leaked")]
    [InlineData("getVariable.leaked = getVariable('secret')", "typeof getVariable.leaked")]
    public void Nothing_a_script_leaves_behind_reaches_the_next_evaluation(string first, string probe)
    {
        try
        {
            handler.Evaluate(first, TestScope.With(("secret", "s3cr3t")));
        }
        catch (ExpressionException)
        {
            // Refusing the change (a frozen built-in in strict code) is as good as forgetting it.
        }

        Assert.Equal("undefined", handler.Evaluate(probe, new TestScope()));
    }

    [Fact]
    public void Event_and_input_are_rebuilt_for_every_scope()
    {
        Assert.Equal("a", handler.Evaluate("event.id", new TestScope { StimulusPayload = new Dictionary<string, object?> { ["id"] = "a" } }));
        Assert.Equal("b", handler.Evaluate("payload.id", new TestScope { StimulusPayload = new Dictionary<string, object?> { ["id"] = "b" } }));
        Assert.Equal("x", handler.Evaluate("input.name", new TestScope { InputValues = { ["name"] = "x" } }));
        Assert.Equal("y", handler.Evaluate("input.name", new TestScope { InputValues = { ["name"] = "y" } }));
    }

    [Fact]
    public void Shadowing_inherited_names_still_works_with_frozen_built_ins()
    {
        Assert.Equal("mine", handler.Evaluate("const o = {}; o.toString = () => 'mine'; '' + o", new TestScope()));
        Assert.Equal("OrderError|late", handler.Evaluate(
            "class OrderError extends Error { constructor(m) { super(m); this.name = 'OrderError'; } } const e = new OrderError('late'); e.name + '|' + e.message",
            new TestScope()));
        Assert.Throws<ExpressionException>(() => handler.Evaluate("'use strict'; Object.prototype.toString = () => 'x'", new TestScope()));
        Assert.Equal("[object Object]", handler.Evaluate("({}).toString()", new TestScope()));
    }

    [Fact]
    public void Concurrent_evaluations_never_see_each_others_variables()
    {
        using var shared = new JavaScriptExpressionHandler();
        const string Script = """
            var seen = typeof previous === 'undefined' ? null : previous;
            var previous = getVariable('n');
            setVariable('doubled', variables.n * 2);
            variables.profile.owner = getVariable('n');
            seen === null && event.n === previous && input.n === previous ? previous : -1
            """;
        var failures = new ConcurrentBag<string>();

        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var scope = new TestScope
            {
                VariableValues = { ["n"] = (long)i, ["profile"] = new Dictionary<string, object?>() },
                InputValues = { ["n"] = (long)i },
                StimulusPayload = new Dictionary<string, object?> { ["n"] = (long)i },
            };
            var result = shared.Evaluate(Script, scope);
            var owner = ((Dictionary<string, object?>)scope.VariableValues["profile"]!)["owner"];
            if (!Equals(result, (long)i) || !Equals(scope.VariableValues["doubled"], 2L * i) || !Equals(owner, (long)i))
            {
                failures.Add($"{i}: result {result}, doubled {scope.VariableValues["doubled"]}, owner {owner}");
            }
        });

        Assert.Empty(failures);
    }
}
