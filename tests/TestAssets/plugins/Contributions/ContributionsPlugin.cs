using System.ComponentModel.DataAnnotations;
using AutomationServer.Sdk.Channels;
using AutomationServer.Sdk.Connectors;
using AutomationServer.Sdk.Hosting;
using AutomationServer.Sdk.Models;
using AutomationServer.Sdk.Plugins;
using AutomationServer.Sdk.Stimuli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Fixture.Contributions;

/// <summary>One of every contribution kind, configured from validated options.</summary>
public sealed class ContributionsPlugin : IPluginStartup
{
    public void ConfigureServices(IPluginBuilder plugin)
    {
        var options = plugin.AddOptions<ContributionsOptions>();
        plugin.AddChannel<PigeonChannel>()
            .AddConnector<LedgerConnector>()
            .AddModelProvider<CoinFlipModel>()
            .AddEventSource<TickSource>()
            .AddRecurringJob<SweepJob>("sweep", options.SweepCron)
            .MapEndpoints(endpoints => endpoints.MapGet("/ping", () => Results.Text("pong")));
    }
}

public sealed class ContributionsOptions
{
    [Required]
    [Url]
    public string? Endpoint { get; set; }

    [Range(1, 10)]
    public int Retries { get; set; } = 3;

    public string SweepCron { get; set; } = "*/5 * * * *";

    [Required]
    public ContributionsLimits Limits { get; set; } = new();
}

public sealed class ContributionsLimits : IValidatableObject
{
    public int Minimum { get; set; }

    public int Maximum { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Minimum > Maximum)
        {
            yield return new ValidationResult("Minimum must not exceed Maximum.", [nameof(Minimum)]);
        }
    }
}

[Channel("pigeon", DisplayName = "Carrier pigeon", Description = "Sends nothing, reports success.")]
public sealed class PigeonChannel(IOptions<ContributionsOptions> options) : IChannel
{
    public ValueTask<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SendResult.Sent($"{options.Value.Endpoint}#{message.MessageId}"));
}

[Connector("ledger")]
public sealed class LedgerConnector : IConnector
{
    public ValueTask<ConnectorPage<ExternalContact>> PullContactsAsync(PullRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ConnectorPage<ExternalContact>([], null));

    public ValueTask<ConnectorPage<ExternalEvent>> PullEventsAsync(PullRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ConnectorPage<ExternalEvent>([], null));

    public ValueTask<PushResult> PushAsync(IReadOnlyList<ExternalUpdate> updates, CancellationToken cancellationToken) =>
        ValueTask.FromResult(PushResult.AllUpdated(updates.Count));
}

[ModelProvider("coin-flip")]
public sealed class CoinFlipModel : IModelProvider
{
    public ValueTask<Prediction> PredictAsync(PredictionRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Prediction { ModelVersion = "1", Score = 0.5 });
}

public sealed class TickSource : IEventSource
{
    public Task RunAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
}

public sealed class SweepJob : IPluginJob
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
