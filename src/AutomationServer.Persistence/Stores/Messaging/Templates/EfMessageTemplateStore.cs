using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Messaging.Templates;
using Microsoft.EntityFrameworkCore;

namespace AutomationServer.Persistence.Stores.Messaging.Templates;

internal sealed class EfMessageTemplateStore(IDbContextFactory<WorkflowDbContext> contexts) : IMessageTemplateStore
{
    private const int SaveAttempts = 4;

    public async Task<(IReadOnlyList<MessageTemplateRecord> Items, int Total)> ListAsync(TemplateQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var templates = db.Set<MessageTemplateRecord>().Where(t => !t.Deleted);
        if (!string.IsNullOrWhiteSpace(query.Channel))
        {
            templates = templates.Where(t => t.Channel == query.Channel);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLowerInvariant();
            // ToLower translates to SQL on every provider; the comparison overload CA1862 asks for does not.
#pragma warning disable CA1862
            templates = templates.Where(t => t.Id.Contains(term) || t.Name.ToLower().Contains(term));
#pragma warning restore CA1862
        }

        var total = await templates.CountAsync(cancellationToken);
        var items = await templates.OrderBy(t => t.Name).ThenBy(t => t.Id).Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<MessageTemplateRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<MessageTemplateRecord>().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    public async Task<MessageTemplateVersionRecord?> FindVersionAsync(string id, int version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<MessageTemplateVersionRecord>().SingleOrDefaultAsync(v => v.TemplateId == id && v.Version == version, cancellationToken);
    }

    public async Task<IReadOnlyList<MessageTemplateVersionRecord>> ListVersionsAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<MessageTemplateVersionRecord>().Where(v => v.TemplateId == id).OrderByDescending(v => v.Version).ToListAsync(cancellationToken);
    }

    public async Task<TemplateStoreOutcome> SaveVersionAsync(MessageTemplateRecord template, MessageTemplateVersionRecord version, bool create, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var existing = await db.Set<MessageTemplateRecord>().AsTracking().SingleOrDefaultAsync(t => t.Id == template.Id, cancellationToken);
            if (create && existing is { Deleted: false })
            {
                return TemplateStoreOutcome.Exists;
            }

            if (!create && existing is null or { Deleted: true })
            {
                return TemplateStoreOutcome.NotFound;
            }

            var next = (existing?.CurrentVersion ?? 0) + 1;
            var stored = existing ?? new MessageTemplateRecord { Id = template.Id, CreatedAt = template.CreatedAt };
            (stored.Name, stored.Channel, stored.Description, stored.CurrentVersion, stored.UpdatedAt, stored.Deleted) =
                (template.Name, template.Channel, template.Description, next, template.UpdatedAt, false);
            if (existing is null)
            {
                db.Add(stored);
            }

            var row = Copy(version, template.Id, next);
            db.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt < SaveAttempts)
            {
                // Another save took this version number (or created the id) first: read again and take the next one.
                continue;
            }

            (template.CreatedAt, template.CurrentVersion, template.Deleted) = (stored.CreatedAt, next, false);
            version.TemplateId = template.Id;
            version.Version = next;
            return TemplateStoreOutcome.Saved;
        }
    }

    public async Task<bool> DeleteAsync(string id, DateTime deletedAt, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<MessageTemplateRecord>().Where(t => t.Id == id && !t.Deleted)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Deleted, true).SetProperty(t => t.UpdatedAt, deletedAt), cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<TemplateReference>> FindPublishedReferencesAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var quoted = "\"" + id + "\"";

        // The text search narrows the rows in SQL; the JSON walk keeps only definitions where the id is a whole value.
        var candidates = await db.Definitions.Where(d => d.IsPublished && d.Json.Contains(quoted))
            .Select(d => new { d.DefinitionId, d.Name, d.Json })
            .ToListAsync(cancellationToken);
        return candidates.Where(d => HasValue(d.Json, id)).Select(d => new TemplateReference(d.DefinitionId, d.Name)).ToList();
    }

    private static bool HasValue(string json, string value)
    {
        try
        {
            return Walk(JsonNode.Parse(json), value);
        }
        catch (JsonException)
        {
            return json.Contains("\"" + value + "\"", StringComparison.Ordinal);
        }
    }

    private static bool Walk(JsonNode? node, string value) => node switch
    {
        JsonObject obj => obj.Any(p => Walk(p.Value, value)),
        JsonArray array => array.Any(item => Walk(item, value)),
        JsonValue leaf => leaf.GetValueKind() == JsonValueKind.String && leaf.GetValue<string>() == value,
        _ => false,
    };

    private static MessageTemplateVersionRecord Copy(MessageTemplateVersionRecord version, string templateId, int number) => new()
    {
        TemplateId = templateId, Version = number, Subject = version.Subject, Html = version.Html, Text = version.Text, From = version.From,
        ReplyTo = version.ReplyTo, Preheader = version.Preheader, Note = version.Note, CreatedAt = version.CreatedAt,
    };
}
