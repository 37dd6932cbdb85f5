using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Plugins;

namespace Fixture.DotDotPath;

public sealed class DotDotPathPlugin : IPluginStartup
{
    public void ConfigureServices(IPluginBuilder plugin) => plugin.AddActivity<Noop>();
}

[Activity("Fixture.DotDotPath.Noop", Category = "Fixtures")]
public sealed class Noop : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}
