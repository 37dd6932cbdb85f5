using AutomationServer.Workflows.Expressions;
using AutomationServer.Workflows.Expressions.JavaScript;

namespace AutomationServer.Workflows.Tests.Expressions;

public sealed class JavaScriptExpressionHandlerTests : IDisposable
{
    private readonly JavaScriptExpressionHandler handler = new();

    public void Dispose() => handler.Dispose();

    [Fact]
    public void Decision_reads_a_variable()
    {
        Assert.Equal(true, handler.Evaluate("getVariable('total') > 100", TestScope.With(("total", 150L))));
        Assert.Equal(false, handler.Evaluate("getVariable('total') > 100", TestScope.With(("total", 99L))));
    }

    [Theory]
    [InlineData("1 + 2", 3L)]
    [InlineData("2 ** 60", 1152921504606846976L)]
    [InlineData("-0", 0L)]
    [InlineData("1 / 2", 0.5)]
    [InlineData("1e300", 1e300)]
    [InlineData("'a' + 1", "a1")]
    [InlineData("null", null)]
    [InlineData("undefined", null)]
    [InlineData("", null)]
    [InlineData("10n ** 2n", 100L)]
    [InlineData("2n ** 70n", "1180591620717411303424")]
    public void Results_come_back_in_the_plain_model(string script, object? expected)
    {
        Assert.Equal(expected, handler.Evaluate(script, new TestScope()));
    }

    [Fact]
    public void Objects_arrays_and_dates_come_back_as_dictionaries_lists_and_iso_text()
    {
        var result = handler.Evaluate(
            "({ a: 1, b: [1, 'x', true, null], c: { d: 2.5 }, when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), skip: undefined, f() {} })",
            new TestScope());

        var map = Assert.IsType<Dictionary<string, object?>>(result);
        Assert.Equal(["a", "b", "c", "when"], map.Keys);
        Assert.Equal(1L, map["a"]);
        Assert.Equal(new List<object?> { 1L, "x", true, null }, map["b"]);
        Assert.Equal(2.5, Assert.IsType<Dictionary<string, object?>>(map["c"])["d"]);
        Assert.Equal("2024-01-02T03:04:05.000Z", map["when"]);
    }

    [Fact]
    public void Values_from_the_scope_arrive_as_javascript_values()
    {
        var scope = TestScope.With(
            ("order", new Dictionary<string, object?> { ["items"] = new List<object?> { "a", "b" }, ["total"] = 12.5 }),
            ("since", new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal(
            "a,b|12.5|true|2024",
            handler.Evaluate("const o = getVariable('order'); [o.items.join(','), o.total, Array.isArray(o.items), getVariable('since').getUTCFullYear()].join('|')", scope));
    }

    [Fact]
    public void Other_clr_values_arrive_in_their_plain_shape()
    {
        var id = Guid.NewGuid();
        var scope = TestScope.With(("id", id), ("wait", TimeSpan.FromSeconds(20)), ("day", DayOfWeek.Monday), ("price", 9.5m), ("count", 3));

        Assert.Equal($"{id}|00:00:20|Monday|9.5|3|number", handler.Evaluate("[getVariable('id'), getVariable('wait'), getVariable('day'), getVariable('price'), getVariable('count'), typeof getVariable('count')].join('|')", scope));
    }

    [Fact]
    public void SetVariable_writes_through_to_the_scope()
    {
        var scope = TestScope.With(("count", 1L));

        handler.Evaluate("setVariable('count', getVariable('count') + 1); setVariable('tags', ['vip', { level: 2 }])", scope);

        Assert.Equal(2L, scope.VariableValues["count"]);
        Assert.Equal(new List<object?> { "vip", new Dictionary<string, object?> { ["level"] = 2L } }, scope.VariableValues["tags"]);
        Assert.Equal(2L, handler.Evaluate("getVariable('count')", scope));
    }

    [Fact]
    public void Missing_variables_read_as_null_through_getVariable_and_undefined_through_variables()
    {
        Assert.Equal(true, handler.Evaluate("getVariable('nope') === null && variables.nope === undefined && !('nope' in variables)", new TestScope()));
    }

    [Fact]
    public void The_variables_object_reads_assigns_lists_and_deletes()
    {
        var scope = TestScope.With(("total", 150L), ("old", "x"));

        var result = handler.Evaluate(
            "variables.doubled = variables.total * 2; variables['with space'] = true; delete variables.old; Object.keys(variables).join(',') + '|' + ('total' in variables)",
            scope);

        Assert.Equal("total,doubled,with space|true", result);
        Assert.Equal(300L, scope.VariableValues["doubled"]);
        Assert.Equal(true, scope.VariableValues["with space"]);
        Assert.False(scope.VariableValues.ContainsKey("old"));
        Assert.Equal("""{"total":150,"doubled":300,"with space":true}""", handler.Evaluate("JSON.stringify(variables)", scope));
        Assert.Equal(150L, handler.Evaluate("const { total } = variables; total", scope));
    }

    [Fact]
    public void Changes_inside_a_variable_object_are_written_back_and_untouched_ones_are_left_alone()
    {
        var order = new Dictionary<string, object?> { ["total"] = 10L, ["items"] = new List<object?> { "a" } };
        var profile = new Dictionary<string, object?> { ["name"] = "Ann" };
        var scope = TestScope.With(("order", order), ("profile", profile));

        handler.Evaluate("variables.order.total = 5; getVariable('order').items.push('b'); variables.profile.name.length", scope);

        var written = Assert.IsType<Dictionary<string, object?>>(scope.VariableValues["order"]);
        Assert.Equal(5L, written["total"]);
        Assert.Equal(new List<object?> { "a", "b" }, written["items"]);
        Assert.Same(profile, scope.VariableValues["profile"]);
    }

    [Fact]
    public void Input_instance_correlation_and_stimulus_globals()
    {
        var id = Guid.NewGuid();
        var scope = new TestScope
        {
            WorkflowInstanceId = id,
            CorrelationId = "contact-7",
            InputValues = { ["email"] = "ann@example.com" },
            StimulusPayload = new Dictionary<string, object?> { ["orderId"] = "o-1", ["amount"] = 20L },
        };

        Assert.Equal("ann@example.com|ann@example.com", handler.Evaluate("getInput('email') + '|' + input.email", scope));
        Assert.Equal($"{id}|{id}|contact-7|contact-7", handler.Evaluate("[workflowInstanceId, getWorkflowInstanceId(), correlationId, getCorrelationId()].join('|')", scope));
        Assert.Equal(true, handler.Evaluate("event === payload && event.orderId === 'o-1' && payload.amount === 20", scope));
        Assert.Equal(true, handler.Evaluate("correlationId === null && event === null && getInput('x') === null", new TestScope()));
    }

    [Fact]
    public void Elsa_string_helpers()
    {
        Assert.Equal(
            "true,true,false,true,true,false",
            handler.Evaluate("[isNullOrEmpty(''), isNullOrEmpty(null), isNullOrEmpty(' '), isNullOrWhiteSpace(' '), isNullOrWhiteSpace(undefined), isNullOrWhiteSpace('a')].join(',')", new TestScope()));
    }

    [Fact]
    public void Multi_statement_scripts_with_top_level_declarations_can_run_again()
    {
        const string Script = "const rate = 0.2; let net = getVariable('gross') / (1 + rate); class Money { constructor(v) { this.v = v; } } function round(v) { return Math.round(v * 100) / 100; } round(new Money(net).v)";

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(100L, handler.Evaluate(Script, TestScope.With(("gross", 120L))));
        }
    }

    [Fact]
    public void CheckSyntax_reports_line_and_column()
    {
        Assert.Null(handler.CheckSyntax("getVariable('a') > 1"));
        Assert.Equal("line 2, column 8: Unexpected token ';'", handler.CheckSyntax("a +\n  (b * ;"));
        Assert.StartsWith("line 1, column 7:", handler.CheckSyntax("const = 5"));
    }

    [Fact]
    public void Evaluating_a_script_with_a_syntax_error_throws_with_its_position()
    {
        var error = Assert.Throws<ExpressionException>(() => handler.Evaluate("a +\n  (b * ;", new TestScope()));
        Assert.Equal("JavaScript syntax error at line 2, column 8: Unexpected token ';'", error.Message);
    }

    [Fact]
    public void Runtime_errors_carry_line_column_and_message_and_leave_the_handler_usable()
    {
        var error = Assert.Throws<ExpressionException>(() => handler.Evaluate("let x = 1;\n  null.foo", new TestScope()));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cannot read properties of null", error.Message, StringComparison.Ordinal);

        var thrown = Assert.Throws<ExpressionException>(() => handler.Evaluate("throw new Error('boom')", new TestScope()));
        Assert.Contains("boom", thrown.Message, StringComparison.Ordinal);

        Assert.Equal(2L, handler.Evaluate("1 + 1", new TestScope()));
    }

    [Fact]
    public void Bad_arguments_to_globals_are_catchable_type_errors()
    {
        Assert.Equal("TypeError", handler.Evaluate("try { getVariable(); } catch (e) { e.name }", new TestScope()));
    }

    [Fact]
    public void Eval_and_the_function_constructor_are_disabled()
    {
        Assert.Throws<ExpressionException>(() => handler.Evaluate("eval('1 + 1')", new TestScope()));
        Assert.Throws<ExpressionException>(() => handler.Evaluate("new Function('return 1')()", new TestScope()));
    }

    [Fact]
    public void Clr_types_are_not_reachable()
    {
        Assert.Equal("undefined|undefined", handler.Evaluate("typeof System + '|' + typeof importNamespace", new TestScope()));
    }

    [Fact]
    public void A_cyclic_result_fails_cleanly()
    {
        var error = Assert.Throws<ExpressionException>(() => handler.Evaluate("const a = {}; a.self = a; a", new TestScope()));
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
        Assert.Equal("TypeError", handler.Evaluate("const a = []; a.push(a); try { setVariable('x', a); } catch (e) { e.name }", new TestScope()));
    }
}
