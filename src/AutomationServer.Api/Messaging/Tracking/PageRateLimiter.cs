using System.Threading.RateLimiting;

namespace AutomationServer.Api.Messaging.Tracking;

/// <summary>
/// Page requests per minute per client IP address for the preference, unsubscribe and confirmation pages. The pixel,
/// click redirects and the RFC 8058 one-click POST are not limited: mailbox providers fetch them for many recipients
/// from few addresses, and each is a cheap signature check before any work.
/// </summary>
internal sealed class PageRateLimiter(int perMinute) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Null when the request may go ahead; otherwise how long the client should wait.</summary>
    public TimeSpan? TryAcquire(string client)
    {
        using var lease = _limiter.AttemptAcquire(client);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _limiter.Dispose();
}
