namespace AutomationServer.Workflows.Descriptors;

/// <summary>What the API serves about an activity type: enough for the designer to draw and edit it.</summary>
public sealed record ActivityDescriptor
{
    public required string TypeName { get; init; }

    public required int Version { get; init; }

    public required string Category { get; init; }

    public required string DisplayName { get; init; }

    public string? Description { get; init; }

    public required IReadOnlyList<InputDescriptor> Inputs { get; init; }

    public required IReadOnlyList<OutputDescriptor> Outputs { get; init; }

    public required IReadOnlyList<string> Outcomes { get; init; }

    public bool DynamicOutcomes { get; init; }

    public bool MaySuspend { get; init; }

    public bool IsTrigger { get; init; }

    /// <summary>Who contributed it: <c>core</c> or a plugin id.</summary>
    public string Source { get; init; } = "core";

    internal Type? ClrType { get; init; }
}

/// <summary>One input: its JSON property name (camelCase, as in Elsa JSON), type and editor hints.</summary>
public sealed record InputDescriptor
{
    public required string Name { get; init; }

    public required string TypeName { get; init; }

    public required string DisplayName { get; init; }

    public string? Description { get; init; }

    public string? UIHint { get; init; }

    /// <summary>The format a literal value must follow (<see cref="LiteralFormats"/>), checked by the validator.</summary>
    public string? Format { get; init; }

    public object? DefaultValue { get; init; }

    public bool Required { get; init; }

    public IReadOnlyList<string>? Options { get; init; }

    public required string DefaultSyntax { get; init; }

    public bool SupportsExpressions { get; init; } = true;

    public int Order { get; init; }

    internal string PropertyName { get; init; } = "";

    internal Type? ValueType { get; init; }
}

public sealed record OutputDescriptor
{
    public required string Name { get; init; }

    public required string TypeName { get; init; }

    public required string DisplayName { get; init; }

    public string? Description { get; init; }

    internal string PropertyName { get; init; } = "";
}
