using System.Text.RegularExpressions;
using AutomationServer.Sdk.Activities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AutomationPlugins.Utilities;

/// <summary>
/// Tests text against a regular expression and continues through <c>Matched</c> or <c>NotMatched</c>.
/// The output is the matched text, or the named groups when the pattern has any.
/// </summary>
[Activity(TypeName, Category = "Utilities", DisplayName = "Match text",
    Description = "Tests text against a regular expression; outputs the match (or its named groups).",
    Outcomes = [MatchedPort, NotMatchedPort])]
public sealed class TextMatch : Activity
{
    public const string TypeName = "Text.Match";
    public const string MatchedPort = "Matched";
    public const string NotMatchedPort = "NotMatched";

    [Input(Description = "The text to test.", UIHint = UIHints.MultiLine, Order = 0)]
    public Input<string> Text { get; set; } = default!;

    [Input(Description = "A .NET regular expression, e.g. ^(?<local>[^@]+)@(?<domain>.+)$.", Required = true, Order = 1)]
    public Input<string> Pattern { get; set; } = default!;

    [Input(Description = "Match letters regardless of case.", UIHint = UIHints.Checkbox, DefaultValue = false, Order = 2)]
    public Input<bool> IgnoreCase { get; set; } = default!;

    [Output(Description = "The matched text, or an object of the named groups when the pattern has named groups; null when nothing matched.")]
    public Output<object> Match { get; set; } = default!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var pattern = context.Get(Pattern);
        if (string.IsNullOrEmpty(pattern))
        {
            throw new ArgumentException("Input 'Pattern' is required: a regular expression to match.");
        }

        var timeout = context.Services.GetService<IOptions<UtilitiesOptions>>()?.Value.RegexTimeout ?? UtilitiesOptions.DefaultRegexTimeout;
        var options = RegexOptions.CultureInvariant | (context.Get(IgnoreCase) ? RegexOptions.IgnoreCase : RegexOptions.None);
        Regex regex;
        try
        {
            regex = new Regex(pattern, options, timeout);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Input 'Pattern' is not a valid regular expression: {ex.Message}", ex);
        }

        System.Text.RegularExpressions.Match match;
        try
        {
            match = regex.Match(context.Get(Text) ?? string.Empty);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new TimeoutException(
                $"Input 'Pattern' took longer than {timeout.TotalMilliseconds:0} ms to match the text and was stopped; simplify the pattern (nested quantifiers such as (a+)+ backtrack without end).", ex);
        }

        if (!match.Success)
        {
            context.Set(Match, null);
            return ValueTask.FromResult(ActivityResult.Outcome(NotMatchedPort));
        }

        context.Set(Match, Describe(regex, match));
        return ValueTask.FromResult(ActivityResult.Outcome(MatchedPort));
    }

    private static object Describe(Regex regex, System.Text.RegularExpressions.Match match)
    {
        var names = regex.GetGroupNames().Where(name => !int.TryParse(name, out _)).ToList();
        if (names.Count == 0)
        {
            return match.Value;
        }

        return names.ToDictionary(name => name, name => match.Groups[name] is { Success: true } group ? (object?)group.Value : null);
    }
}
