using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static AutomationServer.Api.Tests.Infrastructure.FlowBuilder;

namespace AutomationServer.Api.Tests.Audience;

public sealed class PrivacyApiTests(AudienceHost host) : IClassFixture<AudienceHost>
{
    [Fact]
    public async Task Export_holds_everything_and_erase_leaves_no_trace_of_the_email_or_phone_in_any_table()
    {
        var (contact, email, phone, definitionId) = await CreateFullContactAsync();

        var exportResponse = await host.Client.GetAsync($"/api/audience/contacts/{contact}/export");
        var exportText = await exportResponse.Content.ReadAsStringAsync();
        Assert.True(exportResponse.IsSuccessStatusCode, exportText);
        var export = JsonDocument.Parse(exportText).RootElement;
        var identities = export.GetProperty("contact").GetProperty("identities").EnumerateArray().ToDictionary(i => i.GetProperty("kind").GetString()!, i => i.GetProperty("value").GetString());
        Assert.Equal(email, identities["email"]);
        Assert.Equal(phone, identities["phone"]);
        Assert.Equal(42, export.GetProperty("contact").GetProperty("attributes").GetProperty("shoeSize").GetDecimal());
        Assert.Equal("Ada", export.GetProperty("contact").GetProperty("attributes").GetProperty("firstName").GetString());
        Assert.Contains("vip", export.GetProperty("contact").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var events = export.GetProperty("events").EnumerateArray().ToList();
        Assert.Contains(events, e => e.GetProperty("name").GetString() == "order_completed" && e.GetProperty("properties").GetProperty("total").GetDecimal() == 99.5m);
        Assert.Equal("Subscribed", export.GetProperty("consents")[0].GetProperty("status").GetString());
        Assert.Equal(1, export.GetProperty("consentHistory").GetArrayLength());
        var instance = Assert.Single(export.GetProperty("workflowInstances").EnumerateArray());
        Assert.Equal(definitionId, instance.GetProperty("definitionId").GetString());
        Assert.Equal("Suspended", instance.GetProperty("status").GetString());
        Assert.Contains(email, instance.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(email, ReadEveryTextValue(host.Factory.DatabasePath), StringComparison.Ordinal);

        var erased = await host.Client.DeleteAsync($"/api/audience/contacts/{contact}/erase");
        var erasedText = await erased.Content.ReadAsStringAsync();
        Assert.True(erased.IsSuccessStatusCode, erasedText);
        var counts = JsonDocument.Parse(erasedText).RootElement.GetProperty("counts");
        Assert.Equal(2, counts.GetProperty("identities").GetInt32());
        Assert.Equal(1, counts.GetProperty("instancesCancelled").GetInt32());
        Assert.True(counts.GetProperty("bookmarksDeleted").GetInt32() >= 1, erasedText);
        Assert.DoesNotContain(email, erasedText, StringComparison.Ordinal);

        var everything = ReadEveryTextValue(host.Factory.DatabasePath);
        Assert.DoesNotContain(email, everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(phone, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(phone.TrimStart('+'), everything, StringComparison.Ordinal);
        Assert.DoesNotContain(contact.ToString("N"), everything, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/api/audience/contacts/{contact}/export")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsync($"/api/audience/contacts/{contact}/erase", null)).StatusCode);

        var instances = await host.GetJsonAsync($"/api/instances?definitionId={definitionId}&take=10");
        var kept = Assert.Single(instances.GetProperty("items").EnumerateArray());
        Assert.Equal("Cancelled", kept.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Suppressions_of_the_erased_addresses_stay_by_default_and_go_when_asked()
    {
        var kept = AudienceHost.UniqueEmail("kept");
        var dropped = AudienceHost.UniqueEmail("dropped");
        foreach (var address in new[] { kept, dropped })
        {
            await host.PostOkAsync("/api/audience/suppressions", new { channel = "email", address, reason = "unsubscribed" });
        }

        var keeping = await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = kept } } });
        var dropping = await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = dropped } } });
        var export = await host.GetJsonAsync($"/api/audience/contacts/{keeping}/export");
        Assert.Equal(kept, Assert.Single(export.GetProperty("suppressions").EnumerateArray()).GetProperty("address").GetString());

        var first = await host.PostOkAsync($"/api/audience/contacts/{keeping}/erase", new { });
        var second = await host.PostOkAsync($"/api/audience/contacts/{dropping}/erase?keepSuppression=false", new { });

        Assert.Equal(1, first.GetProperty("counts").GetProperty("suppressionsKept").GetInt32());
        Assert.Equal(1, second.GetProperty("counts").GetProperty("suppressionsRemoved").GetInt32());
        var everything = ReadEveryTextValue(host.Factory.DatabasePath);
        Assert.DoesNotContain(kept, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(dropped, everything, StringComparison.Ordinal);

        // The kept suppression is only a hash now, and still blocks the address when it comes back as a new contact.
        var returning = await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = kept } } });
        var welcomeBack = await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = dropped } } });
        Assert.Equal("SuppressedAddress", (await host.GetJsonAsync($"/api/audience/contacts/{returning}/can-contact?channel=email")).GetProperty("reason").GetString());
        Assert.NotEqual("SuppressedAddress", (await host.GetJsonAsync($"/api/audience/contacts/{welcomeBack}/can-contact?channel=email")).GetProperty("reason").GetString());
        Assert.Single((await host.GetJsonAsync($"/api/audience/contacts/{returning}/export")).GetProperty("suppressions").EnumerateArray());

        // Lifting the suppression by the address lifts the hashed one too.
        Assert.True((await host.Client.DeleteAsync($"/api/audience/suppressions/email/{Uri.EscapeDataString(kept)}")).IsSuccessStatusCode);
        Assert.NotEqual("SuppressedAddress", (await host.GetJsonAsync($"/api/audience/contacts/{returning}/can-contact?channel=email")).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Deleting_a_contact_is_an_erasure_with_an_audit_record_naming_the_key_but_not_the_person()
    {
        var (contact, email, phone, _) = await CreateFullContactAsync();

        var deleted = await host.Client.DeleteAsync($"/api/audience/contacts/{contact}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var everything = ReadEveryTextValue(host.Factory.DatabasePath);
        Assert.DoesNotContain(email, everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(phone, everything, StringComparison.Ordinal);
        var audit = Assert.Single((await host.GetJsonAsync($"/api/audience/erasures?contactId={contact}")).GetProperty("items").EnumerateArray());
        Assert.Equal(contact, audit.GetProperty("contactId").GetGuid());
        Assert.False(string.IsNullOrEmpty(audit.GetProperty("erasedBy").GetString()));
        Assert.Equal(2, audit.GetProperty("counts").GetProperty("identities").GetInt32());
        Assert.Equal(1, audit.GetProperty("counts").GetProperty("instancesCancelled").GetInt32());
        Assert.DoesNotContain(email, audit.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.DeleteAsync($"/api/audience/contacts/{contact}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await host.Client.GetAsync("/api/audience/erasures?take=0"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_contact_is_404_for_export_and_erase()
    {
        var unknown = Guid.NewGuid();
        await ProblemAssert.IsProblemAsync(await host.Client.GetAsync($"/api/audience/contacts/{unknown}/export"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await host.Client.DeleteAsync($"/api/audience/contacts/{unknown}/erase"), HttpStatusCode.NotFound);
    }

    private async Task<(Guid Contact, string Email, string Phone, string DefinitionId)> CreateFullContactAsync()
    {
        var email = AudienceHost.UniqueEmail("erase-me");
        var phone = "+49151" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var eventName = "privacy_signup_" + Guid.NewGuid().ToString("N")[..8];
        var definitionId = "privacy-" + eventName.Replace('_', '-');
        var flow = new FlowBuilder(definitionId)
            .Activity("received", "Audience.EventReceived", new() { ["eventName"] = Literal(eventName) })
            .Activity("wait", "Elsa.Delay", new() { ["timeSpan"] = Literal("1.00:00:00") })
            .Connect("received", "Done", "wait").ToJson();
        // An entry rule, so that the journeys the contact entered are recorded (and must go with the contact).
        flow = Journeys.JourneyFlows.WithJourney(flow, new System.Text.Json.Nodes.JsonObject { ["entry"] = new System.Text.Json.Nodes.JsonObject { ["mode"] = "once" } });
        (await host.Client.PostAsync("/api/definitions/import?publish=true", AutomationServerFactory.Json(flow))).EnsureSuccessStatusCode();
        await host.DefineAttributeAsync("shoeSize", "number");
        await host.DefineAttributeAsync("firstName", "string");

        var contact = await host.CreateContactAsync(new
        {
            identities = new[] { new { kind = "email", value = email }, new { kind = "phone", value = phone } },
            attributes = new Dictionary<string, object> { ["shoeSize"] = 42, ["firstName"] = "Ada" },
            tags = new[] { "vip" },
        });
        (await host.Client.PutAsJsonAsync($"/api/audience/contacts/{contact}/consents", new { channel = "email", topic = "", status = "Subscribed", source = $"form:{email}" })).EnsureSuccessStatusCode();
        await host.PostOkAsync("/api/audience/events", new { name = "order_completed", contactId = contact, properties = new { total = 99.5, billingEmail = email, phone } });
        var started = await host.PostOkAsync("/api/audience/events", new { name = eventName, contactId = contact, properties = new { email, phone } });
        Assert.Equal(1, started.GetProperty("startedWorkflows").GetInt32());
        return (contact, email, phone, definitionId);
    }

    /// <summary>Every value of every column of every table, as text (blobs decoded as UTF-8), one value per line.</summary>
    private static string ReadEveryTextValue(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("Contacts", tables);
        Assert.Contains("WorkflowInstances", tables);
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var column = 0; column < reader.FieldCount; column++)
                {
                    text.AppendLine(reader.GetValue(column) switch
                    {
                        byte[] blob => Encoding.UTF8.GetString(blob),
                        DBNull => "",
                        var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                    });
                }
            }
        }

        return text.ToString();
    }
}
