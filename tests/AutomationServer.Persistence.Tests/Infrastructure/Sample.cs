using AutomationServer.Workflows.Persistence;

namespace AutomationServer.Persistence.Tests.Infrastructure;

/// <summary>Records shaped like the runtime's. Times are whole microseconds: PostgreSQL keeps no finer precision.</summary>
public static class Sample
{
    public static readonly DateTime Now = new(2026, 11, 23, 9, 30, 15, 123, 456, DateTimeKind.Utc);

    /// <summary>A waiting contact's state: a few variables and one journal entry, about 200 bytes.</summary>
    public static string State(int contact) =>
        $$"""{"variables":{"contactId":"c-{{contact:D8}}","email":"contact{{contact:D8}}@example.com","firstName":"Ada","plan":"trial"},"node":"wait-day-3","journal":[{"a":"send-welcome","t":"2026-11-23T09:00:00Z"}]}""";

    public static WorkflowInstanceRecord Instance(string definitionId = "cart-recovery", InstanceStatus status = InstanceStatus.Running, string? correlationId = null, DateTime? createdAt = null, int contact = 1) => new()
    {
        Id = Guid.NewGuid(),
        DefinitionId = definitionId,
        DefinitionVersionId = Guid.NewGuid(),
        DefinitionVersion = 3,
        Status = status,
        CorrelationId = correlationId ?? Guid.NewGuid().ToString(),
        State = State(contact),
        CreatedAt = createdAt ?? Now,
        UpdatedAt = createdAt ?? Now,
    };

    public static BookmarkRecord Timer(WorkflowInstanceRecord instance, DateTime dueAt) => new()
    {
        Id = Guid.NewGuid(),
        InstanceId = instance.Id,
        ActivityId = "a41f9c07e2b54d18",
        Stimulus = "Elsa.Delay",
        CorrelationId = instance.CorrelationId,
        DueAt = dueAt,
        CreatedAt = Now,
    };

    public static BookmarkRecord Waiting(WorkflowInstanceRecord instance, string hash, string? correlationId) => new()
    {
        Id = Guid.NewGuid(),
        InstanceId = instance.Id,
        ActivityId = "b9e03d2c17a64f55",
        Stimulus = "Elsa.Event",
        Hash = hash,
        CorrelationId = correlationId,
        Data = """{"eventName":"order-completed"}""",
        CreatedAt = Now,
    };

    public static IncidentRecord Incident(WorkflowInstanceRecord instance) => new()
    {
        Id = Guid.NewGuid(),
        InstanceId = instance.Id,
        ActivityId = "c1d2e3f4a5b6c7d8",
        ActivityType = "Email.Send",
        Message = "SMTP server refused the connection",
        ExceptionType = "System.Net.Sockets.SocketException",
        Details = "at MailKit.Net.Smtp.SmtpClient.ConnectAsync(...)",
        Attempts = 1,
        Status = IncidentStatus.Open,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    public static WorkflowDefinitionRecord Definition(string definitionId, int version, DateTime? updatedAt = null, string? name = null) => new()
    {
        Id = Guid.NewGuid(),
        DefinitionId = definitionId,
        Version = version,
        Name = name ?? $"Journey {definitionId}",
        Status = DefinitionStatus.Draft,
        Json = $$$"""{"definitionId":"{{{definitionId}}}","version":{{{version}}},"root":{"type":"Elsa.Flowchart","activities":[]}}""",
        CreatedAt = updatedAt ?? Now,
        UpdatedAt = updatedAt ?? Now,
    };

    public static TriggerRecord Trigger(WorkflowDefinitionRecord version, string hash) => new()
    {
        Id = Guid.NewGuid(),
        DefinitionId = version.DefinitionId,
        DefinitionVersionId = version.Id,
        ActivityId = "start-" + hash,
        Stimulus = "Elsa.Event",
        Hash = hash,
        Key = """{"eventName":"trial-signup"}""",
    };
}
