using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Fixture.Basic;

public sealed class BasicPlugin : IPluginStartup
{
    /// <summary>Key of a service the Dependent fixture looks for to prove it is configured after this plugin.</summary>
    public const string LoadedMarker = "fixture.basic.loaded";

    public void ConfigureServices(IPluginBuilder plugin)
    {
        plugin.AddActivity<Classify>();
        plugin.Services.AddKeyedSingleton<object>(LoadedMarker, new object());
    }
}

/// <summary>Leaves through High or Low depending on a score, and names the band in an output.</summary>
[Activity("Fixture.Basic.Classify", Category = "Fixtures", Outcomes = ["High", "Low"])]
public sealed class Classify : Activity
{
    [Input(Description = "The score to classify.")]
    public Input<int> Score { get; set; } = default!;

    [Output(Description = "High or Low.")]
    public Output<string>? Band { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var band = context.Get(Score) >= 50 ? "High" : "Low";
        context.Set(Band, band);
        return ValueTask.FromResult(ActivityResult.Outcome(band));
    }
}
