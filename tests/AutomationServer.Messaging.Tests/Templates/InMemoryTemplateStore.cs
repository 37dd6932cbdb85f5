using AutomationServer.Messaging.Rendering;
using AutomationServer.Messaging.Rendering.Liquid;
using AutomationServer.Messaging.Templates;

namespace AutomationServer.Messaging.Tests.Templates;

/// <summary>Templates kept in memory, counting reads so tests can see what the renderer's cache saves.</summary>
internal sealed class InMemoryTemplateStore : IMessageTemplateStore
{
    private readonly Dictionary<string, MessageTemplateRecord> _templates = [];
    private readonly List<MessageTemplateVersionRecord> _versions = [];

    public int Reads { get; private set; }

    public void Add(string id, string channel, string? subject = null, string? html = null, string? text = null, string? preheader = null)
    {
        var version = (_templates.GetValueOrDefault(id)?.CurrentVersion ?? 0) + 1;
        _templates[id] = new MessageTemplateRecord { Id = id, Name = id, Channel = channel, CurrentVersion = version };
        _versions.Add(new MessageTemplateVersionRecord { TemplateId = id, Version = version, Subject = subject, Html = html, Text = text, Preheader = preheader, From = "team@example.test" });
    }

    public Task<(IReadOnlyList<MessageTemplateRecord> Items, int Total)> ListAsync(TemplateQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<(IReadOnlyList<MessageTemplateRecord>, int)>((_templates.Values.ToList(), _templates.Count));

    public Task<MessageTemplateRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(_templates.GetValueOrDefault(id));
    }

    public Task<MessageTemplateVersionRecord?> FindVersionAsync(string id, int version, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(_versions.SingleOrDefault(v => v.TemplateId == id && v.Version == version));
    }

    public Task<IReadOnlyList<MessageTemplateVersionRecord>> ListVersionsAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MessageTemplateVersionRecord>>(_versions.Where(v => v.TemplateId == id).ToList());

    public Task<TemplateStoreOutcome> SaveVersionAsync(MessageTemplateRecord template, MessageTemplateVersionRecord version, bool create, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<bool> DeleteAsync(string id, DateTime deletedAt, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<TemplateReference>> FindPublishedReferencesAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
}

internal sealed class FixedSegments(params ContactSegment[] segments) : IContactSegmentLookup
{
    public int Queries { get; private set; }

    public Task<IReadOnlyList<ContactSegment>> GetAsync(Guid contactId, CancellationToken cancellationToken)
    {
        Queries++;
        return Task.FromResult<IReadOnlyList<ContactSegment>>(segments);
    }
}
