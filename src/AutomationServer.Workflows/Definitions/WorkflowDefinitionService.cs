using AutomationServer.Workflows.ElsaJson;
using AutomationServer.Workflows.Persistence;
using AutomationServer.Workflows.Runtime;
using AutomationServer.Workflows.Validation;

namespace AutomationServer.Workflows.Definitions;

/// <summary>A saved version and the problems that do not block saving a draft but would block publishing.</summary>
public sealed record SavedDefinition(WorkflowDefinitionRecord Record, IReadOnlyList<ValidationProblem> Warnings);

/// <summary>
/// The life cycle of definitions: drafts, publishing (which indexes triggers), retracting, reverting,
/// import and export as Elsa 3 JSON. A published version is never edited: the next save creates a
/// new draft version, so running instances keep the version they started on.
/// </summary>
public sealed class WorkflowDefinitionService(
    IWorkflowDefinitionStore store,
    IWorkflowInstanceStore instances,
    WorkflowValidator validator,
    BlueprintProvider blueprints,
    TriggerIndexer triggerIndexer,
    TriggerIndex triggerIndex,
    IEnumerable<ITriggerScheduleObserver> scheduleObservers,
    TimeProvider clock)
{
    /// <summary>Parses and checks a document without saving it.</summary>
    public IReadOnlyList<ValidationProblem> Validate(string json)
    {
        var read = ElsaJsonReader.Read(json);
        return read.Model is null ? read.Problems : [.. read.Problems, .. validator.Validate(read.Model)];
    }

    /// <summary>
    /// Saves a draft: updates the latest version in place while it is an unpublished draft, otherwise
    /// adds a new version. Structural problems (malformed JSON, dangling connections...) refuse the save.
    /// </summary>
    public async Task<SavedDefinition> SaveDraftAsync(string json, string? definitionId, CancellationToken cancellationToken)
    {
        var model = ReadOrThrow(json);
        var problems = validator.Validate(model);
        var structural = problems.Where(p => ValidationCodes.IsStructural(p.Code)).ToList();
        if (structural.Count > 0)
        {
            throw new DefinitionValidationException("The definition cannot be saved.", structural);
        }

        var record = await SaveAsync(model, definitionId ?? model.DefinitionId, cancellationToken);
        return new SavedDefinition(record, problems);
    }

    /// <summary>Imports an Elsa 3 definition: it must be valid as a whole (unknown types, loops without waits... are refused).</summary>
    public Task<WorkflowDefinitionRecord> ImportAsync(string json, bool publish, CancellationToken cancellationToken) =>
        ImportAsync(ElsaJsonReader.Read(json), publish, cancellationToken);

    /// <summary>Imports an already read document (e.g. one entry of a zip).</summary>
    public async Task<WorkflowDefinitionRecord> ImportAsync(ElsaReadResult read, bool publish, CancellationToken cancellationToken)
    {
        var model = ModelOrThrow(read);
        var errors = validator.Validate(model).Where(p => p.Severity == ValidationSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new DefinitionValidationException("The definition cannot be imported.", errors);
        }

        var record = await SaveAsync(model, model.DefinitionId, cancellationToken);
        return publish ? await PublishAsync(record.DefinitionId, cancellationToken) : record;
    }

    /// <summary>Publishes the latest version: validates it fully, indexes its triggers, and makes new instances start on it.</summary>
    public async Task<WorkflowDefinitionRecord> PublishAsync(string definitionId, CancellationToken cancellationToken)
    {
        var latest = await store.FindLatestAsync(definitionId, cancellationToken) ?? throw NotFound(definitionId);
        var model = ReadOrThrow(latest.Json);
        var errors = validator.Validate(model).Where(p => p.Severity == ValidationSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new DefinitionValidationException("The definition cannot be published.", errors);
        }

        blueprints.Forget(latest.Id);
        var blueprint = await blueprints.GetAsync(latest.Id, cancellationToken)
            ?? throw NotFound(definitionId);
        var now = clock.GetUtcNow().UtcDateTime;
        latest.Status = DefinitionStatus.Published;
        latest.IsPublished = true;
        latest.PublishedAt = now;
        latest.UpdatedAt = now;
        await store.PublishAsync(latest, triggerIndexer.Index(blueprint), cancellationToken);
        await TriggersChangedAsync(definitionId, cancellationToken);
        return latest;
    }

    /// <summary>Stops new instances from starting; running instances continue on their version.</summary>
    public async Task RetractAsync(string definitionId, CancellationToken cancellationToken)
    {
        _ = await store.FindLatestAsync(definitionId, cancellationToken) ?? throw NotFound(definitionId);
        await store.RetractAsync(definitionId, cancellationToken);
        await TriggersChangedAsync(definitionId, cancellationToken);
    }

    /// <summary>Makes a copy of version <paramref name="version"/> the new latest draft.</summary>
    public async Task<WorkflowDefinitionRecord> RevertAsync(string definitionId, int version, CancellationToken cancellationToken)
    {
        var source = await store.FindVersionAsync(definitionId, version, cancellationToken)
            ?? throw new DefinitionNotFoundException($"Definition '{definitionId}' has no version {version}.");
        var model = ReadOrThrow(source.Json);
        return await SaveAsync(model, definitionId, cancellationToken, forceNewVersion: true);
    }

    public async Task DeleteAsync(string definitionId, CancellationToken cancellationToken)
    {
        var active = await instances.CountActiveAsync(definitionId, cancellationToken);
        if (active > 0)
        {
            throw new DefinitionConflictException($"Definition '{definitionId}' has {active} running or waiting instances; cancel them or retract the definition instead.");
        }

        if (!await store.DeleteAsync(definitionId, cancellationToken))
        {
            throw NotFound(definitionId);
        }

        await TriggersChangedAsync(definitionId, cancellationToken);
    }

    /// <summary>The Elsa 3 JSON of a version (the latest when <paramref name="version"/> is null), with the server's identity fields.</summary>
    public async Task<(WorkflowDefinitionRecord Record, string Json)> ExportAsync(string definitionId, int? version, CancellationToken cancellationToken)
    {
        var record = (version is null
            ? await store.FindLatestAsync(definitionId, cancellationToken)
            : await store.FindVersionAsync(definitionId, version.Value, cancellationToken))
            ?? throw new DefinitionNotFoundException(version is null ? $"Definition '{definitionId}' does not exist." : $"Definition '{definitionId}' has no version {version}.");
        return (record, Export(record));
    }

    public static string Export(WorkflowDefinitionRecord record) => ElsaJsonWriter.Write(StoredModel(record), IdentityOf(record));

    /// <summary>Every latest version as a zip of Elsa 3 JSON files.</summary>
    public static byte[] ExportZip(IEnumerable<WorkflowDefinitionRecord> records) =>
        ElsaZip.Write(records.Select(r => new ElsaExportItem(StoredModel(r), IdentityOf(r))));

    private static WorkflowModel StoredModel(WorkflowDefinitionRecord record) => ElsaJsonReader.Read(record.Json).Model
        ?? throw new InvalidOperationException($"Stored definition {record.DefinitionId} v{record.Version} cannot be read.");

    /// <summary>The server's identity fields, which win over whatever the stored document says.</summary>
    private static ExportOverrides IdentityOf(WorkflowDefinitionRecord record) => new()
    {
        Id = record.Id.ToString("N"),
        DefinitionId = record.DefinitionId,
        Version = record.Version,
        IsLatest = record.IsLatest,
        IsPublished = record.IsPublished,
    };

    private async Task<WorkflowDefinitionRecord> SaveAsync(WorkflowModel model, string definitionId, CancellationToken cancellationToken, bool forceNewVersion = false)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var latest = await store.FindLatestAsync(definitionId, cancellationToken);
        var document = ElsaJsonWriter.Write(model, new ExportOverrides { DefinitionId = definitionId });
        if (latest is not null && !forceNewVersion && latest.Status == DefinitionStatus.Draft && !latest.IsPublished)
        {
            latest.Name = model.Name;
            latest.Description = model.Description;
            latest.Json = document;
            latest.UpdatedAt = now;
            await store.SaveAsync(latest, cancellationToken);
            blueprints.Forget(latest.Id);
            return latest;
        }

        var record = new WorkflowDefinitionRecord
        {
            Id = Guid.CreateVersion7(),
            DefinitionId = definitionId,
            Version = (latest?.Version ?? 0) + 1,
            Name = model.Name,
            Description = model.Description,
            Status = DefinitionStatus.Draft,
            IsLatest = true,
            Json = document,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.SaveAsync(record, cancellationToken);
        return record;
    }

    private static WorkflowModel ReadOrThrow(string json) => ModelOrThrow(ElsaJsonReader.Read(json));

    private static WorkflowModel ModelOrThrow(ElsaReadResult read) =>
        read.HasStructuralProblems
            ? throw new DefinitionValidationException("The workflow JSON cannot be read.", read.Problems)
            : read.Model!;

    private async Task TriggersChangedAsync(string definitionId, CancellationToken cancellationToken)
    {
        triggerIndex.Invalidate();
        foreach (var observer in scheduleObservers)
        {
            await observer.OnTriggersChangedAsync(definitionId, cancellationToken);
        }
    }

    private static DefinitionNotFoundException NotFound(string definitionId) => new($"Definition '{definitionId}' does not exist.");
}
