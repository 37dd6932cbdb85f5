using AutomationServer.Sdk.Activities;
using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace Fixture.ThrowsInStartup;

/// <summary>Registers a bit of everything, then fails: none of it may stay behind.</summary>
public sealed class ThrowingPlugin : IPluginStartup
{
    public void ConfigureServices(IPluginBuilder plugin)
    {
        plugin.Services.AddSingleton<PrivateService>();
        plugin.AddActivity<NeverRegistered>();
        plugin.AddChannel<NeverChannel>();
        throw new InvalidOperationException("The fixture's startup failed on purpose.");
    }
}

public sealed class PrivateService;

[Activity("Fixture.Throws.NeverRegistered", Category = "Fixtures")]
public sealed class NeverRegistered : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Done());
}

[Channel("fixture-never")]
public sealed class NeverChannel : IChannel
{
    public ValueTask<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken) => ValueTask.FromResult(SendResult.Sent());
}
