using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Plugins;

namespace Fixture.SdkTooNew;

public sealed class SdkTooNewPlugin : IPluginStartup
{
    public void ConfigureServices(IPluginBuilder plugin) => plugin.AddActivity<Noop>();
}

[Activity("Fixture.SdkTooNew.Noop", Category = "Fixtures")]
public sealed class Noop : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}
