using AutomationPlugins.Utilities;
using AutomationServer.BuiltInPlugins.Tests.Support;
using AutomationServer.Workflows.Descriptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AutomationServer.BuiltInPlugins.Tests.Utilities;

public sealed class TextMatchTests
{
    private static TextMatch Activity(string? text, string? pattern, bool ignoreCase = false) => new()
    {
        Text = new(text!),
        Pattern = new(pattern!),
        IgnoreCase = new(ignoreCase),
        Match = new("match"),
    };

    [Fact]
    public async Task A_match_leaves_through_Matched_with_the_matched_text()
    {
        var context = new TestActivityContext();

        var result = await Activity("Order 4711 shipped", @"\d+").ExecuteAsync(context);

        Assert.Equal(["Matched"], result.Outcomes);
        Assert.Equal("4711", context.Variables["match"]);
    }

    [Fact]
    public async Task Named_groups_become_an_object_of_group_values()
    {
        var context = new TestActivityContext();

        var result = await Activity("Ada@Example.org", "^(?<local>[^@]+)@(?<domain>.+)$").ExecuteAsync(context);

        Assert.Equal(["Matched"], result.Outcomes);
        var groups = Assert.IsType<Dictionary<string, object?>>(context.Variables["match"]);
        Assert.Equal("Ada", groups["local"]);
        Assert.Equal("Example.org", groups["domain"]);
    }

    [Theory]
    [InlineData(false, "NotMatched")]
    [InlineData(true, "Matched")]
    public async Task Ignore_case_decides_between_the_ports(bool ignoreCase, string expected)
    {
        var context = new TestActivityContext();

        var result = await Activity("VIP customer", "^vip", ignoreCase).ExecuteAsync(context);

        Assert.Equal([expected], result.Outcomes);
        Assert.Equal(expected == "Matched" ? "VIP" : null, context.Variables["match"]);
    }

    [Fact]
    public async Task Missing_text_is_matched_as_empty_text()
    {
        var result = await Activity(null, "^$").ExecuteAsync(new TestActivityContext());

        Assert.Equal(["Matched"], result.Outcomes);
    }

    [Theory]
    [InlineData("(unclosed", "Input 'Pattern' is not a valid regular expression")]
    [InlineData(null, "Input 'Pattern' is required")]
    public async Task A_bad_pattern_faults_naming_the_input(string? pattern, string expected)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Activity("text", pattern).ExecuteAsync(new TestActivityContext()).AsTask());

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_catastrophically_backtracking_pattern_is_stopped_at_the_configured_timeout()
    {
        var services = new ServiceCollection().AddSingleton(Options.Create(new UtilitiesOptions { RegexTimeout = TimeSpan.FromMilliseconds(100) })).BuildServiceProvider();
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Activity(new string('a', 40) + "!", "^(a+)+$").ExecuteAsync(new TestActivityContext(services)).AsTask());

        Assert.Contains("Input 'Pattern' took longer than 100 ms", error.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_engine_describes_it_with_three_inputs_an_output_and_two_ports()
    {
        var plugin = new TestPluginBuilder("utilities");
        new UtilitiesPlugin().ConfigureServices(plugin);

        var descriptor = ActivityRegistry.Describe(Assert.Single(plugin.Activities), "utilities");

        Assert.Equal("Text.Match", descriptor.TypeName);
        Assert.Equal(["Matched", "NotMatched"], descriptor.Outcomes);
        Assert.Equal(["text", "pattern", "ignoreCase"], descriptor.Inputs.Select(i => i.Name));
        Assert.Equal("match", Assert.Single(descriptor.Outputs).Name);
    }
}
