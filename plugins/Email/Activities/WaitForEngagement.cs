using AutomationServer.Sdk.Activities;

namespace AutomationPlugins.Email.Activities;

/// <summary>
/// "Wait until opened, at most 2 days": continues through <c>Engaged</c> as soon as the contact opens (or clicks, a
/// link containing a text) the email, at once when that happened already, or through <c>TimedOut</c>.
/// </summary>
[Activity(TypeName, Category = "Email", DisplayName = "Wait for engagement", MaySuspend = true, Outcomes = [EngagedPort, TimedOutPort],
    Description = "Waits until the contact opens or clicks an email, at most the timeout.")]
public sealed class WaitForEngagement : Activity
{
    public const string TypeName = "Email.WaitForEngagement";
    public const string EngagedPort = "Engaged";
    public const string TimedOutPort = "TimedOut";
    private const string TimerStimulus = TypeName + ".Timeout";

    [Input(Description = "The message id; by default the last email this journey sent.", Order = 0)]
    public Input<string> Message { get; set; } = default!;

    [Input(Description = "What to wait for.", UIHint = UIHints.Select, Options = [EngagementInputs.Opened, EngagementInputs.Clicked],
        DefaultValue = EngagementInputs.Opened, Order = 1)]
    public Input<string> Engagement { get; set; } = default!;

    [Input(DisplayName = "Link contains", Description = "Only a click on a URL containing this text counts.", Order = 2)]
    public Input<string> LinkContains { get; set; } = default!;

    [Input(Description = "How long to wait at most, e.g. 2.00:00:00 or P2D.", Required = true, UIHint = UIHints.Duration, Order = 3)]
    public Input<TimeSpan> Timeout { get; set; } = default!;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var messageId = Activities.Engagement.MessageIdOf(context, Message);
        var kind = Activities.Engagement.KindOf(context, Engagement);
        var timeout = context.Get(Timeout);
        if (timeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Input 'Timeout' must be a positive duration; got '{timeout}'.");
        }

        if (await Activities.Engagement.HappenedAsync(context, messageId, kind, Activities.Engagement.LinkFilterOf(context, LinkContains)))
        {
            return ActivityResult.Outcome(EngagedPort);
        }

        return ActivityResult.Suspend([.. Bookmarks(messageId, kind), BookmarkRequest.Timer(TimerStimulus, context.Now + timeout)]);
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context)
    {
        if (context.Stimulus is not { } stimulus)
        {
            return ValueTask.FromResult(ActivityResult.Outcome(TimedOutPort));
        }

        var kind = Activities.Engagement.KindOf(context, Engagement);
        var linkContains = Activities.Engagement.LinkFilterOf(context, LinkContains);
        if (kind == EngagementInputs.Clicked && linkContains is not null
            && !Activities.Engagement.LinkMatches(Activities.Engagement.ClickedUrlOf(stimulus.Payload), linkContains))
        {
            // Another link: keep waiting; the timer of the first suspension still stands.
            var messageId = Activities.Engagement.MessageIdOf(context, Message);
            return ValueTask.FromResult(ActivityResult.Suspend(Bookmarks(messageId, kind)));
        }

        return ValueTask.FromResult(ActivityResult.Outcome(EngagedPort));
    }

    /// <summary>Waiting for an open also listens for clicks: a click proves the email was opened even when the pixel was blocked.</summary>
    private static IReadOnlyList<BookmarkRequest> Bookmarks(Guid messageId, string kind)
    {
        var key = messageId.ToString("D");
        var clicked = new BookmarkRequest { Stimulus = Activities.Engagement.ClickedStimulus, Key = key };
        return kind == EngagementInputs.Opened
            ? [new BookmarkRequest { Stimulus = Activities.Engagement.OpenedStimulus, Key = key }, clicked]
            : [clicked];
    }
}
