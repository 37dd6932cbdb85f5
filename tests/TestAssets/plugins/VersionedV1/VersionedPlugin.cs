using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Plugins;

namespace Fixture.VersionedV1;

public sealed class VersionedPlugin : IPluginStartup
{
    public void ConfigureServices(IPluginBuilder plugin) => plugin.AddActivity<Greet>();
}

[Activity("Fixture.Versioned.Greet", Version = 1, Category = "Fixtures")]
public sealed class Greet : Activity
{
    public Output<string>? Text { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.Set(Text, "plugin 1.0.0, activity version 1");
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
