using AutomationServer.Scheduling.Jobs;
using Quartz;

namespace AutomationServer.Scheduling.Triggers;

/// <summary>Builds the Quartz job and trigger that fire one scheduled workflow trigger.</summary>
public static class QuartzTriggerFactory
{
    public const string ScheduleKey = "Schedule";

    public static IJobDetail CreateJob(Guid triggerId, string definitionId, TriggerSchedule schedule) =>
        JobBuilder.Create<ScheduledTriggerJob>()
            .WithIdentity(ScheduledTriggerJob.KeyFor(triggerId))
            .WithDescription($"Scheduled trigger of workflow {definitionId}")
            .UsingJobData(ScheduledTriggerJob.TriggerIdKey, triggerId.ToString("D"))
            .UsingJobData(ScheduleKey, schedule.Fingerprint)
            .Build();

    public static ITrigger CreateTrigger(Guid triggerId, TriggerSchedule schedule, DateTimeOffset now)
    {
        var builder = TriggerBuilder.Create()
            .WithIdentity(triggerId.ToString("D"), ScheduledTriggerJob.Group)
            .ForJob(ScheduledTriggerJob.KeyFor(triggerId));

        return schedule switch
        {
            // After downtime a cron trigger fires once for everything it missed, not once per miss.
            CronTriggerSchedule cron => builder
                .WithSchedule(CronScheduleBuilder.Create(cron.QuartzExpression)
                    .InTimeZone(cron.TimeZone)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build(),
            IntervalTriggerSchedule interval => builder
                .StartAt(now + interval.Interval)
                .WithSchedule(SimpleScheduleBuilder.Create()
                    .WithInterval(interval.Interval)
                    .RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build(),
            OnceTriggerSchedule once => builder
                .StartAt(once.At)
                .WithSchedule(SimpleScheduleBuilder.Create()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build(),
            _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "Unknown schedule kind."),
        };
    }
}
