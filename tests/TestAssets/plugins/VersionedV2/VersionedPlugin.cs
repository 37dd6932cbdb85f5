using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Plugins;

namespace Fixture.VersionedV2;

/// <summary>Version 2.0.0 of the plugin keeps activity version 1 (stored workflows use it) and adds version 2.</summary>
public sealed class VersionedPlugin : IPluginStartup
{
    public void ConfigureServices(IPluginBuilder plugin)
    {
        plugin.AddActivity<Greet>();
        plugin.AddActivity<GreetV2>();
    }
}

[Activity("Fixture.Versioned.Greet", Version = 1, Category = "Fixtures")]
public sealed class Greet : Activity
{
    public Output<string>? Text { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.Set(Text, "plugin 2.0.0, activity version 1");
        return ValueTask.FromResult(ActivityResult.Done());
    }
}

[Activity("Fixture.Versioned.Greet", Version = 2, Category = "Fixtures", Outcomes = ["Done", "Skipped"])]
public sealed class GreetV2 : Activity
{
    public Input<bool> Skip { get; set; } = default!;

    public Output<string>? Text { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.Get(Skip))
        {
            return ValueTask.FromResult(ActivityResult.Outcome("Skipped"));
        }

        context.Set(Text, "plugin 2.0.0, activity version 2");
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
