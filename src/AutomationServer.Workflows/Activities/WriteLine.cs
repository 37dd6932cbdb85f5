using AutomationServer.Sdk.Activities;
using Microsoft.Extensions.Logging;

namespace AutomationServer.Workflows.Activities;

/// <summary>Writes a line to the server log (Elsa writes to the console; a service has no console).</summary>
[Activity("Elsa.WriteLine", Category = BuiltIn.CategoryPrimitives, Description = "Writes a line of text to the log.")]
public sealed class WriteLine : Activity
{
    [Input(Description = "The text to write.", UIHint = UIHints.MultiLine)]
    public Input<string> Text { get; set; } = default!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.Logger.LogInformation("WriteLine {ActivityId}: {Text}", context.ActivityId, context.Get(Text));
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
