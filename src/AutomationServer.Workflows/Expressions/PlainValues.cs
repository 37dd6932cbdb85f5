namespace AutomationServer.Workflows.Expressions;

/// <summary>Structural equality and copying of values in the plain model (dictionaries, lists and scalars).</summary>
internal static class PlainValues
{
    private const int MaxDepth = 64;

    public static bool DeepEquals(object? left, object? right) => DeepEquals(left, right, 0);

    /// <summary>Copies dictionaries and lists so that a caller mutating the copy cannot change the original (e.g. a literal shared by every execution of a node).</summary>
    public static object? DeepClone(object? value) => DeepClone(value, 0);

    private static bool DeepEquals(object? left, object? right, int depth)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null || depth > MaxDepth)
        {
            return false;
        }

        switch (left)
        {
            case IDictionary<string, object?> leftMap when right is IDictionary<string, object?> rightMap:
                if (leftMap.Count != rightMap.Count)
                {
                    return false;
                }

                foreach (var (key, value) in leftMap)
                {
                    if (!rightMap.TryGetValue(key, out var other) || !DeepEquals(value, other, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case IList<object?> leftList when right is IList<object?> rightList:
                if (leftList.Count != rightList.Count)
                {
                    return false;
                }

                for (var i = 0; i < leftList.Count; i++)
                {
                    if (!DeepEquals(leftList[i], rightList[i], depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return left.GetType() == right.GetType() && left.Equals(right);
        }
    }

    private static object? DeepClone(object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ExpressionException("The value is nested too deeply or contains a cycle.");
        }

        return value switch
        {
            Dictionary<string, object?> map => CloneMap(map, depth),
            List<object?> list => list.ConvertAll(item => DeepClone(item, depth + 1)),
            _ => value,
        };
    }

    private static Dictionary<string, object?> CloneMap(Dictionary<string, object?> map, int depth)
    {
        var copy = new Dictionary<string, object?>(map.Count, map.Comparer);
        foreach (var (key, item) in map)
        {
            copy[key] = DeepClone(item, depth + 1);
        }

        return copy;
    }
}
