namespace AutomationServer.Workflows.Validation;

/// <summary>A directed graph over node indexes 0..n-1, with the searches flowchart validation needs. Iterative, so large graphs cannot overflow the stack.</summary>
internal sealed class FlowGraph
{
    private readonly List<int>[] _successors;
    private readonly int[] _inDegree;
    private readonly bool[] _selfLoop;

    public FlowGraph(int nodeCount)
    {
        _successors = new List<int>[nodeCount];
        for (var i = 0; i < nodeCount; i++)
        {
            _successors[i] = [];
        }

        _inDegree = new int[nodeCount];
        _selfLoop = new bool[nodeCount];
    }

    public int NodeCount => _successors.Length;

    public void AddEdge(int from, int to)
    {
        _successors[from].Add(to);
        _inDegree[to]++;
        _selfLoop[from] |= from == to;
    }

    public bool HasInbound(int node) => _inDegree[node] > 0;

    public bool HasSelfLoop(int node) => _selfLoop[node];

    /// <summary>Which nodes a walk from any of <paramref name="entries"/> reaches (the entries included).</summary>
    public bool[] ReachableFrom(IEnumerable<int> entries)
    {
        var reached = new bool[NodeCount];
        var pending = new Queue<int>();
        foreach (var entry in entries)
        {
            if (!reached[entry])
            {
                reached[entry] = true;
                pending.Enqueue(entry);
            }
        }

        while (pending.Count > 0)
        {
            foreach (var next in _successors[pending.Dequeue()])
            {
                if (!reached[next])
                {
                    reached[next] = true;
                    pending.Enqueue(next);
                }
            }
        }

        return reached;
    }

    /// <summary>Tarjan's strongly connected components; each component's nodes in ascending order.</summary>
    public List<List<int>> StronglyConnectedComponents()
    {
        var count = NodeCount;
        var index = new int[count];
        Array.Fill(index, -1);
        var lowLink = new int[count];
        var onStack = new bool[count];
        var stack = new Stack<int>();
        var frames = new Stack<(int Node, int NextEdge)>();
        var components = new List<List<int>>();
        var nextIndex = 0;

        for (var start = 0; start < count; start++)
        {
            if (index[start] != -1)
            {
                continue;
            }

            frames.Push((start, 0));
            while (frames.Count > 0)
            {
                var (node, edge) = frames.Pop();
                if (index[node] == -1)
                {
                    index[node] = lowLink[node] = nextIndex++;
                    stack.Push(node);
                    onStack[node] = true;
                }

                var descended = false;
                var successors = _successors[node];
                while (edge < successors.Count)
                {
                    var next = successors[edge++];
                    if (index[next] == -1)
                    {
                        frames.Push((node, edge));
                        frames.Push((next, 0));
                        descended = true;
                        break;
                    }

                    if (onStack[next])
                    {
                        lowLink[node] = Math.Min(lowLink[node], index[next]);
                    }
                }

                if (descended)
                {
                    continue;
                }

                if (lowLink[node] == index[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    }
                    while (member != node);

                    component.Sort();
                    components.Add(component);
                }

                // The frame below is the node we descended from: it inherits this node's low link.
                if (frames.Count > 0)
                {
                    var parent = frames.Peek().Node;
                    lowLink[parent] = Math.Min(lowLink[parent], lowLink[node]);
                }
            }
        }

        return components;
    }
}
