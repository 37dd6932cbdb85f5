using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AutomationServer.Messaging.Policies;

/// <summary>
/// The configured defaults of section <c>Messaging:Policies</c>, one subsection per channel
/// (<c>Messaging:Policies:email:FrequencyCaps:0:Max</c> …); read with <see cref="ChannelPolicyParser"/> like the API's documents.
/// </summary>
public sealed class SendPolicyOptions
{
    public const string SectionName = "Messaging:Policies";

    public Dictionary<string, ChannelPolicy> Channels { get; } = new(StringComparer.Ordinal);

    /// <summary>Problems found while reading the section, reported when the server starts.</summary>
    public List<string> Problems { get; } = [];

    public static void Read(IConfiguration configuration, SendPolicyOptions options)
    {
        foreach (var channelSection in configuration.GetSection(SectionName).GetChildren())
        {
            var channel = channelSection.Key.Trim().ToLowerInvariant();
            if (!SendPolicyChannels.IsValid(channel))
            {
                options.Problems.Add($"{SectionName}:{channelSection.Key}: {SendPolicyChannels.Rule}");
                continue;
            }

            var (policy, problems) = ChannelPolicyParser.Parse(ToNode(channelSection) ?? new JsonObject());
            options.Problems.AddRange(problems.Select(p => $"{SectionName}:{channelSection.Key}: {p.Field}: {p.Message}"));
            if (policy is not null)
            {
                options.Channels[channel] = policy;
            }
        }
    }

    /// <summary>Configuration is text only: sections with keys 0, 1, … become lists and numeric text becomes a number.</summary>
    private static JsonNode? ToNode(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return section.Value is not { } text ? null
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
                : JsonValue.Create(text);
        }

        if (children.All(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return new JsonArray(children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)).Select(ToNode).ToArray());
        }

        var node = new JsonObject();
        foreach (var child in children)
        {
            node[child.Key] = ToNode(child);
        }

        return node;
    }
}

internal sealed class SendPolicyOptionsValidator : IValidateOptions<SendPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, SendPolicyOptions options) =>
        options.Problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(options.Problems);
}

/// <summary>Channel names as the consent model spells them.</summary>
public static class SendPolicyChannels
{
    public const int MaxLength = 64;

    public const string Rule = "A channel is lower-case letters, digits, '-' and '_', starting with a letter, at most 64 characters (email, sms, …).";

    public static bool IsValid(string? channel) =>
        channel is { Length: > 0 and <= MaxLength } && char.IsAsciiLetterLower(channel[0]) && channel.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    public static string Normalize(string channel) => channel.Trim().ToLowerInvariant();
}
