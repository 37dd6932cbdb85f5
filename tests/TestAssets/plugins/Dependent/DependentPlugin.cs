using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Plugins;

namespace Fixture.Dependent;

public sealed class DependentPlugin : IPluginStartup
{
    public void ConfigureServices(IPluginBuilder plugin)
    {
        // fixture.basic leaves this keyed service behind; it must have been configured first.
        if (!plugin.Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, "fixture.basic.loaded")))
        {
            throw new InvalidOperationException("fixture.basic was not configured before fixture.aaa-dependent.");
        }

        plugin.AddActivity<Echo>();
    }
}

[Activity("Fixture.Dependent.Echo", Category = "Fixtures")]
public sealed class Echo : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}
