using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Plugins;

namespace Fixture.PrivateDependencyV1;

public sealed class PrivateDependencyPlugin : IPluginStartup
{
    public void ConfigureServices(IPluginBuilder plugin) => plugin.AddActivity<Greet>();
}

/// <summary>Writes what this plugin's copy of Fixture.Greeting says.</summary>
[Activity("Fixture.PrivateDependencyV1.Greet", Category = "Fixtures")]
public sealed class Greet : Activity
{
    public Output<string>? Text { get; set; }

    /// <summary>The greeting of the library version this plugin loaded (for tests that inspect it directly).</summary>
    public static string Describe() => Fixture.Greeting.Greeting.Text();

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.Set(Text, Describe());
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
