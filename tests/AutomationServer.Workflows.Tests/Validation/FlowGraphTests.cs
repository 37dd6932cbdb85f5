using AutomationServer.Workflows.Validation;

namespace AutomationServer.Workflows.Tests.Validation;

public sealed class FlowGraphTests
{
    [Fact]
    public void Components_are_found_in_a_graph_far_deeper_than_any_call_stack()
    {
        const int count = 300_000;
        var graph = new FlowGraph(count);
        for (var i = 0; i + 1 < count; i++)
        {
            graph.AddEdge(i, i + 1);
        }

        graph.AddEdge(count - 1, 1);

        var components = graph.StronglyConnectedComponents();

        Assert.Equal(2, components.Count);
        Assert.Equal([0], components.Single(c => c.Count == 1));
        Assert.Equal(count - 1, components.Single(c => c.Count > 1).Count);
        Assert.All(graph.ReachableFrom([0]), Assert.True);
    }

    [Fact]
    public void Components_match_a_known_graph()
    {
        // 0 -> 1 -> 2 -> 0 is one loop; 3 <-> 4 another; 5 stands alone with a self loop; 6 is a plain node.
        var graph = new FlowGraph(7);
        foreach (var (from, to) in new[] { (0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 3), (4, 5), (5, 5), (5, 6) })
        {
            graph.AddEdge(from, to);
        }

        var components = graph.StronglyConnectedComponents().Select(c => string.Join(",", c)).Order().ToList();

        Assert.Equal(["0,1,2", "3,4", "5", "6"], components);
        Assert.True(graph.HasSelfLoop(5));
        Assert.False(graph.HasSelfLoop(6));
        Assert.Equal([false, false, false, true, true, true, true], graph.ReachableFrom([3]));
    }
}
