using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationPlugins.Email.Activities;

/// <summary>Reads the engagement inputs and answers "did the contact open / click (a link containing X)?".</summary>
internal static class Engagement
{
    // The host publishes delivery events as stimuli "Message.<Kind>" keyed by the message id as lower-case "D" text
    // (DeliveryStimuli in AutomationServer.Messaging). The plugin may reference only the SDK, so the same literals live here.
    public const string OpenedStimulus = "Message.Opened";
    public const string ClickedStimulus = "Message.Clicked";
    public const string DetailKey = "detail";

    public static Guid MessageIdOf(ActivityContext context, Input<string>? message)
    {
        var text = message?.Expression is null
            ? context.GetVariable(EngagementInputs.LastMessageVariable)?.ToString()
            : context.Get(message);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidOperationException(
                $"Input 'Message' is empty and the journey has sent no email yet (variable '{EngagementInputs.LastMessageVariable}').");
        }

        return Guid.TryParse(text.Trim(), out var id)
            ? id
            : throw new InvalidOperationException($"Input 'Message' is '{text}', which is not a message id.");
    }

    public static string KindOf(ActivityContext context, Input<string>? engagement) =>
        context.Get(engagement)?.Trim().ToLowerInvariant() switch
        {
            null or "" or EngagementInputs.Opened => EngagementInputs.Opened,
            EngagementInputs.Clicked => EngagementInputs.Clicked,
            var other => throw new InvalidOperationException(
                $"Input 'Engagement' is '{other}'; it must be '{EngagementInputs.Opened}' or '{EngagementInputs.Clicked}'."),
        };

    public static string? LinkFilterOf(ActivityContext context, Input<string>? linkContains) =>
        context.Get(linkContains) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    /// <summary>A click counts as an open too: many clients block the open pixel but still follow links.</summary>
    public static async ValueTask<bool> HappenedAsync(ActivityContext context, Guid messageId, string kind, string? linkContains)
    {
        var history = context.Services.GetService<IMessageHistory>()
            ?? throw new InvalidOperationException("This server keeps no message history (IMessageHistory): engagement cannot be checked.");
        var summary = await history.FindAsync(messageId, context.CancellationToken);
        if (summary is null)
        {
            return false;
        }

        return kind == EngagementInputs.Opened
            ? summary.OpenedAt is not null || summary.ClickedAt is not null
            : summary.ClickedAt is not null && (linkContains is null || summary.ClickedUrls.Any(url => LinkMatches(url, linkContains)));
    }

    public static bool LinkMatches(string? url, string linkContains) =>
        url is not null && url.Contains(linkContains, StringComparison.OrdinalIgnoreCase);

    /// <summary>The URL a click stimulus carries in its payload's <c>detail</c>.</summary>
    public static string? ClickedUrlOf(object? payload) => payload switch
    {
        IReadOnlyDictionary<string, object?> values => values.GetValueOrDefault(DetailKey)?.ToString(),
        IDictionary<string, object?> values => values.TryGetValue(DetailKey, out var value) ? value?.ToString() : null,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } json
            when json.TryGetProperty(DetailKey, out var detail) => detail.ValueKind == System.Text.Json.JsonValueKind.String ? detail.GetString() : null,
        _ => null,
    };
}
