using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using AutomationServer.Workflows.Expressions;
using AutomationServer.Workflows.Expressions.Liquid;

namespace AutomationServer.Workflows.Tests.Expressions;

public sealed class LiquidExpressionHandlerTests
{
    private readonly LiquidExpressionHandler handler = new();

    [Theory]
    [InlineData("Hello {{ Variables.Name }}!", "Hello Ann!")]
    [InlineData("Hello {{ variables.Name | upcase }}", "Hello ANN")]
    [InlineData("{{ Variables.Price }} / {{ Variables.Count }} / {{ Variables.Vip }}", "2.5 / 3 / true")]
    [InlineData("{% if Variables.Count > 2 %}many{% else %}few{% endif %}", "many")]
    [InlineData("{{ Variables.Missing }}|{{ Variables.Missing.Deeper }}", "|")]
    [InlineData("{{ Variables.Address.City }} {{ Variables.Address['Zip'] }}", "Oslo 0150")]
    [InlineData("{{ Variables.Tags | join: ', ' }} ({{ Variables.Tags.size }})", "new, vip (2)")]
    [InlineData("{% assign total = Variables.Count | times: Variables.Price %}{{ total }}", "7.5")]
    public void Renders_variables(string template, string expected)
    {
        var scope = TestScope.With(
            ("Name", "Ann"),
            ("Price", 2.5),
            ("Count", 3L),
            ("Vip", true),
            ("Address", new Dictionary<string, object?> { ["City"] = "Oslo", ["Zip"] = "0150" }),
            ("Tags", new List<object?> { "new", "vip" }));

        Assert.Equal(expected, handler.Evaluate(template, scope));
    }

    [Fact]
    public void Loops_over_lists_of_dictionaries()
    {
        var scope = TestScope.With(("Cart", new List<object?>
        {
            new Dictionary<string, object?> { ["Name"] = "Pizza", ["Qty"] = 2L, ["Price"] = 9.5 },
            new Dictionary<string, object?> { ["Name"] = "Cola", ["Qty"] = 1L, ["Price"] = 2.0 },
        }));

        var rendered = handler.Evaluate(
            "{% for item in Variables.Cart %}{{ forloop.index }}. {{ item.Name }} x{{ item.Qty }} = {{ item.Qty | times: item.Price }}\n{% endfor %}",
            scope);

        Assert.Equal("1. Pizza x2 = 19\n2. Cola x1 = 2\n", rendered);
    }

    [Fact]
    public void Exposes_input_event_payload_instance_and_correlation()
    {
        var id = Guid.NewGuid();
        var scope = new TestScope
        {
            WorkflowInstanceId = id,
            CorrelationId = "contact-7",
            InputValues = { ["Email"] = "ann@example.com" },
            StimulusPayload = new Dictionary<string, object?> { ["OrderId"] = "o-1" },
        };

        Assert.Equal(
            $"ann@example.com ann@example.com o-1 o-1 o-1 {id} {id} contact-7 contact-7",
            handler.Evaluate("{{ Input.Email }} {{ input.Email }} {{ Event.OrderId }} {{ event.OrderId }} {{ Payload.OrderId }} {{ WorkflowInstanceId }} {{ workflowInstanceId }} {{ CorrelationId }} {{ correlationId }}", scope));
    }

    [Fact]
    public void Numbers_render_in_the_invariant_culture_whatever_the_thread_culture()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal("1234.5", handler.Evaluate("{{ Variables.Amount }}", TestScope.With(("Amount", 1234.5))));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("Hello\n{% bogus %}", "line 2, column 1: Unknown tag 'bogus'")]
    [InlineData("Hi {{ Variables.Name }}\n{% for x in Variables.Items %}\n{{ x }}", "line 2, column 1: for tag was never closed")]
    [InlineData("{% if a %}\n  {% if b %}x{% endif %}\n  {% if c %}y", "line 3, column 3: if tag was never closed")]
    [InlineData("{% if a %}\n{% for x in y %}\n{% endif %}", "line 3, column 1: Unknown tag 'endif'")]
    [InlineData("ok {{ a }}\n  bad {{ b", "line 2, column 7: Variable '{{ b' was not properly terminated")]
    [InlineData("{% if a %}x{% endfor %}", "line 1, column 12: Unknown tag 'endfor'")]
    [InlineData("{% for %}", "line 1, column 1: Syntax Error in 'for' tag")]
    public void CheckSyntax_reports_line_and_column(string template, string expectedStart)
    {
        var error = handler.CheckSyntax(template);

        Assert.NotNull(error);
        Assert.StartsWith(expectedStart, error, StringComparison.Ordinal);
        Assert.DoesNotContain("regexp", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckSyntax_accepts_valid_templates_and_evaluate_rejects_invalid_ones()
    {
        Assert.Null(handler.CheckSyntax("{% for x in Variables.Items %}{{ x }}{% endfor %}"));
        var error = Assert.Throws<ExpressionException>(() => handler.Evaluate("{% bogus %}", new TestScope()));
        Assert.Equal("Liquid syntax error at line 1, column 1: Unknown tag 'bogus'", error.Message);
    }

    [Fact]
    public void Runaway_loops_fault_instead_of_hanging()
    {
        var limited = new LiquidExpressionHandler(new ExpressionOptions { LiquidMaxIterations = 1000 });
        Assert.Throws<ExpressionException>(() => limited.Evaluate("{% for i in (1..100000) %}x{% endfor %}", new TestScope()));

        var clock = Stopwatch.StartNew();
        Assert.Throws<ExpressionException>(() => handler.Evaluate(
            "{% for i in (1..10000) %}{% for j in (1..10000) %}{% for k in (1..10000) %}{% endfor %}{% endfor %}{% endfor %}",
            new TestScope()));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Concurrent_renderings_of_one_template_do_not_share_assignments()
    {
        const string Template = "{% if seen %}leak{% endif %}{% assign seen = Variables.N %}{% capture text %}{{ Variables.N }}{% endcapture %}{{ text }}";
        var failures = new ConcurrentBag<string>();

        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var rendered = handler.Evaluate(Template, TestScope.With(("N", (long)i)));
            if (!Equals(rendered, i.ToString(CultureInfo.InvariantCulture)))
            {
                failures.Add($"{i}: {rendered}");
            }
        });

        Assert.Empty(failures);
    }
}
