using System.Collections.Concurrent;
using AutomationServer.Messaging.Rendering;
using AutomationServer.Messaging.Rendering.Liquid;
using Fluid;

namespace AutomationServer.Messaging.Templates;

/// <summary>
/// Parsed templates for the renderer, so that a broadcast parses each template once. Versions never change, so a
/// parsed version is kept; which version is current is looked up again after <see cref="CurrentFor"/> or at once when
/// <see cref="MessageTemplateService"/> saves. Inline Liquid (requests without a template) is cached by its text.
/// </summary>
public sealed class MessageTemplateCache(IMessageTemplateStore store, TimeProvider clock)
{
    public static readonly TimeSpan CurrentFor = TimeSpan.FromSeconds(30);

    private const int MaxInline = 2_000;
    private const int MaxVersions = 2_000;

    private readonly ConcurrentDictionary<string, CurrentEntry> _current = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Id, int Version), CompiledTemplate> _versions = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _inline = new(StringComparer.Ordinal);

    /// <summary>The current version of the template (deleted ones too: queued messages still render), or null when there is no such template.</summary>
    public async Task<CompiledTemplate?> GetCurrentAsync(string id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!_current.TryGetValue(id, out var entry) || entry.ExpiresAt <= now || entry.Load.IsFaulted || entry.Load.IsCanceled)
        {
            entry = new CurrentEntry(LoadCurrentAsync(id, CancellationToken.None), now + CurrentFor);
            _current[id] = entry;
        }

        return await entry.Load.WaitAsync(cancellationToken);
    }

    /// <summary>A stored version, parsed; null when it does not exist.</summary>
    public async Task<CompiledTemplate?> GetVersionAsync(string id, int version, CancellationToken cancellationToken)
    {
        if (_versions.TryGetValue((id, version), out var compiled))
        {
            return compiled;
        }

        var template = await store.FindAsync(id, cancellationToken);
        var stored = template is null ? null : await store.FindVersionAsync(id, version, cancellationToken);
        return template is null || stored is null ? null : Keep(template, stored);
    }

    /// <summary>Inline Liquid from a request; throws <see cref="MessageRenderException"/> naming <paramref name="part"/> when it does not parse.</summary>
    public IFluidTemplate Inline(string source, string part)
    {
        if (_inline.TryGetValue(source, out var parsed))
        {
            return parsed;
        }

        parsed = LiquidSyntax.Parse(source, part);
        if (_inline.Count >= MaxInline)
        {
            _inline.Clear();
        }

        _inline[source] = parsed;
        return parsed;
    }

    /// <summary>Forgets which version is current (after a save, revert or delete).</summary>
    public void Invalidate(string id) => _current.TryRemove(id, out _);

    private async Task<CompiledTemplate?> LoadCurrentAsync(string id, CancellationToken cancellationToken)
    {
        var template = await store.FindAsync(id, cancellationToken);
        if (template is null)
        {
            return null;
        }

        if (_versions.TryGetValue((id, template.CurrentVersion), out var compiled))
        {
            return compiled;
        }

        var version = await store.FindVersionAsync(id, template.CurrentVersion, cancellationToken);
        return version is null ? null : Keep(template, version);
    }

    private CompiledTemplate Keep(MessageTemplateRecord template, MessageTemplateVersionRecord version)
    {
        var compiled = CompiledTemplate.Compile(template, version);
        if (_versions.Count >= MaxVersions)
        {
            _versions.Clear();
        }

        return _versions.GetOrAdd((template.Id, version.Version), compiled);
    }

    private sealed record CurrentEntry(Task<CompiledTemplate?> Load, DateTimeOffset ExpiresAt);
}
