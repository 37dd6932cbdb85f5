namespace AutomationServer.Api.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails with the description after the timeout.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string description)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout} waiting until {description}.");
            }

            await Task.Delay(50);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string description) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, description);
}
