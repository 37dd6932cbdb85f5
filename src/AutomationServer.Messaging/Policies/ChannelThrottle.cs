namespace AutomationServer.Messaging.Policies;

/// <summary>
/// Token buckets per channel, on this node: a channel may hand over <c>RatePerSecond</c> messages a second on average
/// and at most one second's worth at once. Time comes from the callers' <c>now</c>, so a controlled clock controls it.
/// </summary>
public sealed class ChannelThrottle
{
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes a token, or returns when one will be there. <paramref name="waiting"/> counts the messages of the same batch
    /// deferred before this one, so they come back one after another rather than all at the same instant.
    /// </summary>
    public DateTimeOffset? TryTake(string channel, double ratePerSecond, DateTimeOffset now, int waiting)
    {
        lock (_buckets)
        {
            if (!_buckets.TryGetValue(channel, out var bucket) || bucket.Rate != ratePerSecond)
            {
                bucket = new Bucket(ratePerSecond, Capacity(ratePerSecond), now);
                _buckets[channel] = bucket;
            }

            var elapsed = Math.Max(0, (now - bucket.RefilledAt).TotalSeconds);
            bucket.Tokens = Math.Min(Capacity(ratePerSecond), bucket.Tokens + elapsed * ratePerSecond);
            if (now > bucket.RefilledAt)
            {
                bucket.RefilledAt = now;
            }

            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return null;
            }

            var secondsUntilToken = (waiting + 1 - bucket.Tokens) / ratePerSecond;
            return now + TimeSpan.FromSeconds(Math.Ceiling(secondsUntilToken * 1000) / 1000);
        }
    }

    private static double Capacity(double ratePerSecond) => Math.Max(1, ratePerSecond);

    private sealed class Bucket(double rate, double tokens, DateTimeOffset refilledAt)
    {
        public double Rate { get; } = rate;

        public double Tokens { get; set; } = tokens;

        public DateTimeOffset RefilledAt { get; set; } = refilledAt;
    }
}
