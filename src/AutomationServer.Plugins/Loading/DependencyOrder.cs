using AutomationServer.Plugins.Catalog;

namespace AutomationServer.Plugins.Loading;

/// <summary>Orders plugins so each comes after the plugins it depends on; plugins in a cycle are Malfunctioned.</summary>
internal static class DependencyOrder
{
    public static List<PluginCandidate> Sort(IReadOnlyList<PluginCandidate> candidates)
    {
        var byId = candidates.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var order = new List<PluginCandidate>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();

        foreach (var candidate in candidates.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            Visit(candidate, byId, order, done, path);
        }

        return order;
    }

    private static void Visit(PluginCandidate candidate, Dictionary<string, PluginCandidate> byId, List<PluginCandidate> order, HashSet<string> done, List<string> path)
    {
        if (done.Contains(candidate.Id))
        {
            return;
        }

        var start = path.IndexOf(candidate.Id);
        if (start >= 0)
        {
            var cycle = path.Skip(start).Append(candidate.Id).ToList();
            var text = string.Join(" -> ", cycle);
            foreach (var member in cycle.Distinct())
            {
                byId[member].Decide(PluginStatus.Malfunctioned, $"dependsOn: dependency cycle {text}.");
            }

            return;
        }

        path.Add(candidate.Id);
        foreach (var dependency in candidate.Manifest!.DependsOn)
        {
            if (byId.TryGetValue(dependency, out var required))
            {
                Visit(required, byId, order, done, path);
            }
        }

        path.RemoveAt(path.Count - 1);
        if (done.Add(candidate.Id))
        {
            order.Add(candidate);
        }
    }
}
