namespace AutomationServer.Messaging.Templates;

public sealed record TemplateQuery(string? Search = null, string? Channel = null, int Skip = 0, int Take = 100);

public enum TemplateStoreOutcome
{
    Saved,

    /// <summary>Creating an id that a live template has.</summary>
    Exists,

    /// <summary>Adding a version to a template that does not exist or was deleted.</summary>
    NotFound,
}

/// <summary>A journey definition that refers to a template.</summary>
public sealed record TemplateReference(string DefinitionId, string Name);

/// <summary>Templates and their versions.</summary>
public interface IMessageTemplateStore
{
    /// <summary>Live templates whose id or name contains <see cref="TemplateQuery.Search"/>, by name, and the total count.</summary>
    Task<(IReadOnlyList<MessageTemplateRecord> Items, int Total)> ListAsync(TemplateQuery query, CancellationToken cancellationToken);

    /// <summary>The template, deleted or not.</summary>
    Task<MessageTemplateRecord?> FindAsync(string id, CancellationToken cancellationToken);

    Task<MessageTemplateVersionRecord?> FindVersionAsync(string id, int version, CancellationToken cancellationToken);

    /// <summary>Every version, newest first.</summary>
    Task<IReadOnlyList<MessageTemplateVersionRecord>> ListVersionsAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="version"/> as the template's next version number and makes it current, updating
    /// name/description/channel from <paramref name="template"/>. With <paramref name="create"/> a deleted template
    /// of that id comes back; without it the template must exist. Concurrent saves get distinct version numbers.
    /// The records passed in receive the stored version number and times.
    /// </summary>
    Task<TemplateStoreOutcome> SaveVersionAsync(MessageTemplateRecord template, MessageTemplateVersionRecord version, bool create, CancellationToken cancellationToken);

    /// <summary>Marks the template deleted; false when it does not exist or is deleted already.</summary>
    Task<bool> DeleteAsync(string id, DateTime deletedAt, CancellationToken cancellationToken);

    /// <summary>Published journey definitions whose JSON names the template id as a value.</summary>
    Task<IReadOnlyList<TemplateReference>> FindPublishedReferencesAsync(string id, CancellationToken cancellationToken);
}
