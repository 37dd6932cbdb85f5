using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Messaging.Policies;
using AutomationServer.Messaging.Tracking;
using AutomationServer.Persistence;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Api.Tests.Messaging.Tracking;

/// <summary>The real host with a recording delivery-event sink and in-memory frequency preferences.</summary>
public sealed class EmailTrackingHost : IAsyncDisposable
{
    public EmailTrackingHost()
    {
        Factory = new AutomationServerFactory
        {
            TestServices = services =>
            {
                services.AddSingleton<IDeliveryEventSink>(Events);
                services.AddSingleton<IFrequencyPreferences>(Frequency);
            },
        };
        Factory.Settings["Messaging:PublicBaseUrl"] = "http://localhost/";
        Client = Factory.CreateAuthorizedClient();
        // A recipient's browser: no API key, and redirects are looked at rather than followed.
        Browser = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public AutomationServerFactory Factory { get; }

    public HttpClient Client { get; }

    public HttpClient Browser { get; }

    public RecordingDeliveryEventSink Events { get; } = new();

    public FakeFrequencyPreferences Frequency { get; } = new();

    public TrackingLinks Links => Factory.Services.GetRequiredService<TrackingLinks>();

    /// <summary>The path and query of one of our absolute links, for the test client.</summary>
    public static string PathOf(string url) => new Uri(url).PathAndQuery;

    public async Task<Guid> CreateContactAsync(params (string Topic, string Status)[] consents)
    {
        var created = await Client.PostAsJsonAsync("/api/audience/contacts", new { identities = new[] { new { kind = "email", value = $"t-{Guid.NewGuid():N}@example.com" } } });
        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, text);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
        foreach (var (topic, status) in consents)
        {
            var set = await Client.PutAsJsonAsync($"/api/audience/contacts/{id}/consents", new { channel = "email", topic, status, source = "test" });
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        }

        return id;
    }

    /// <summary>A sent message of the contact, as the send pipeline leaves it in the Messages table.</summary>
    public async Task<Guid> AddSentMessageAsync(Guid contactId, string? topic)
    {
        var now = DateTime.UtcNow;
        var message = new MessageRecord
        {
            Id = Guid.NewGuid(),
            Channel = "email",
            ContactId = contactId,
            Topic = topic,
            Purpose = MessagePurpose.Marketing,
            Request = "{\"channel\":\"email\"}",
            State = MessageState.Sent,
            DueAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            SentAt = now,
        };
        await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync();
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }

    public async Task<JsonElement> CanContactAsync(Guid contactId, string topic) =>
        JsonDocument.Parse(await Client.GetStringAsync($"/api/audience/contacts/{contactId}/can-contact?channel=email&topic={topic}")).RootElement.Clone();

    public async Task<List<(string Topic, string Status, string Source)>> HistoryAsync(Guid contactId) =>
        JsonDocument.Parse(await Client.GetStringAsync($"/api/audience/contacts/{contactId}/consents/history")).RootElement.EnumerateArray()
            .Select(h => (h.GetProperty("topic").GetString()!, h.GetProperty("status").GetString()!, h.GetProperty("source").GetString()!)).ToList();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Browser.Dispose();
        await Factory.DisposeAsync();
    }
}

public sealed class RecordingDeliveryEventSink : IDeliveryEventSink
{
    private readonly ConcurrentQueue<DeliveryEvent> _events = new();

    public ValueTask ReportAsync(DeliveryEvent deliveryEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(deliveryEvent);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<DeliveryEvent> Of(Guid messageId) => _events.Where(e => e.MessageId == messageId).ToList();
}

public sealed class FakeFrequencyPreferences : IFrequencyPreferences
{
    private readonly ConcurrentDictionary<(Guid, string), (int? Max, string Source)> _choices = new();

    public Task<int?> GetMaxPerWeekAsync(Guid contactId, string channel, CancellationToken cancellationToken) =>
        Task.FromResult(_choices.TryGetValue((contactId, channel), out var choice) ? choice.Max : null);

    public Task SetMaxPerWeekAsync(Guid contactId, string channel, int? maxPerWeek, string source, CancellationToken cancellationToken)
    {
        _choices[(contactId, channel)] = (maxPerWeek, source);
        return Task.CompletedTask;
    }

    public (int? Max, string Source)? Choice(Guid contactId) => _choices.TryGetValue((contactId, "email"), out var choice) ? choice : null;
}
