using AutomationServer.Sdk.Activities;

namespace AutomationPlugins.Email.Activities;

/// <summary>A decision on what the contact did with an email so far: "opened?", "clicked link X?".</summary>
[Activity(TypeName, Category = "Email", DisplayName = "Email engaged?", Outcomes = [YesPort, NoPort],
    Description = "Continues through Yes when the contact opened (or clicked a link of) the email, else through No.")]
public sealed class EmailEngaged : Activity
{
    public const string TypeName = "Email.Engaged";
    public const string YesPort = "Yes";
    public const string NoPort = "No";

    [Input(Description = "The message id; by default the last email this journey sent.", Order = 0)]
    public Input<string> Message { get; set; } = default!;

    [Input(Description = "What to check.", UIHint = UIHints.Select, Options = [EngagementInputs.Opened, EngagementInputs.Clicked],
        DefaultValue = EngagementInputs.Opened, Order = 1)]
    public Input<string> Engagement { get; set; } = default!;

    [Input(DisplayName = "Link contains", Description = "Only a click on a URL containing this text counts.", Order = 2)]
    public Input<string> LinkContains { get; set; } = default!;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var messageId = Activities.Engagement.MessageIdOf(context, Message);
        var kind = Activities.Engagement.KindOf(context, Engagement);
        var engaged = await Activities.Engagement.HappenedAsync(context, messageId, kind, Activities.Engagement.LinkFilterOf(context, LinkContains));
        return ActivityResult.Outcome(engaged ? YesPort : NoPort);
    }
}
