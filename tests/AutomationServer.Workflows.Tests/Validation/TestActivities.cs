using AutomationServer.Sdk.Activities;
using AutomationServer.Workflows.Descriptors;

namespace AutomationServer.Workflows.Tests.Validation;

// Small activities with the type names, inputs and ports of Elsa's built-ins, so the corpus validates
// against a real registry. Their behaviour is irrelevant here: validation only reads their descriptors.

[Activity("Elsa.Start", Category = "Flow")]
public sealed class TestStart : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

[Activity("Elsa.Event", Category = "Triggers", MaySuspend = true)]
public sealed class TestEvent : Activity, ITriggerActivity
{
    [Input(Required = true, SupportsExpressions = false)]
    public Input<string>? EventName { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest { Stimulus = "Elsa.Event", Key = context.Get(EventName) }));

    public IEnumerable<TriggerRequest> GetTriggers(TriggerContext context) => [new TriggerRequest { Stimulus = "Elsa.Event", Key = context.Get(EventName) }];
}

[Activity("Elsa.FlowDecision", Category = "Branching", Outcomes = ["True", "False"])]
public sealed class TestDecision : Activity
{
    [Input(Required = true, DefaultSyntax = ExpressionSyntax.JavaScript)]
    public Input<bool>? Condition { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Outcome(context.Get(Condition) ? "True" : "False"));
}

[Activity("Elsa.Delay", Category = "Scheduling", MaySuspend = true)]
public sealed class TestDelay : Activity
{
    [Input(Required = true)]
    public Input<TimeSpan>? TimeSpan { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.Timer("Elsa.Delay", context.Now + context.Get(TimeSpan))));
}

[Activity("Elsa.WriteLine", Category = "Console")]
public sealed class TestWriteLine : Activity
{
    public Input<string>? Text { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

[Activity("Elsa.WriteLine", Category = "Console", Version = 2)]
public sealed class TestWriteLineV2 : Activity
{
    public Input<string>? Text { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

[Activity("Elsa.FlowFork", Category = "Branching", DynamicOutcomes = true)]
public sealed class TestFork : Activity
{
    public Input<object>? Branches { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

[Activity("Elsa.FlowJoin", Category = "Branching")]
public sealed class TestJoin : Activity
{
    [Input(DefaultValue = "WaitAny")]
    public Input<string>? Mode { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

[Activity("Elsa.FlowSwitch", Category = "Branching", DynamicOutcomes = true)]
public sealed class TestSwitch : Activity
{
    public Input<object>? Cases { get; set; }

    public Input<string>? Mode { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Outcome("Default"));
}

[Activity("Elsa.SetVariable", Category = "Primitives")]
public sealed class TestSetVariable : Activity
{
    [Input(Required = true)]
    public Input<object>? Variable { get; set; }

    public Input<object>? Value { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

[Activity("Elsa.RunJavaScript", Category = "Scripting")]
public sealed class TestRunJavaScript : Activity
{
    [Input(Required = true, UIHint = UIHints.Code)]
    public Input<string>? Script { get; set; }

    public Output<object>? Result { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

[Activity("Elsa.SendEmail", Category = "Email")]
public sealed class TestSendEmail : Activity
{
    public Input<string>? From { get; set; }

    [Input(Required = true)]
    public Input<string[]>? To { get; set; }

    [Input(Required = true, DefaultSyntax = ExpressionSyntax.Liquid)]
    public Input<string>? Subject { get; set; }

    [Input(DefaultSyntax = ExpressionSyntax.Liquid, UIHint = UIHints.MultiLine)]
    public Input<string>? Body { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

[Activity("Elsa.Sequence", Category = "Composition")]
public sealed class TestSequence : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

[Activity("Test.Score", Category = "Test")]
public sealed class TestScore : Activity
{
    /// <summary>Required but with a default, so leaving it empty is fine.</summary>
    [Input(Required = true, DefaultValue = 10)]
    public Input<int>? Points { get; set; }

    public Output<int>? Total { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

public static class TestRegistry
{
    public static ActivityRegistry Create()
    {
        var registry = new ActivityRegistry();
        registry.Register<TestStart>();
        registry.Register<TestEvent>();
        registry.Register<TestDecision>();
        registry.Register<TestDelay>();
        registry.Register<TestWriteLine>();
        registry.Register<TestWriteLineV2>();
        registry.Register<TestFork>();
        registry.Register<TestJoin>();
        registry.Register<TestSwitch>();
        registry.Register<TestSetVariable>();
        registry.Register<TestRunJavaScript>();
        registry.Register<TestSendEmail>();
        registry.Register<TestSequence>();
        registry.Register<TestScore>();
        return registry;
    }
}
