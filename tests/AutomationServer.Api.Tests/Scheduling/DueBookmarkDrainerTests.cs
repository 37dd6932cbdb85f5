using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Scheduling.Jobs;

namespace AutomationServer.Api.Tests.Scheduling;

public sealed class DueBookmarkDrainerTests
{
    [Fact]
    public async Task Drains_full_batches_until_one_comes_back_empty()
    {
        var processor = new CountingDueBookmarkProcessor(100, 100, 100);

        var result = await DueBookmarkDrainer.DrainAsync(processor, TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);

        Assert.Equal(new DrainResult(300, 3, DrainStop.Empty), result);
        Assert.Equal(4, processor.Calls);
    }

    [Fact]
    public async Task An_idle_system_costs_one_call()
    {
        var processor = new CountingDueBookmarkProcessor();

        var result = await DueBookmarkDrainer.DrainAsync(processor, TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);

        Assert.Equal(new DrainResult(0, 0, DrainStop.Empty), result);
        Assert.Equal(1, processor.Calls);
    }

    [Fact]
    public async Task Stops_when_the_time_budget_is_used_up()
    {
        var clock = new ManualClock();
        var processor = new CountingDueBookmarkProcessor(Enumerable.Repeat(10, 100).ToArray()) { OnCall = () => clock.Advance(TimeSpan.FromSeconds(1)) };

        var result = await DueBookmarkDrainer.DrainAsync(processor, TimeSpan.FromSeconds(5), clock, CancellationToken.None);

        Assert.Equal(new DrainResult(50, 5, DrainStop.BudgetExhausted), result);
    }

    [Fact]
    public async Task Stops_when_cancelled_between_batches()
    {
        using var cancellation = new CancellationTokenSource();
        var processor = new CountingDueBookmarkProcessor(10, 10, 10, 10) { OnCall = cancellation.Cancel };

        var result = await DueBookmarkDrainer.DrainAsync(processor, TimeSpan.FromSeconds(5), TimeProvider.System, cancellation.Token);

        Assert.Equal(new DrainResult(10, 1, DrainStop.Cancelled), result);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
