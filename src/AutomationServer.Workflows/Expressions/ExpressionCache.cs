using System.Collections.Concurrent;

namespace AutomationServer.Workflows.Expressions;

/// <summary>
/// Parsed expressions by source text, bounded in size. Workflow definitions hold a bounded set of expressions,
/// so emptying the cache on overflow is rare; it keeps the hit path a single lock-free lookup.
/// </summary>
internal sealed class ExpressionCache<TValue>(int capacity)
{
    private readonly ConcurrentDictionary<string, TValue> entries = new(StringComparer.Ordinal);

    public TValue GetOrAdd(string source, Func<string, TValue> parse)
    {
        if (entries.TryGetValue(source, out var cached))
        {
            return cached;
        }

        var parsed = parse(source);
        if (entries.Count >= capacity)
        {
            entries.Clear();
        }

        return entries.GetOrAdd(source, parsed);
    }

    public int Count => entries.Count;
}
