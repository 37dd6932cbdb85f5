using System.Diagnostics;
using AutomationServer.Workflows.Expressions;
using AutomationServer.Workflows.Expressions.JavaScript;

namespace AutomationServer.Workflows.Tests.Expressions;

/// <summary>A runaway script faults its activity within the configured limits instead of holding the server.</summary>
public sealed class JavaScriptLimitsTests : IDisposable
{
    private readonly JavaScriptExpressionHandler handler = new();

    public void Dispose() => handler.Dispose();

    [Theory]
    [InlineData("while (true) { }")]
    [InlineData("for (;;) { let a = getVariable('x'); }")]
    [InlineData("const f = () => { try { while (true) {} } finally { f(); } }; f()")]
    [InlineData("/(a+)+$/.test('a'.repeat(40) + 'b')")]
    public void Endless_work_is_stopped_within_about_a_second(string script)
    {
        handler.Evaluate("1", new TestScope()); // warm the pool so the measurement is the script's own
        var clock = Stopwatch.StartNew();

        // Whichever limit trips first (time, or allocation for loops that allocate) is a correct outcome.
        var error = Assert.Throws<ExpressionException>(() => handler.Evaluate(script, new TestScope()));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Assert.EndsWith("and was stopped.", error.Message, StringComparison.Ordinal);
        Assert.Equal(2L, handler.Evaluate("1 + 1", new TestScope()));
    }

    [Fact]
    public void A_loop_that_allocates_nothing_runs_until_the_timeout()
    {
        handler.Evaluate("1", new TestScope());
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<ExpressionException>(() => handler.Evaluate("while (true) { }", new TestScope()));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(3));
        Assert.Equal("The JavaScript expression ran longer than 1000 ms and was stopped.", error.Message);
    }

    [Fact]
    public void Deep_recursion_is_stopped()
    {
        var error = Assert.Throws<ExpressionException>(() => handler.Evaluate("function f(n) { return f(n + 1) + 1; } f(0)", new TestScope()));
        Assert.Contains("deeper than 256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocating_without_end_is_stopped()
    {
        using var limited = new JavaScriptExpressionHandler(new ExpressionOptions { JavaScriptMemoryLimitBytes = 8L * 1024 * 1024, Timeout = TimeSpan.FromSeconds(10) });

        var error = Assert.Throws<ExpressionException>(() => limited.Evaluate("const all = []; while (true) all.push('x'.repeat(1000) + all.length)", new TestScope()));

        Assert.Contains("allocated more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_arrays_are_refused()
    {
        Assert.Throws<ExpressionException>(() => handler.Evaluate("new Array(100000000).fill(0).length", new TestScope()));
    }

    [Fact]
    public void Statement_count_is_limited()
    {
        using var limited = new JavaScriptExpressionHandler(new ExpressionOptions { JavaScriptMaxStatements = 1000, Timeout = TimeSpan.FromSeconds(10) });

        var error = Assert.Throws<ExpressionException>(() => limited.Evaluate("let n = 0; for (let i = 0; i < 100000; i++) { n++; } n", new TestScope()));

        Assert.Contains("more than 1000 statements", error.Message, StringComparison.Ordinal);
    }
}
