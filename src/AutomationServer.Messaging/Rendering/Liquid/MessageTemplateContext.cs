using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using AutomationServer.Messaging.Recipients;
using AutomationServer.Workflows.Definitions;
using Fluid;

namespace AutomationServer.Messaging.Rendering.Liquid;

/// <summary>Links a template may show; null when no tracking links are configured.</summary>
public sealed record TemplateLinks(string? UnsubscribeUrl, string? PreferencesUrl);

/// <summary>
/// What a message template sees: <c>contact</c> (id, email, phone, every attribute by name, tags, stage, score, locale,
/// time_zone, segments), <c>event</c> and <c>data</c> (the request's data: journey variables and the triggering event's
/// properties), <c>message.id</c>, <c>unsubscribe_url</c> and <c>preferences_url</c>. docs/templates.md lists it for users.
/// </summary>
public static class MessageTemplateContext
{
    /// <summary>Loops and output are bounded so that one template cannot hold a dispatcher worker.</summary>
    public const int MaxSteps = 200_000;

    /// <summary>Encodes markup characters but leaves letters of every script as they are, so the HTML stays readable.</summary>
    public static readonly TextEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static readonly TextEncoder None = NullEncoder.Default;

    private static readonly TemplateOptions Options = CreateOptions();

    public static TemplateContext Create(Guid messageId, Recipient recipient, IReadOnlyDictionary<string, object?> data, ContactSegmentSet segments, TemplateLinks links)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(data);
        var context = new TemplateContext(Options);
        var plainData = Plain(data);
        context.SetValue("contact", Contact(recipient, segments));
        context.SetValue("data", plainData);
        context.SetValue("event", plainData);
        context.SetValue("message", new Dictionary<string, object?> { ["id"] = messageId.ToString("D") });
        context.SetValue("unsubscribe_url", links.UnsubscribeUrl);
        context.SetValue("preferences_url", links.PreferencesUrl);
        context.AmbientValues[ContactSegmentSet.AmbientKey] = segments;
        return context;
    }

    private static Dictionary<string, object?> Contact(Recipient recipient, ContactSegmentSet segments)
    {
        var contact = new Dictionary<string, object?>(StringComparer.Ordinal);

        // Attributes first: the built-in fields below win over an attribute that happens to share a name.
        foreach (var (name, value) in recipient.Attributes)
        {
            contact[name] = Plain(value);
        }

        foreach (var (kind, value) in recipient.Identities)
        {
            contact[kind.Replace(':', '_')] = value;
        }

        contact["id"] = recipient.ContactId?.ToString("D");
        contact["address"] = recipient.Address;
        contact.TryAdd("first_name", null);
        contact.TryAdd("last_name", null);
        contact["tags"] = recipient.Tags;
        contact["stage"] = recipient.LifecycleStage;
        contact["score"] = recipient.Score;
        contact["locale"] = recipient.Locale;
        contact["time_zone"] = recipient.TimeZone;
        contact["attributes"] = recipient.Attributes.ToDictionary(a => a.Key, a => Plain(a.Value), StringComparer.Ordinal);
        contact["segments"] = segments.Segments.SelectMany(s => new[] { s.Id, s.Name }).Distinct(StringComparer.Ordinal).ToList();
        contact["segment_ids"] = segments.Segments.Select(s => s.Id).ToList();
        contact["segment_names"] = segments.Segments.Select(s => s.Name).ToList();
        return contact;
    }

    private static Dictionary<string, object?> Plain(IReadOnlyDictionary<string, object?> data)
    {
        var plain = new Dictionary<string, object?>(data.Count, StringComparer.Ordinal);
        foreach (var (key, value) in data)
        {
            plain[key] = Plain(value);
        }

        return plain;
    }

    /// <summary>Fluid reads dictionaries, lists and scalars; JSON values from an API body are turned into those.</summary>
    private static object? Plain(object? value) => value switch
    {
        JsonElement element => InputJson.ToClr(element),
        System.Text.Json.Nodes.JsonNode node => InputJson.ToClr(node),
        _ => value,
    };

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions
        {
            CultureInfo = CultureInfo.InvariantCulture,
            MaxSteps = MaxSteps,
            TimeZone = TimeZoneInfo.Utc,
        };
        return options;
    }
}
