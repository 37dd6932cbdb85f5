namespace AutomationServer.Plugins.Manifests;

/// <summary>One thing wrong with a manifest or a package, naming the field (or file) at fault.</summary>
public sealed record PluginProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>Thrown when a manifest or package is rejected; carries every problem found.</summary>
public sealed class PluginManifestException(IReadOnlyList<PluginProblem> problems)
    : Exception(string.Join("; ", problems))
{
    public IReadOnlyList<PluginProblem> Problems { get; } = problems;
}
