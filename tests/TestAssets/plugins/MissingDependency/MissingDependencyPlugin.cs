using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Plugins;

namespace Fixture.MissingDependency;

public sealed class MissingDependencyPlugin : IPluginStartup
{
    public void ConfigureServices(IPluginBuilder plugin) => plugin.AddActivity<Noop>();
}

[Activity("Fixture.MissingDependency.Noop", Category = "Fixtures")]
public sealed class Noop : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}
