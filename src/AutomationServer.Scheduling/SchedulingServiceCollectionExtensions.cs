using AutomationServer.Scheduling.Configuration;
using AutomationServer.Scheduling.Jobs;
using AutomationServer.Scheduling.Triggers;
using AutomationServer.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace AutomationServer.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>The health check that reports the scheduler running; tagged for the readiness probe.</summary>
    public const string HealthCheckName = "scheduler";

    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds Quartz with its job store in the application database (<c>Persistence:*</c>), the due-bookmark
    /// scan, scheduled workflow triggers and the scheduler's readiness check. Settings: <c>Scheduling:*</c>.
    /// </summary>
    public static IServiceCollection AddAutomationScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AutomationSchedulingOptions.SectionName);
        var options = section.Get<AutomationSchedulingOptions>() ?? new AutomationSchedulingOptions();
        Validate(options);
        var store = SchedulerStore.FromConfiguration(configuration);

        services.AddOptions<AutomationSchedulingOptions>().Bind(section);
        services.AddSingleton(store);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EngineServiceResolver>();
        services.AddTransient<DueBookmarkScanJob>();
        services.AddTransient<ScheduledTriggerJob>();
        services.TryAddSingleton<TriggerScheduleSynchronizer>();
        services.AddSingleton<ITriggerScheduleObserver>(provider => provider.GetRequiredService<TriggerScheduleSynchronizer>());
        services.AddHostedService<TriggerScheduleSyncService>();

        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = options.SchedulerName);
            quartz.UseDefaultThreadPool(options.MaxConcurrency);
            quartz.UsePersistentStore(persistent => ConfigureStore(persistent, store, options));
            quartz.ScheduleJob<DueBookmarkScanJob>(
                trigger => trigger
                    .WithIdentity(DueBookmarkScanJob.Key.Name, DueBookmarkScanJob.Key.Group)
                    .StartNow()
                    .WithSchedule(SimpleScheduleBuilder.Create()
                        .WithInterval(options.DueBookmarkScanInterval)
                        .RepeatForever()
                        // After downtime one scan resumes every overdue timer, so missed ticks are skipped, not replayed.
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
                job => job.WithIdentity(DueBookmarkScanJob.Key));
        });

        services.AddQuartzHostedService(hosted =>
        {
            hosted.AwaitApplicationStarted = true;
            hosted.WaitForJobsToComplete = true;
        });

        services.AddHealthChecks().AddQuartz(check =>
        {
            check.Name = HealthCheckName;
            check.Tags.Add(ReadyTag);
        });

        return services;
    }

    private static void ConfigureStore(IPersistentStoreBuilder persistent, SchedulerStore store, AutomationSchedulingOptions options)
    {
        switch (store.Provider)
        {
            case DatabaseProvider.Sqlite:
                persistent.UseSqlite(store.ConnectionString);
                break;
            case DatabaseProvider.SqlServer:
                persistent.UseSqlServer(store.ConnectionString);
                break;
            case DatabaseProvider.PostgreSql:
                persistent.UsePostgres(store.ConnectionString);
                break;
        }

        persistent.UseSystemTextJsonSerializer();
        persistent.ConfigureStore(ado =>
        {
            ado.TablePrefix = options.TablePrefix;
            // Job data holds only ids, so plain strings keep the rows readable and version tolerant.
            ado.StoreJobDataAsStrings = true;
        });

        if (options.ProvisionSchema)
        {
            persistent.ProvisionSchema();
        }

        if (store.Clustered)
        {
            persistent.UseClustering(_ => { });
        }
    }

    private static void Validate(AutomationSchedulingOptions options)
    {
        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new InvalidOperationException(message);
            }
        }

        Require(!string.IsNullOrWhiteSpace(options.SchedulerName), "Scheduling:SchedulerName must not be empty.");
        Require(options.DueBookmarkScanInterval >= TimeSpan.FromMilliseconds(100), "Scheduling:DueBookmarkScanInterval must be at least 00:00:00.1.");
        Require(options.DueBookmarkScanBudget > TimeSpan.Zero, "Scheduling:DueBookmarkScanBudget must be positive.");
        Require(options.TriggerResyncInterval >= TimeSpan.FromSeconds(1), "Scheduling:TriggerResyncInterval must be at least one second.");
        Require(options.MaxConcurrency >= 1, "Scheduling:MaxConcurrency must be at least 1.");
        Require(!string.IsNullOrWhiteSpace(options.TablePrefix), "Scheduling:TablePrefix must not be empty.");
    }
}
