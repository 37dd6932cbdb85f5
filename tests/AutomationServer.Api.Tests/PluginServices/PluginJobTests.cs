using AutomationServer.Scheduling.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace AutomationServer.Api.Tests.PluginServices;

[Collection(PluginHostCollection.Name)]
public sealed class PluginJobTests(PluginHostFixture host)
{
    [Fact]
    public async Task A_recurring_job_keeps_firing_after_a_failed_occurrence_and_never_overlaps_itself()
    {
        // Every second, each run taking 1.2 s, the first one throwing.
        await Infrastructure.Eventually.TrueAsync(() => Volatile.Read(ref TestPluginProbe.JobRuns) >= 3, TimeSpan.FromSeconds(20), "the plugin job ran three times");

        Assert.Equal(1, Volatile.Read(ref TestPluginProbe.MaxJobsRunningAtOnce));
    }

    [Fact]
    public async Task Invalid_crons_are_skipped_and_jobs_no_longer_registered_are_removed()
    {
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var flaky = PluginJob.KeyFor(PluginHostFixture.PluginId, "flaky");
        await Infrastructure.Eventually.TrueAsync(async () => await scheduler.GetJobDetail(flaky) is not null, TimeSpan.FromSeconds(20), "the start-up synchronisation scheduled the plugin job");
        var stale = PluginJob.KeyFor("uninstalled-plugin", "nightly");
        await scheduler.ScheduleJob(
            JobBuilder.Create<PluginJob>().WithIdentity(stale)
                .UsingJobData(PluginJob.PluginIdKey, "uninstalled-plugin").UsingJobData(PluginJob.JobNameKey, "nightly").Build(),
            TriggerBuilder.Create().WithIdentity(stale.Name, stale.Group).StartAt(DateTimeOffset.UtcNow.AddDays(1)).Build());

        var result = await host.Services.GetRequiredService<PluginJobSynchronizer>().SynchronizeAsync(CancellationToken.None);

        Assert.Equal(new PluginJobSyncResult(Scheduled: 0, Unchanged: 1, Removed: 1, Invalid: 1), result);
        Assert.Null(await scheduler.GetJobDetail(stale));
        Assert.Null(await scheduler.GetJobDetail(PluginJob.KeyFor(PluginHostFixture.PluginId, "broken")));
        Assert.NotNull(await scheduler.GetJobDetail(flaky));
    }
}
