using System.Text.Json.Nodes;
using AutomationServer.Audience.Contacts;

namespace AutomationServer.Audience.Privacy;

/// <summary>Everything the server holds on one contact, as one document (the right of access).</summary>
public sealed record ContactExport(
    DateTime ExportedAt,
    ContactView Contact,
    IReadOnlyList<ExportedEvent> Events,
    IReadOnlyList<ExportedConsent> Consents,
    IReadOnlyList<ExportedConsentChange> ConsentHistory,
    IReadOnlyList<ExportedConfirmation> OpenConfirmations,
    IReadOnlyList<ExportedMembership> SegmentMemberships,
    IReadOnlyList<ExportedSuppression> Suppressions,
    IReadOnlyList<ExportedInstance> WorkflowInstances,
    IReadOnlyList<ExportedMessage> Messages);

public sealed record ExportedEvent(Guid Id, string Name, DateTime OccurredAt, DateTime ReceivedAt, JsonNode? Properties, decimal? Amount, string? IdempotencyKey);

public sealed record ExportedConsent(string Channel, string Topic, string Status, string Source, DateTime UpdatedAt);

public sealed record ExportedConsentChange(Guid Id, string Channel, string Topic, string Status, string Source, DateTime OccurredAt);

public sealed record ExportedConfirmation(string Channel, string Topic, DateTime ExpiresAt);

public sealed record ExportedMembership(string SegmentId, string SegmentName, DateTime EnteredAt);

public sealed record ExportedSuppression(string Channel, string Address, string? Reason, DateTime CreatedAt);

public sealed record ExportedInstance(
    Guid Id,
    string DefinitionId,
    int DefinitionVersion,
    string Status,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? FinishedAt,
    JsonNode? Input,
    JsonNode? Variables,
    JsonNode? Output);

/// <summary>A message sent (or meant) for the contact: what it was and what became of it; the stored request is not included.</summary>
public sealed record ExportedMessage(
    Guid Id,
    string Channel,
    string State,
    string? ReasonCode,
    string? Reason,
    string? Recipient,
    string? Subject,
    DateTime CreatedAt,
    DateTime? SentAt,
    DateTime? DeliveredAt,
    DateTime? OpenedAt,
    DateTime? ClickedAt);

/// <summary>An erasure as answered and as audited: ids, time and counts only, nothing about the person.</summary>
public sealed record ErasureReport(Guid AuditId, Guid ContactId, DateTime ErasedAt, string? ErasedBy, bool SuppressionsKept, Persistence.ErasureCounts Counts);
