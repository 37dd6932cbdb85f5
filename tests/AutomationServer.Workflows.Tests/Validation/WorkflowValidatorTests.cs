using System.Text.Json.Nodes;
using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.ElsaJson;
using AutomationServer.Workflows.Expressions;
using AutomationServer.Workflows.Tests.ElsaJson;
using AutomationServer.Workflows.Validation;
using static AutomationServer.Workflows.Tests.Validation.FlowBuilder;

namespace AutomationServer.Workflows.Tests.Validation;

public sealed class WorkflowValidatorTests
{
    private readonly WorkflowValidator _validator = new(TestRegistry.Create(), new BracketSyntaxEvaluator());

    private static readonly (string, JsonNode?) Condition = Expression("condition", "JavaScript", "x > 1");
    private static readonly (string, JsonNode?) OneHour = Literal("timeSpan", "01:00:00");

    public static TheoryData<string> ValidCorpus => new(Corpus.Names.Where(n => n != "unknown-activity-types.json"));

    [Theory]
    [MemberData(nameof(ValidCorpus))]
    public void The_corpus_validates_without_problems(string file)
    {
        var problems = _validator.Validate(ElsaJsonReader.Read(Corpus.Read(file)).Model!);

        Assert.Empty(problems);
    }

    [Fact]
    public void Uninstalled_activity_types_are_reported_and_their_ports_are_not_checked()
    {
        var problems = _validator.Validate(ElsaJsonReader.Read(Corpus.Read("unknown-activity-types.json")).Model!);

        Assert.All(problems, p => Assert.Equal((ValidationCodes.UnknownActivityType, "type", ValidationSeverity.Error), (p.Code, p.Field, p.Severity)));
        Assert.Equal(["c4a5c4a5c4a5c4a5", "a1a1a1a1c8c8c8c8"], problems.Select(p => p.NodeId));
        Assert.Contains("'Acme.Crm.SyncContacts', which is not installed", problems[0].Message);
    }

    [Fact]
    public void An_uninstalled_version_of_an_installed_type_is_an_unknown_type()
    {
        var model = new FlowBuilder().Add("s", "Elsa.Start").Add("w", "Elsa.WriteLine", 9).Connect("s", "Done", "w").Build();

        var problem = Assert.Single(_validator.Validate(model));

        Assert.Equal((ValidationCodes.UnknownActivityType, "w"), (problem.Code, problem.NodeId));
        Assert.Contains("version 9 of 'Elsa.WriteLine'", problem.Message);
        Assert.Contains("latest installed version is 2", problem.Message);
    }

    [Fact]
    public void An_activity_without_type_is_reported_by_the_reader_and_the_validator()
    {
        var result = ElsaJsonReader.Read("""{"root":{"type":"Elsa.Flowchart","id":"r","activities":[{"id":"a"}]}}""");

        var problem = Assert.Single(_validator.Validate(result.Model!));

        Assert.Equal((ValidationCodes.UnknownActivityType, "a"), (problem.Code, problem.NodeId));
        Assert.Contains("has no type", problem.Message);
    }

    [Fact]
    public void Repeated_activity_ids_are_structural()
    {
        var model = new FlowBuilder().Add("s", "Elsa.Start").Add("a", "Elsa.WriteLine").Add("a", "Elsa.WriteLine").Connect("s", "Done", "a").Build();

        var problem = Assert.Single(_validator.Validate(model));

        Assert.Equal((ValidationCodes.DuplicateActivityId, "a", "id"), (problem.Code, problem.NodeId, problem.Field));
        Assert.True(ValidationCodes.IsStructural(problem.Code));
    }

    [Fact]
    public void Connections_to_or_from_missing_activities_are_dangling()
    {
        var model = new FlowBuilder().Add("s", "Elsa.Start")
            .Connect("s", "Done", "ghost")
            .Connect("phantom", "Done", "s")
            .Connect("nobody", "Out", "nowhere")
            .Build();

        var problems = _validator.Validate(model);

        Assert.All(problems, p => Assert.Equal(ValidationCodes.DanglingConnection, p.Code));
        Assert.Equal([("s", "Done"), ("s", "Done"), ("nobody", "Out")], problems.Select(p => (p.NodeId, p.Field)));
        Assert.Contains("target 'ghost'", problems[0].Message);
        Assert.Contains("source 'phantom'", problems[1].Message);
        Assert.Contains("neither", problems[2].Message);
    }

    [Fact]
    public void The_same_connection_twice_is_a_duplicate()
    {
        var model = new FlowBuilder().Add("s", "Elsa.Start").Add("w", "Elsa.WriteLine")
            .Connect("s", "Done", "w").Connect("s", "Done", "w").Build();

        var problem = Assert.Single(_validator.Validate(model));

        Assert.Equal((ValidationCodes.DuplicateConnection, "s", "Done"), (problem.Code, problem.NodeId, problem.Field));
    }

    [Fact]
    public void A_port_the_activity_does_not_have_is_unknown_unless_its_ports_are_dynamic()
    {
        var model = new FlowBuilder()
            .Add("s", "Elsa.Start")
            .Add("d", "Elsa.FlowDecision", Condition)
            .Add("sw", "Elsa.FlowSwitch")
            .Add("w1", "Elsa.WriteLine").Add("w2", "Elsa.WriteLine").Add("w3", "Elsa.WriteLine")
            .Connect("s", "Done", "d")
            .Connect("d", "Maybe", "w1")
            .Connect("d", "True", "sw")
            .Connect("sw", "Anything", "w2")
            .Connect("w2", "done", "w3")
            .Build();

        var problems = _validator.Validate(model);

        Assert.All(problems, p => Assert.Equal(ValidationCodes.UnknownPort, p.Code));
        Assert.Equal([("d", "Maybe"), ("w2", "done")], problems.Select(p => (p.NodeId, p.Field)));
        Assert.Contains("its ports: True, False", problems[0].Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_required_input_that_is_missing_or_empty_is_reported(string? value)
    {
        var condition = value is null ? Array.Empty<(string, JsonNode?)>() : [Expression("condition", "JavaScript", value)];
        var model = new FlowBuilder().Add("s", "Elsa.Start").Add("d", "Elsa.FlowDecision", condition).Connect("s", "Done", "d").Build();

        var problem = Assert.Single(_validator.Validate(model));

        Assert.Equal((ValidationCodes.MissingRequiredInput, "d", "condition"), (problem.Code, problem.NodeId, problem.Field));
        Assert.Contains("'Condition' is required", problem.Message);
    }

    [Fact]
    public void A_null_expression_counts_as_missing_and_a_default_value_satisfies_required()
    {
        var model = new FlowBuilder()
            .Add("s", "Elsa.Start")
            .Add("d", "Elsa.FlowDecision", ("condition", new JsonObject { ["typeName"] = "Boolean", ["expression"] = null }))
            .Add("score", "Test.Score")
            .Connect("s", "Done", "d").Connect("d", "True", "score")
            .Build();

        var problem = Assert.Single(_validator.Validate(model));

        Assert.Equal((ValidationCodes.MissingRequiredInput, "d"), (problem.Code, problem.NodeId));
    }

    [Theory]
    [InlineData("CONNECT", true)]
    [InlineData("post", false)]
    [InlineData("POST", false)]
    public void A_literal_outside_a_select_inputs_options_is_reported(string method, bool reported)
    {
        var model = new FlowBuilder()
            .Add("call", "Elsa.SendHttpRequest", Expression("url", "Literal", "https://example.com/"), Expression("method", "Literal", method))
            .Build();

        var registry = TestRegistry.Create();
        registry.Register<AutomationServer.Workflows.Activities.SendHttpRequest>();

        var problems = new WorkflowValidator(registry, new BracketSyntaxEvaluator()).Validate(model).Where(p => p.Field == "method").ToList();

        Assert.Equal(reported, problems.Count == 1);
        Assert.All(problems, p => Assert.Equal((ValidationCodes.InvalidValue, "call"), (p.Code, p.NodeId)));
    }

    [Theory]
    [InlineData("every tuesday")]
    [InlineData("0 0 12 1 1 ? 2030")]
    [InlineData("61 * * * *")]
    public void A_cron_trigger_the_scheduler_cannot_run_is_reported_before_publish(string cron)
    {
        var model = new FlowBuilder()
            .Add("tick", "Elsa.Cron", Expression("cronExpression", "Literal", cron))
            .Add("log", "Elsa.WriteLine", Expression("text", "Literal", "tick"))
            .Connect("tick", "Done", "log")
            .Build();

        var problem = Assert.Single(WithCron().Validate(model));

        Assert.Equal((ValidationCodes.InvalidValue, "tick", "cronExpression"), (problem.Code, problem.NodeId, problem.Field));
        Assert.Contains("not a valid cron value", problem.Message);
    }

    [Fact]
    public void A_valid_cron_trigger_passes()
    {
        var model = new FlowBuilder()
            .Add("tick", "Elsa.Cron", Expression("cronExpression", "Literal", "0 9 * * MON-FRI"))
            .Add("log", "Elsa.WriteLine", Expression("text", "Literal", "tick"))
            .Connect("tick", "Done", "log")
            .Build();

        Assert.Empty(WithCron().Validate(model));
    }

    private static WorkflowValidator WithCron()
    {
        var registry = TestRegistry.Create();
        registry.Register<AutomationServer.Workflows.Activities.Cron>();
        return new WorkflowValidator(registry, new BracketSyntaxEvaluator());
    }

    [Fact]
    public void Expressions_that_do_not_parse_are_reported_per_node_and_input()
    {
        var model = new FlowBuilder()
            .Add("e", "Elsa.Event", Expression("eventName", "JavaScript", "'order.' + kind"))
            .Add("d", "Elsa.FlowDecision", Expression("condition", "JavaScript", "(a > 1"))
            .Add("m", "Elsa.SendEmail", Expression("to", "JavaScript", "['x@example.com']"), Expression("subject", "Liquid", "Hi {{ Variables.Name"), Expression("body", "Python", "print(1)"))
            .Add("w", "Elsa.WriteLine", ("text", new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = 5, ["value"] = "x" } }))
            .Connect("e", "Done", "d").Connect("d", "True", "m").Connect("d", "False", "w")
            .Build();

        var problems = _validator.Validate(model);

        Assert.All(problems, p => Assert.Equal((ValidationCodes.InvalidExpression, ValidationSeverity.Error), (p.Code, p.Severity)));
        Assert.Equal([("e", "eventName"), ("d", "condition"), ("m", "subject"), ("m", "body"), ("w", "text")], problems.Select(p => (p.NodeId, p.Field)));
        Assert.Contains("must be a literal", problems[0].Message);
        Assert.Contains("'(' at line 1, column 1 is not closed", problems[1].Message);
        Assert.Contains("not closed", problems[2].Message);
        Assert.Contains("Unknown expression syntax 'Python'", problems[3].Message);
        Assert.Contains("not shaped like an Elsa input", problems[4].Message);
    }

    [Fact]
    public void A_checker_that_throws_still_yields_an_invalid_expression()
    {
        var validator = new WorkflowValidator(TestRegistry.Create(), new ThrowingEvaluator());
        var model = new FlowBuilder().Add("s", "Elsa.Start").Add("d", "Elsa.FlowDecision", Condition).Connect("s", "Done", "d").Build();

        var problem = Assert.Single(validator.Validate(model));

        Assert.Equal((ValidationCodes.InvalidExpression, "d", "condition"), (problem.Code, problem.NodeId, problem.Field));
        Assert.Contains("checker broke", problem.Message);
    }

    [Fact]
    public void Outputs_bound_to_undeclared_variables_are_warnings()
    {
        var model = new FlowBuilder()
            .Variable("v1", "Score")
            .WorkflowOutput("Result")
            .Add("s", "Elsa.Start")
            .Add("a", "Elsa.RunJavaScript", Literal("script", "1"), BoundTo("result", "v1"))
            .Add("b", "Elsa.RunJavaScript", Literal("script", "2"), BoundTo("result", "Score"))
            .Add("c", "Elsa.RunJavaScript", Literal("script", "3"), BoundTo("result", "Result"))
            .Add("d", "Elsa.RunJavaScript", Literal("script", "4"), BoundTo("result", "nope"))
            .Add("e", "Elsa.RunJavaScript", Literal("script", "5"), ("result", new JsonObject { ["memoryReference"] = new JsonObject { ["id"] = 12 } }))
            .Connect("s", "Done", "a").Connect("a", "Done", "b").Connect("b", "Done", "c").Connect("c", "Done", "d").Connect("d", "Done", "e")
            .Build();

        var problems = _validator.Validate(model);

        Assert.All(problems, p => Assert.Equal((ValidationCodes.UnknownVariable, ValidationSeverity.Warning, "result"), (p.Code, p.Severity, p.Field)));
        Assert.Equal(["d", "e"], problems.Select(p => p.NodeId));
        Assert.Contains("'nope'", problems[0].Message);
    }

    [Fact]
    public void Nodes_no_start_leads_to_are_unreachable_warnings()
    {
        var model = new FlowBuilder().Add("s", "Elsa.Start").Add("a", "Elsa.WriteLine").Add("b", "Elsa.WriteLine").Add("c", "Elsa.WriteLine")
            .Connect("s", "Done", "a").Connect("b", "Done", "c").Build();

        var problems = _validator.Validate(model);

        Assert.All(problems, p => Assert.Equal((ValidationCodes.UnreachableNode, ValidationSeverity.Warning), (p.Code, p.Severity)));
        Assert.Equal(["b", "c"], problems.Select(p => p.NodeId));
    }

    [Fact]
    public void Triggers_are_entries_and_then_other_nodes_without_inbound_are_not()
    {
        var model = new FlowBuilder().Add("e", "Elsa.Event", Literal("eventName", "x")).Add("a", "Elsa.WriteLine").Add("orphan", "Elsa.WriteLine")
            .Connect("e", "Done", "a").Connect("orphan", "Done", "a").Build();

        var problem = Assert.Single(_validator.Validate(model));

        Assert.Equal((ValidationCodes.UnreachableNode, "orphan"), (problem.Code, problem.NodeId));
    }

    [Fact]
    public void Without_start_or_trigger_every_node_without_inbound_connections_is_an_entry()
    {
        var model = new FlowBuilder().Add("a", "Elsa.WriteLine").Add("b", "Elsa.WriteLine").Add("c", "Elsa.WriteLine")
            .Connect("a", "Done", "b").Connect("c", "Done", "b").Build();

        Assert.Empty(_validator.Validate(model));
    }

    [Fact]
    public void A_loop_without_an_activity_that_waits_is_reported_once_naming_its_nodes()
    {
        var model = new FlowBuilder().Add("s", "Elsa.Start").Add("a", "Elsa.WriteLine").Add("d", "Elsa.FlowDecision", Condition).Add("end", "Elsa.WriteLine")
            .Connect("s", "Done", "a").Connect("a", "Done", "d").Connect("d", "True", "a").Connect("d", "False", "end").Build();

        var problem = Assert.Single(_validator.Validate(model));

        Assert.Equal((ValidationCodes.LoopWithoutWait, "a", ValidationSeverity.Error), (problem.Code, problem.NodeId, problem.Severity));
        Assert.Contains("'a', 'd'", problem.Message);
        Assert.DoesNotContain("'s'", problem.Message);
        Assert.DoesNotContain("'end'", problem.Message);
    }

    [Fact]
    public void A_self_loop_is_a_loop_and_a_wait_anywhere_in_the_loop_makes_it_fine()
    {
        var selfLoop = new FlowBuilder().Add("s", "Elsa.Start").Add("a", "Elsa.WriteLine").Connect("s", "Done", "a").Connect("a", "Done", "a").Build();
        var waitingLoop = new FlowBuilder().Add("s", "Elsa.Start").Add("a", "Elsa.WriteLine").Add("wait", "Elsa.Delay", OneHour).Add("d", "Elsa.FlowDecision", Condition)
            .Connect("s", "Done", "a").Connect("a", "Done", "wait").Connect("wait", "Done", "d").Connect("d", "True", "a").Build();
        var waitingSelfLoop = new FlowBuilder().Add("s", "Elsa.Start").Add("wait", "Elsa.Delay", OneHour).Connect("s", "Done", "wait").Connect("wait", "Done", "wait").Build();

        Assert.Equal((ValidationCodes.LoopWithoutWait, "a"), _validator.Validate(selfLoop).Select(p => (p.Code, p.NodeId)).Single());
        Assert.Empty(_validator.Validate(waitingLoop));
        Assert.Empty(_validator.Validate(waitingSelfLoop));
    }

    [Fact]
    public void Two_separate_loops_are_two_problems()
    {
        var model = new FlowBuilder().Add("s", "Elsa.Start").Add("a", "Elsa.WriteLine").Add("b", "Elsa.WriteLine").Add("c", "Elsa.WriteLine").Add("d", "Elsa.WriteLine")
            .Connect("s", "Done", "a").Connect("a", "Done", "b").Connect("b", "Done", "a").Connect("a", "Done", "c").Connect("c", "Done", "d").Connect("d", "Done", "c")
            .Build();

        var problems = _validator.Validate(model);

        Assert.Equal([ValidationCodes.LoopWithoutWait, ValidationCodes.LoopWithoutWait], problems.Select(p => p.Code));
        Assert.Equal(["a", "c"], problems.Select(p => p.NodeId).Order());
    }

    [Fact]
    public void A_flowchart_that_is_all_cycle_has_no_start()
    {
        var model = new FlowBuilder().Add("a", "Elsa.WriteLine").Add("wait", "Elsa.Delay", OneHour)
            .Connect("a", "Done", "wait").Connect("wait", "Done", "a").Build();

        var problem = Assert.Single(_validator.Validate(model));

        Assert.Equal((ValidationCodes.NoStartNode, null, "root"), (problem.Code, problem.NodeId, problem.Field));
    }

    [Fact]
    public void An_empty_flowchart_has_nothing_to_report()
    {
        Assert.Empty(_validator.Validate(new FlowBuilder().Build()));
    }

    [Fact]
    public void A_long_loop_is_one_problem_naming_where_it_starts()
    {
        var builder = new FlowBuilder().Add("n0", "Elsa.Start");
        for (var i = 1; i < 2_000; i++)
        {
            builder.Add($"n{i}", "Elsa.WriteLine").Connect($"n{i - 1}", "Done", $"n{i}");
        }

        builder.Connect("n1999", "Done", "n1");

        var problem = Assert.Single(_validator.Validate(builder.Build()));

        Assert.Equal((ValidationCodes.LoopWithoutWait, "n1"), (problem.Code, problem.NodeId));
        Assert.Contains("'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9', 'n10' and 1989 more", problem.Message);
    }

    [Fact]
    public void Every_problem_of_a_broken_definition_is_reported_and_names_its_node()
    {
        var model = new FlowBuilder()
            .Add("s", "Elsa.Start")
            .Add("d", "Elsa.FlowDecision")
            .Add("x", "Acme.Unknown")
            .Add("x", "Elsa.WriteLine")
            .Add("loop", "Elsa.WriteLine")
            .Add("lonely", "Elsa.WriteLine", Expression("text", "JavaScript", "f("))
            .Connect("s", "Done", "d").Connect("d", "Perhaps", "x").Connect("d", "True", "loop").Connect("loop", "Done", "loop").Connect("d", "False", "gone")
            .Build();

        var problems = _validator.Validate(model);

        Assert.Equal(
            [ValidationCodes.UnknownActivityType, ValidationCodes.DuplicateActivityId, ValidationCodes.UnknownPort, ValidationCodes.DanglingConnection,
             ValidationCodes.MissingRequiredInput, ValidationCodes.InvalidExpression, ValidationCodes.UnreachableNode, ValidationCodes.LoopWithoutWait],
            problems.Select(p => p.Code));
        Assert.All(problems, p => Assert.False(string.IsNullOrEmpty(p.NodeId)));
    }

    [Theory]
    [InlineData(ValidationCodes.MalformedJson, true)]
    [InlineData(ValidationCodes.InvalidStructure, true)]
    [InlineData(ValidationCodes.DuplicateActivityId, true)]
    [InlineData(ValidationCodes.DanglingConnection, true)]
    [InlineData(ValidationCodes.UnknownActivityType, false)]
    [InlineData(ValidationCodes.DuplicateConnection, false)]
    [InlineData(ValidationCodes.UnknownPort, false)]
    [InlineData(ValidationCodes.MissingRequiredInput, false)]
    [InlineData(ValidationCodes.InvalidExpression, false)]
    [InlineData(ValidationCodes.UnreachableNode, false)]
    [InlineData(ValidationCodes.LoopWithoutWait, false)]
    [InlineData(ValidationCodes.NoStartNode, false)]
    [InlineData(ValidationCodes.NestedFlowchart, false)]
    public void Only_defects_that_break_the_graph_are_structural(string code, bool structural)
    {
        Assert.Equal(structural, ValidationCodes.IsStructural(code));
    }

    private sealed class ThrowingEvaluator : IExpressionEvaluator
    {
        public object? Evaluate(Expression expression, Type targetType, IExpressionScope? scope) => throw new ExpressionException("not used");

        public string? CheckSyntax(Expression expression) => throw new InvalidOperationException("checker broke");
    }
}
