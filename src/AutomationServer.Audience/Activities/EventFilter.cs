using AutomationServer.Audience.Journeys;
using AutomationServer.Audience.Segments.Rules;
using AutomationServer.Sdk.Activities;

namespace AutomationServer.Audience.Activities;

/// <summary>
/// The parsed <c>Where</c> input of an event activity. A node's activity object is shared by every instance of its
/// version and its literal never changes, so the filters are parsed once.
/// </summary>
internal sealed class EventFilter
{
    private IReadOnlyList<PropertyFilter>? _filters;

    public bool Matches(Input<object>? where, Func<Input<object>?, object?> read, StimulusInfo stimulus)
    {
        var filters = _filters ??= Parse(read(where));
        return filters.Count == 0 || EventPropertyFilters.Matches(filters, EventPropertyFilters.PropertiesOf(stimulus.Payload));
    }

    private static IReadOnlyList<PropertyFilter> Parse(object? literal)
    {
        var (filters, problems) = EventPropertyFilters.Parse(EventPropertyFilters.FromLiteral(literal), "Where");
        return filters ?? throw new InvalidOperationException("The Where filters are invalid: " + string.Join("; ", problems.Select(p => $"{p.Path}: {p.Message}")));
    }
}
