using AutomationServer.Plugins.Manifests;

namespace AutomationServer.Cli;

/// <summary>What a command did: a summary line, and the problems (field: message) when it failed.</summary>
internal sealed record CommandResult(string Message, IReadOnlyList<PluginProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;

    public static CommandResult Success(string message) => new(message, []);

    public static CommandResult Failure(string message, IReadOnlyList<PluginProblem> problems) => new(message, problems);

    public static CommandResult Failure(string message, string field, string problem) => new(message, [new PluginProblem(field, problem)]);
}
