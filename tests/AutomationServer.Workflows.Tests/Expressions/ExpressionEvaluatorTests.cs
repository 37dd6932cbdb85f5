using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Expressions;
using AutomationServer.Workflows.Expressions.JavaScript;
using AutomationServer.Workflows.Expressions.Liquid;

namespace AutomationServer.Workflows.Tests.Expressions;

public sealed class ExpressionEvaluatorTests : IDisposable
{
    private readonly JavaScriptExpressionHandler javaScript = new();
    private readonly ExpressionEvaluator evaluator;

    public ExpressionEvaluatorTests() =>
        evaluator = new ExpressionEvaluator([javaScript, new LiquidExpressionHandler(), new VariableExpressionHandler()]);

    public void Dispose() => javaScript.Dispose();

    [Fact]
    public void Dispatches_each_syntax_and_converts_to_the_target_type()
    {
        var scope = TestScope.With(("total", 150L), ("name", "Ann"), ("wait", "00:00:20"));

        Assert.Equal(true, evaluator.Evaluate(new Expression("JavaScript", "getVariable('total') > 100"), typeof(bool), scope));
        Assert.Equal("Hi Ann", evaluator.Evaluate(new Expression("Liquid", "Hi {{ Variables.name }}"), typeof(string), scope));
        Assert.Equal(150, evaluator.Evaluate(new Expression("Variable", "total"), typeof(int), scope));
        Assert.Equal(TimeSpan.FromSeconds(20), evaluator.Evaluate(new Expression("Variable", "wait"), typeof(TimeSpan), scope));
        Assert.Equal(300m, evaluator.Evaluate(new Expression("javascript", "variables.total * 2"), typeof(decimal), scope));
        Assert.Equal("150", evaluator.Evaluate(new Expression("JavaScript", "getVariable('total')"), typeof(string), scope));
    }

    [Fact]
    public void Literals_are_their_value_converted()
    {
        Assert.Equal(5, evaluator.Evaluate(Expression.Literal(5L), typeof(int), null));
        Assert.Equal(TimeSpan.FromSeconds(20), evaluator.Evaluate(Expression.Literal("00:00:20"), typeof(TimeSpan), null));
        Assert.Equal(new[] { "a", "b" }, evaluator.Evaluate(Expression.Literal("a, b"), typeof(string[]), null));
        Assert.Null(evaluator.Evaluate(Expression.Literal(null), typeof(string), null));
    }

    [Fact]
    public void Literal_objects_are_copied_so_the_definition_cannot_be_changed_through_a_result()
    {
        var shared = new Dictionary<string, object?> { ["tags"] = new List<object?> { "a" } };
        var expression = Expression.Literal(shared);

        var result = (Dictionary<string, object?>)evaluator.Evaluate(expression, typeof(Dictionary<string, object?>), null)!;
        ((List<object?>)result["tags"]!).Add("b");

        Assert.Equal(new List<object?> { "a" }, shared["tags"]);
    }

    [Theory]
    [InlineData("Object")]
    [InlineData("Json")]
    public void Object_and_json_take_parsed_values_or_json_text(string syntax)
    {
        var parsed = new Dictionary<string, object?> { ["a"] = 1L };
        Assert.Equal(parsed, evaluator.Evaluate(new Expression(syntax, parsed), typeof(Dictionary<string, object?>), null));
        Assert.Equal(parsed, evaluator.Evaluate(new Expression(syntax, """{ "a": 1 }"""), typeof(Dictionary<string, object?>), null));
        Assert.Equal(new List<int> { 1, 2 }, evaluator.Evaluate(new Expression(syntax, "[1, 2]"), typeof(List<int>), null));

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(new Expression(syntax, "{ \"a\": }"), typeof(object), null));
        Assert.StartsWith("Invalid JSON at line 1, column 8", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("line 2, column 6", evaluator.CheckSyntax(new Expression(syntax, "{\n\"a\": }")), StringComparison.Ordinal);
        Assert.Null(evaluator.CheckSyntax(new Expression(syntax, "{\"a\": 1}")));
    }

    [Fact]
    public void Unknown_syntaxes_are_named()
    {
        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(new Expression("Python", "1 + 1"), typeof(int), null));

        Assert.Contains("'Python'", error.Message, StringComparison.Ordinal);
        Assert.Contains("JavaScript, Json, Liquid, Literal, Object, Variable", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Python'", evaluator.CheckSyntax(new Expression("Python", "1")), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckSyntax_delegates_to_the_handler()
    {
        Assert.Null(evaluator.CheckSyntax(Expression.Literal("{{ not liquid")));
        Assert.Null(evaluator.CheckSyntax(new Expression("JavaScript", "1 + 1")));
        Assert.StartsWith("line 1, column", evaluator.CheckSyntax(new Expression("JavaScript", "1 +")), StringComparison.Ordinal);
        Assert.StartsWith("line 1, column 1", evaluator.CheckSyntax(new Expression("Liquid", "{% bogus %}")), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_scope_expressions_see_nothing_and_cannot_write()
    {
        Assert.Equal(3, evaluator.Evaluate(new Expression("JavaScript", "getVariable('x') === null ? 3 : 4"), typeof(int), null));
        Assert.Equal("[]", evaluator.Evaluate(new Expression("Liquid", "[{{ Variables.x }}]"), typeof(string), null));
        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(new Expression("JavaScript", "setVariable('x', 1)"), typeof(object), null));
        Assert.Contains("no workflow instance", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conversion_failures_name_the_value_and_the_type()
    {
        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(new Expression("JavaScript", "'soon'"), typeof(TimeSpan), null));

        Assert.Contains("\"soon\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("TimeSpan", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failures_of_other_handlers_become_expression_exceptions()
    {
        var broken = new ExpressionEvaluator([new ThrowingHandler()]);

        var error = Assert.Throws<ExpressionException>(() => broken.Evaluate(new Expression("Broken", "x"), typeof(string), null));

        Assert.Equal("The Broken expression failed: no", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    private sealed class ThrowingHandler : IExpressionHandler
    {
        public string Syntax => "Broken";

        public object? Evaluate(string source, IExpressionScope scope) => throw new InvalidOperationException("no");

        public string? CheckSyntax(string source) => null;
    }
}
