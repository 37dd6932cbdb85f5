using AutomationServer.Workflows.Descriptors;

namespace AutomationServer.Audience.Journeys;

/// <summary>Lets the workflow validator check a <c>Where</c> input (event property filters) at publish.</summary>
public sealed class WhereFilterFormat : ILiteralFormatChecker
{
    public const string Name = "audience.where";

    public string Format => Name;

    public string? Check(object? literal)
    {
        var (_, problems) = EventPropertyFilters.Parse(EventPropertyFilters.FromLiteral(literal), "where");
        return problems.Count == 0 ? null : string.Join(" ", problems.Select(p => $"{p.Path}: {p.Message}"));
    }
}
