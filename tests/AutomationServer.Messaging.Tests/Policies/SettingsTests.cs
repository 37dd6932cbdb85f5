using AutomationServer.Messaging.Policies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static AutomationServer.Messaging.Tests.Policies.PolicyTestDatabase;

namespace AutomationServer.Messaging.Tests.Policies;

public sealed class SettingsTests
{
    [Fact]
    public async Task A_saved_policy_replaces_the_configured_one_at_once()
    {
        await using var database = await CreateAsync(PolicySettings.Email(caps: [(3, "1.00:00:00")], quiet: ("21:00", "08:00", ["Sat", "sunday"]), rate: 50));
        var settings = database.Get<SendPolicySettings>();

        var configured = await settings.ForChannelAsync("email", CancellationToken.None);
        Assert.Equal([new FrequencyCap(3, TimeSpan.FromDays(1))], configured.FrequencyCaps);
        Assert.Equal(new HashSet<DayOfWeek> { DayOfWeek.Saturday, DayOfWeek.Sunday }, configured.QuietHours!.Days);
        Assert.Equal(50, configured.RatePerSecond);
        Assert.Equal(ChannelPolicy.Unrestricted, await settings.ForChannelAsync("sms", CancellationToken.None));

        var saved = await settings.SaveAsync("Email", """{ "frequencyCaps": [ { "max": 1, "window": "PT12H" } ], "maxDeferral": "2.00:00:00" }""", CancellationToken.None);

        Assert.Empty(saved.Problems);
        var effective = await settings.ForChannelAsync("email", CancellationToken.None);
        Assert.Equal([new FrequencyCap(1, TimeSpan.FromHours(12))], effective.FrequencyCaps);
        Assert.Null(effective.QuietHours);
        Assert.Equal(TimeSpan.FromDays(2), effective.MaxDeferral);
        var views = await settings.ListAsync(CancellationToken.None);
        Assert.Equal(("email", PolicySource.Database), (views.Single().Channel, views.Single().Source));
    }

    [Fact]
    public void Problems_name_the_field()
    {
        var (policy, problems) = ChannelPolicyParser.Parse("""
            { "frequencyCaps": [ { "max": 0, "window": "1.00:00:00" }, { "max": 2, "window": "0.00:00:00" }, { "max": 2, "window": "P1D", "per": 1 } ],
              "quietHours": { "start": "9pm", "end": "08:00", "days": ["Funday"] }, "ratePerSecond": -1, "maxDefferal": "P1D" }
            """);

        Assert.Null(policy);
        Assert.Equal(
            ["frequencyCaps[0].max", "frequencyCaps[1].window", "frequencyCaps[2].per", "maxDefferal", "quietHours.days[0]", "quietHours.start", "ratePerSecond"],
            problems.Select(p => p.Field).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{ "quietHours": { "start": "08:00", "end": "08:00" } }""", "quietHours.end")]
    [InlineData("""{ "quietHours": { "start": "24:00", "end": "08:00" } }""", "quietHours.start")]
    [InlineData("""{ "frequencyCaps": { "max": 1 } }""", "frequencyCaps")]
    [InlineData("""{ "frequencyCaps": [ { "max": 1.5, "window": "P1D" } ] }""", "frequencyCaps[0].max")]
    [InlineData("""{ "frequencyCaps": [ { "max": "3", "window": "P1D" } ] }""", "frequencyCaps[0].max")]
    [InlineData("""{ "maxDeferral": "-1.00:00:00" }""", "maxDeferral")]
    [InlineData("""[]""", "body")]
    [InlineData("""{ "frequencyCaps": [ """, "body")]
    public void Each_invalid_value_is_reported_on_its_field(string json, string field)
    {
        var (policy, problems) = ChannelPolicyParser.Parse(json);

        Assert.Null(policy);
        Assert.Equal(field, Assert.Single(problems).Field);
    }

    [Fact]
    public void Invalid_configuration_stops_the_start_with_the_setting_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Policies:email:FrequencyCaps:0:Max"] = "0",
            ["Messaging:Policies:email:FrequencyCaps:0:Window"] = "1.00:00:00",
            ["Messaging:Policies:email:QuietHours:Start"] = "21:00",
            ["Messaging:Policies:email:QuietHours:End"] = "8 o'clock",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddSendPolicies(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SendPolicyOptions>>().Value);

        Assert.Contains(failure.Failures, f => f.StartsWith("Messaging:Policies:email: frequencyCaps[0].max:", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Messaging:Policies:email: quietHours.end:", StringComparison.Ordinal));
    }
}
