using AutomationServer.Workflows.Hosting;

namespace AutomationServer.Workflows.Tests.Runtime;

public sealed class ExpiringSnapshotTests
{
    private readonly SteppingClock _clock = new();

    [Fact]
    public async Task A_value_is_loaded_once_per_lifetime_and_again_after_an_invalidation()
    {
        var loads = 0;
        var snapshot = new ExpiringSnapshot<string>(_clock, () => TimeSpan.FromSeconds(30));
        Task<string> Load(CancellationToken _) => Task.FromResult($"v{++loads}");

        Assert.Equal("v1", await snapshot.GetAsync(Load, CancellationToken.None));
        _clock.Now += TimeSpan.FromSeconds(29);
        Assert.Equal("v1", await snapshot.GetAsync(Load, CancellationToken.None));
        _clock.Now += TimeSpan.FromSeconds(1);
        Assert.Equal("v2", await snapshot.GetAsync(Load, CancellationToken.None));
        snapshot.Invalidate();
        Assert.Equal("v3", await snapshot.GetAsync(Load, CancellationToken.None));
    }

    [Fact]
    public async Task A_load_that_began_before_an_invalidation_is_not_kept()
    {
        var snapshot = new ExpiringSnapshot<string>(_clock, () => TimeSpan.FromMinutes(5));
        var release = new TaskCompletionSource();
        var slow = snapshot.GetAsync(async _ => { await release.Task; return "before the change"; }, CancellationToken.None).AsTask();

        snapshot.Invalidate();
        release.SetResult();

        Assert.Equal("before the change", await slow);
        Assert.Equal("after the change", await snapshot.GetAsync(_ => Task.FromResult("after the change"), CancellationToken.None));
    }

    private sealed class SteppingClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
