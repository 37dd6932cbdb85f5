using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Channels;

namespace AutomationServer.Messaging.Tests.Outbox;

/// <summary>Queues <see cref="Count"/> emails to <see cref="ContactId"/>, then fails if <see cref="Fail"/> is "yes".</summary>
[Activity("Tests.QueueMessage", Category = "Tests", Description = "Queues test messages.")]
public sealed class QueueTestMessage : Activity
{
    [Input(Description = "The contact.")]
    public Input<string> ContactId { get; set; } = default!;

    [Input(Description = "How many messages.")]
    public Input<string> Count { get; set; } = default!;

    [Input(Description = "yes: throw after queueing.")]
    public Input<string> Fail { get; set; } = default!;

    public static readonly List<Guid> Returned = [];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var count = int.Parse(context.Get(Count) ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            var id = context.QueueMessage(new MessageRequest { Channel = "email", ContactId = context.Get(ContactId), Subject = $"Message {i}", Body = "Hi" });
            lock (Returned)
            {
                Returned.Add(id);
            }
        }

        if (context.Get(Fail) == "yes")
        {
            throw new InvalidOperationException("The step failed after queueing.");
        }

        return ValueTask.FromResult(ActivityResult.Done());
    }
}
