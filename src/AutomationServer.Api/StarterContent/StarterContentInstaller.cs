using System.Text.Json;
using AutomationServer.Messaging.Templates;
using AutomationServer.Workflows.Definitions;
using AutomationServer.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutomationServer.Api.StarterContent;

/// <summary>
/// Installs the shipped email templates (created when missing) and journeys (imported as drafts when no definition with
/// their id exists) at start, so a fresh server has something to publish. Nothing is ever published here: sending
/// email is the operator's decision. It runs before the server takes requests; a file that fails is logged and skipped.
/// </summary>
public sealed class StarterContentInstaller(
    IOptions<StarterContentOptions> options,
    WorkflowDefinitionService definitions,
    IWorkflowDefinitionStore definitionStore,
    MessageTemplateService templates,
    IMessageTemplateStore templateStore,
    ILogger<StarterContentInstaller> logger) : IHostedService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.InstallStarterContent)
        {
            return;
        }

        var folder = options.Value.Folder ?? Path.Combine(AppContext.BaseDirectory, "workflows");
        if (!Directory.Exists(folder))
        {
            logger.LogWarning("Starter content folder {Folder} does not exist; nothing installed", folder);
            return;
        }

        var templatesFolder = Path.Combine(folder, "templates");
        var installedTemplates = Directory.Exists(templatesFolder) ? await InstallTemplatesAsync(templatesFolder, cancellationToken) : 0;
        var installedJourneys = await InstallJourneysAsync(folder, cancellationToken);
        if (installedTemplates + installedJourneys > 0)
        {
            logger.LogInformation("Installed {Templates} starter templates and {Journeys} starter journeys (as drafts) from {Folder}",
                installedTemplates, installedJourneys, folder);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<int> InstallTemplatesAsync(string folder, CancellationToken cancellationToken)
    {
        var installed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var draft = JsonSerializer.Deserialize<TemplateDraft>(await File.ReadAllTextAsync(file, cancellationToken), Json)
                    ?? throw new JsonException("The file holds no template.");
                if (draft.Id is null || await templateStore.FindAsync(draft.Id, cancellationToken) is not null)
                {
                    continue;
                }

                var result = await templates.CreateAsync(draft, cancellationToken);
                if (result.Status == TemplateSaveStatus.Invalid)
                {
                    logger.LogError("Starter template {File} is invalid: {Problems}", file, string.Join("; ", result.Problems.Select(p => $"{p.Field}: {p.Message}")));
                    continue;
                }

                installed++;
            }
            catch (Exception exception) when (exception is JsonException or IOException)
            {
                logger.LogError(exception, "Starter template {File} could not be read", file);
            }
        }

        return installed;
    }

    private async Task<int> InstallJourneysAsync(string folder, CancellationToken cancellationToken)
    {
        var installed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var json = await File.ReadAllTextAsync(file, cancellationToken);
                var definitionId = JsonDocument.Parse(json).RootElement.GetProperty("definitionId").GetString();
                if (definitionId is null || await definitionStore.FindLatestAsync(definitionId, cancellationToken) is not null)
                {
                    continue;
                }

                await definitions.ImportAsync(json, publish: false, cancellationToken);
                installed++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Starter journey {File} could not be installed", file);
            }
        }

        return installed;
    }
}
