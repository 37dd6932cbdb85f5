using AutomationServer.Workflows.Expressions;

namespace AutomationServer.Workflows.Tests.Expressions;

public sealed class VariableExpressionHandlerTests
{
    private readonly VariableExpressionHandler handler = new();

    [Theory]
    [InlineData("total")]
    [InlineData("  total ")]
    [InlineData("""{"id":"v1","name":"total"}""")]
    public void Reads_the_named_variable(string source)
    {
        Assert.Equal(42L, handler.Evaluate(source, TestScope.With(("total", 42L))));
    }

    [Fact]
    public void A_missing_variable_is_null_and_a_blank_name_is_an_error()
    {
        Assert.Null(handler.Evaluate("nope", new TestScope()));
        Assert.Throws<ExpressionException>(() => handler.Evaluate(" ", new TestScope()));
        Assert.Null(handler.CheckSyntax("total"));
        Assert.StartsWith("line 1, column 1", handler.CheckSyntax(""), StringComparison.Ordinal);
    }
}
