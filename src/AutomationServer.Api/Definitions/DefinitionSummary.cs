using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Api.Definitions;

/// <summary>A definition version as listed by the API (without its document).</summary>
public sealed record DefinitionSummary(
    string DefinitionId,
    Guid Id,
    int Version,
    string Name,
    string? Description,
    DefinitionStatus Status,
    bool IsLatest,
    bool IsPublished,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? PublishedAt)
{
    public static DefinitionSummary From(WorkflowDefinitionRecord record) => new(
        record.DefinitionId, record.Id, record.Version, record.Name, record.Description, record.Status,
        record.IsLatest, record.IsPublished, record.CreatedAt, record.UpdatedAt, record.PublishedAt);
}

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Skip, int Take);
