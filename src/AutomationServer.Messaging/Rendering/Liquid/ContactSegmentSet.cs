namespace AutomationServer.Messaging.Rendering.Liquid;

/// <summary>The segments a contact is in, matched by id or by name (case-insensitive), as the segment block asks.</summary>
public sealed class ContactSegmentSet
{
    public const string AmbientKey = "automation.segments";

    public static readonly ContactSegmentSet Empty = new([]);

    private readonly HashSet<string> _keys = new(StringComparer.OrdinalIgnoreCase);

    public ContactSegmentSet(IReadOnlyList<ContactSegment> segments)
    {
        Segments = segments;
        foreach (var segment in segments)
        {
            _keys.Add(segment.Id);
            _keys.Add(segment.Name);
        }
    }

    public IReadOnlyList<ContactSegment> Segments { get; }

    public bool Contains(string idOrName) => _keys.Contains(idOrName);
}

public sealed record ContactSegment(string Id, string Name);
