using AutomationServer.Sdk.Plugins;

namespace AutomationPlugins.Email.Bounces;

/// <summary>Adds the bounce mailbox poll when <c>Plugins:email:Bounces:Imap:Host</c> is set.</summary>
public static class BounceMailboxRegistration
{
    public const string JobName = "bounce-mailbox";

    public static IPluginBuilder AddBounceMailbox(this IPluginBuilder plugin)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        var settings = plugin.AddOptions<BounceMailboxSettings>();
        return settings.Bounces.Imap.Enabled ? plugin.AddRecurringJob<ImapBouncePoller>(JobName, settings.Bounces.Schedule) : plugin;
    }
}
