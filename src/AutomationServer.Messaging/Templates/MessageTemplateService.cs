namespace AutomationServer.Messaging.Templates;

public enum TemplateSaveStatus
{
    Saved,
    Invalid,
    Exists,
    NotFound,
}

public sealed record TemplateSaveResult(TemplateSaveStatus Status, MessageTemplateRecord? Template, MessageTemplateVersionRecord? Version, IReadOnlyList<TemplateProblem> Problems);

public enum TemplateDeleteStatus
{
    Deleted,
    NotFound,
    InUse,
}

public sealed record TemplateDeleteResult(TemplateDeleteStatus Status, IReadOnlyList<TemplateReference> UsedBy);

/// <summary>Saving templates: every save (and every revert) writes a new version after validation; delete is refused while a published journey uses the template.</summary>
public sealed class MessageTemplateService(IMessageTemplateStore store, MessageTemplateCache cache, TimeProvider clock)
{
    public async Task<TemplateSaveResult> CreateAsync(TemplateDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var problems = TemplateValidator.Validate(draft, checkId: true);
        if (problems.Count > 0)
        {
            return new TemplateSaveResult(TemplateSaveStatus.Invalid, null, null, problems);
        }

        return await SaveAsync(draft.Id!, draft, create: true, cancellationToken);
    }

    /// <summary>Saves the next version; name, channel and description default to the template's when the draft leaves them out. The channel cannot change.</summary>
    public async Task<TemplateSaveResult> UpdateAsync(string id, TemplateDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var existing = await store.FindAsync(id, cancellationToken);
        if (existing is null || existing.Deleted)
        {
            return new TemplateSaveResult(TemplateSaveStatus.NotFound, null, null, []);
        }

        if (draft.Channel is not null && draft.Channel != existing.Channel)
        {
            return new TemplateSaveResult(TemplateSaveStatus.Invalid, null, null,
                [new TemplateProblem("channel", $"The channel of a template cannot change (it is {existing.Channel}); create a new template instead.")]);
        }

        var complete = draft with
        {
            Id = id,
            Name = draft.Name ?? existing.Name,
            Channel = existing.Channel,
            Description = draft.Description ?? existing.Description,
        };
        var problems = TemplateValidator.Validate(complete, checkId: false);
        return problems.Count > 0
            ? new TemplateSaveResult(TemplateSaveStatus.Invalid, null, null, problems)
            : await SaveAsync(id, complete, create: false, cancellationToken);
    }

    /// <summary>Saves a copy of version <paramref name="version"/> as the newest version.</summary>
    public async Task<TemplateSaveResult> RevertAsync(string id, int version, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync(id, cancellationToken);
        var old = existing is null || existing.Deleted ? null : await store.FindVersionAsync(id, version, cancellationToken);
        if (existing is null || old is null)
        {
            return new TemplateSaveResult(TemplateSaveStatus.NotFound, null, null, []);
        }

        var draft = new TemplateDraft
        {
            Id = id, Name = existing.Name, Channel = existing.Channel, Description = existing.Description,
            Subject = old.Subject, Html = old.Html, Text = old.Text, From = old.From, ReplyTo = old.ReplyTo, Preheader = old.Preheader,
            Note = $"Reverted to version {version}.",
        };
        return await SaveAsync(id, draft, create: false, cancellationToken);
    }

    public async Task<TemplateDeleteResult> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync(id, cancellationToken);
        if (existing is null || existing.Deleted)
        {
            return new TemplateDeleteResult(TemplateDeleteStatus.NotFound, []);
        }

        var usedBy = await store.FindPublishedReferencesAsync(id, cancellationToken);
        if (usedBy.Count > 0)
        {
            return new TemplateDeleteResult(TemplateDeleteStatus.InUse, usedBy);
        }

        var deleted = await store.DeleteAsync(id, clock.GetUtcNow().UtcDateTime, cancellationToken);
        cache.Invalidate(id);
        return new TemplateDeleteResult(deleted ? TemplateDeleteStatus.Deleted : TemplateDeleteStatus.NotFound, []);
    }

    private async Task<TemplateSaveResult> SaveAsync(string id, TemplateDraft draft, bool create, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var template = new MessageTemplateRecord
        {
            Id = id, Name = draft.Name!.Trim(), Channel = draft.Channel!, Description = Blank(draft.Description), CreatedAt = now, UpdatedAt = now,
        };
        var version = new MessageTemplateVersionRecord
        {
            TemplateId = id, Subject = Blank(draft.Subject), Html = Blank(draft.Html), Text = Blank(draft.Text), From = Blank(draft.From)?.Trim(),
            ReplyTo = Blank(draft.ReplyTo)?.Trim(), Preheader = Blank(draft.Preheader), Note = Blank(draft.Note), CreatedAt = now,
        };
        var outcome = await store.SaveVersionAsync(template, version, create, cancellationToken);
        cache.Invalidate(id);
        return outcome switch
        {
            TemplateStoreOutcome.Saved => new TemplateSaveResult(TemplateSaveStatus.Saved, template, version, []),
            TemplateStoreOutcome.Exists => new TemplateSaveResult(TemplateSaveStatus.Exists, null, null, [new TemplateProblem("id", $"A template with id '{id}' exists already.")]),
            _ => new TemplateSaveResult(TemplateSaveStatus.NotFound, null, null, []),
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
