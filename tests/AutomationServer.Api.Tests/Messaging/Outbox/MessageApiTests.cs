using System.Net;
using System.Text.Json;
using AutomationServer.Api.Tests.Audience;
using AutomationServer.Api.Tests.Infrastructure;
using AutomationServer.Messaging.Outbox;
using AutomationServer.Persistence;
using AutomationServer.Sdk.Channels;
using AutomationServer.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Api.Tests.Messaging.Outbox;

public sealed class MessageApiTests : IAsyncLifetime
{
    // The dispatcher is off: these tests look at rows as they stored them, before any send could change them.
    private readonly AudienceHost _host = AudienceHost.With(new() { ["Messaging:Dispatch:Enabled"] = "false" });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task Messages_are_listed_newest_first_and_filtered_by_contact_state_channel_and_journey()
    {
        var contact = await _host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("ada") } } });
        var sent = await AddAsync(contact, MessageState.Sent, createdMinutesAgo: 3, definitionId: "welcome");
        var skipped = await AddAsync(contact, MessageState.Skipped, createdMinutesAgo: 2, reasonCode: "consent", reason: "No consent for email.");
        var other = await AddAsync(null, MessageState.Queued, createdMinutesAgo: 1, channel: "sms");

        var all = await _host.GetJsonAsync("/api/messages");
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal([other, skipped, sent], Ids(all));
        Assert.Equal([skipped, sent], Ids(await _host.GetJsonAsync($"/api/messages?contactId={contact}")));
        Assert.Equal([skipped], Ids(await _host.GetJsonAsync("/api/messages?state=skipped")));
        Assert.Equal([other], Ids(await _host.GetJsonAsync("/api/messages?channel=sms")));
        Assert.Equal([sent], Ids(await _host.GetJsonAsync("/api/messages?definitionId=welcome")));
        Assert.Equal([skipped], Ids(await _host.GetJsonAsync("/api/messages?skip=1&take=1")));

        var history = await _host.GetJsonAsync($"/api/audience/contacts/{contact}/messages");
        Assert.Equal([skipped, sent], Ids(history));
        var reasoned = history.GetProperty("items")[0];
        Assert.Equal(("Skipped", "consent", "No consent for email."),
            (reasoned.GetProperty("state").GetString(), reasoned.GetProperty("reasonCode").GetString(), reasoned.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Bad_queries_are_problems_naming_the_field()
    {
        var problem = await ProblemAssert.IsProblemAsync(await _host.Client.GetAsync("/api/messages?state=lost&take=0"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("state", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("take", out _));
        await ProblemAssert.IsProblemAsync(await _host.Client.GetAsync($"/api/audience/contacts/{Guid.NewGuid()}/messages"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await _host.Client.GetAsync($"/api/messages/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await _host.Client.PostAsync($"/api/messages/{Guid.NewGuid()}/retry", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task One_message_shows_its_events_and_what_it_was_but_not_the_stored_request()
    {
        var contact = await _host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = AudienceHost.UniqueEmail("ada") } } });
        var id = await AddAsync(contact, MessageState.Sent, createdMinutesAgo: 1, templateId: "welcome-mail", topic: "newsletter");
        await _host.Factory.Services.GetRequiredService<IDeliveryEventSink>().ReportAsync(
            new DeliveryEvent { Channel = "email", Kind = DeliveryEventKind.Clicked, MessageId = id, OccurredAt = DateTimeOffset.UtcNow, Detail = "https://example.com/x" },
            CancellationToken.None);

        var response = await _host.Client.GetAsync($"/api/messages/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("secret-data-value", text);
        var details = JsonDocument.Parse(text).RootElement;
        var message = details.GetProperty("message");
        Assert.Equal(("welcome-mail", "newsletter", "Marketing"),
            (message.GetProperty("templateId").GetString(), message.GetProperty("topic").GetString(), message.GetProperty("purpose").GetString()));
        Assert.False(message.TryGetProperty("request", out _));
        var clicked = Assert.Single(details.GetProperty("events").EnumerateArray());
        Assert.Equal(("Clicked", "https://example.com/x"), (clicked.GetProperty("kind").GetString(), clicked.GetProperty("detail").GetString()));
        Assert.False(message.GetProperty("clickedAt").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Only_failed_or_skipped_messages_can_be_retried()
    {
        var failed = await AddAsync(null, MessageState.Failed, createdMinutesAgo: 5, reasonCode: "permanent", reason: "550");
        var sent = await AddAsync(null, MessageState.Sent, createdMinutesAgo: 5);

        var retried = await _host.Client.PostAsync($"/api/messages/{failed}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        var row = await RowAsync(failed);
        Assert.Equal(MessageState.Queued, row.State);
        Assert.Null(row.ReasonCode);
        Assert.True(row.DueAt > DateTime.UtcNow.AddMinutes(-1));

        var conflict = await ProblemAssert.IsProblemAsync(await _host.Client.PostAsync($"/api/messages/{sent}/retry", null), HttpStatusCode.Conflict);
        Assert.True(conflict.GetProperty("errors").TryGetProperty("state", out _));
        await ProblemAssert.IsProblemAsync(await _host.Client.PostAsync($"/api/messages/{failed}/retry", null), HttpStatusCode.Conflict);
        Assert.Equal(MessageState.Sent, (await RowAsync(sent)).State);
    }

    [Fact]
    public async Task Erasing_a_contact_removes_its_messages()
    {
        var email = AudienceHost.UniqueEmail("erase");
        var contact = await _host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = email } } });
        var id = await AddAsync(contact, MessageState.Sent, createdMinutesAgo: 1, recipient: email);

        var export = await _host.GetJsonAsync($"/api/audience/contacts/{contact}/export");
        Assert.Equal(id, Assert.Single(export.GetProperty("messages").EnumerateArray()).GetProperty("id").GetGuid());
        var erased = await _host.Client.DeleteAsync($"/api/audience/contacts/{contact}/erase");
        Assert.True(erased.IsSuccessStatusCode, await erased.Content.ReadAsStringAsync());

        await using var db = await ContextAsync();
        Assert.False(await db.Messages.AnyAsync(m => m.Id == id || m.Recipient == email));
    }

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();

    private Task<WorkflowDbContext> ContextAsync() => _host.Factory.Services.GetRequiredService<IDbContextFactory<WorkflowDbContext>>().CreateDbContextAsync();

    private async Task<MessageRecord> RowAsync(Guid id)
    {
        await using var db = await ContextAsync();
        return await db.Messages.SingleAsync(m => m.Id == id);
    }

    private async Task<Guid> AddAsync(
        Guid? contactId, MessageState state, int createdMinutesAgo, string channel = "email", string? definitionId = null, string? reasonCode = null,
        string? reason = null, string? templateId = null, string? topic = null, string? recipient = null)
    {
        var at = DateTime.UtcNow.AddMinutes(-createdMinutesAgo);
        var request = new MessageRequest
        {
            Channel = channel,
            ContactId = contactId?.ToString(),
            To = contactId is null ? "team@example.com" : null,
            TemplateId = templateId,
            Topic = topic,
            Data = new Dictionary<string, object?> { ["token"] = "secret-data-value" },
        };
        var row = new MessageRecord
        {
            Id = Guid.NewGuid(),
            Channel = channel,
            ContactId = contactId,
            DefinitionId = definitionId,
            TemplateId = templateId,
            Topic = topic,
            Request = MessageRequestJson.Serialize(request),
            State = state,
            ReasonCode = reasonCode,
            Reason = reason,
            Recipient = recipient,
            DueAt = at,
            CreatedAt = at,
            UpdatedAt = at,
            SentAt = state == MessageState.Sent ? at : null,
        };
        await using var db = await ContextAsync();
        db.Messages.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }
}
