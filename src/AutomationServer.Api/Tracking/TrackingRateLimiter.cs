using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AutomationServer.Api.Tracking;

/// <summary>
/// Requests per minute per write key and client IP address. The write key can travel in the body (a beacon sets no
/// headers), so the limit is taken after the body is read rather than by the rate-limiting middleware.
/// </summary>
public sealed class TrackingRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(string Source, string Client)> _limiter;

    public TrackingRateLimiter(IOptions<TrackingOptions> options)
    {
        var perMinute = options.Value.RequestsPerMinute;
        _limiter = PartitionedRateLimiter.Create<(string Source, string Client), (string Source, string Client)>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Null when the request may go ahead; otherwise how long the client should wait.</summary>
    public TimeSpan? TryAcquire(string source, string client)
    {
        using var lease = _limiter.AttemptAcquire((source, client));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _limiter.Dispose();
}
