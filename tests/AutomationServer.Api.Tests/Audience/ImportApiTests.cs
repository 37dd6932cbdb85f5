using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AutomationServer.Api.Tests.Infrastructure;

namespace AutomationServer.Api.Tests.Audience;

public sealed class ImportApiTests(AudienceHost host) : IClassFixture<AudienceHost>
{
    private const string Url = "/api/audience/contacts/import";

    [Fact]
    public async Task Ten_thousand_rows_with_fifty_bad_ones_import_9950_and_report_each_bad_row_and_a_second_import_creates_nothing()
    {
        await host.DefineAttributeAsync("importLevel", "number");
        var run = Guid.NewGuid().ToString("N")[..8];
        var tag = "import-" + run;
        // Random Berlin numbers per run so that runs against the same database never share a phone.
        var phoneBase = Random.Shared.Next(20_000_000, 80_000_000);
        var csv = new StringBuilder("E-Mail,Mobile,Level,Segment,Notes\n");
        var expectedErrors = new Dictionary<int, string>();
        for (var i = 0; i < 10_000; i++)
        {
            var line = i + 2;
            var email = $"user{i}-{run}@example.com";
            var phone = $"+49 30 {phoneBase + i}";
            var level = (i % 7).ToString();
            // Every 200th row is bad (50 in all), in turn: a malformed phone, a level that is no number, no identity.
            var bad = i % 200 == 3 ? i / 200 % 3 : -1;
            if (bad == 0)
            {
                (phone, expectedErrors[line]) = ("12ab", "Mobile");
            }
            else if (bad == 1)
            {
                (level, expectedErrors[line]) = ("lots", "Level");
            }
            else if (bad == 2)
            {
                (email, phone, expectedErrors[line]) = ("", "", "E-Mail, Mobile");
            }

            csv.Append(email).Append(',').Append(phone).Append(',').Append(level).Append(',').Append(tag).Append(";bulk,ignored note\n");
        }

        var mapping = new Dictionary<string, string> { ["E-Mail"] = "email", ["Mobile"] = "phone", ["Level"] = "attribute:importLevel", ["Segment"] = "tags", ["Notes"] = "ignore" };

        var report = await ImportOkAsync(csv.ToString(), mapping, dryRun: false);

        Assert.Equal(10_000, report.GetProperty("rows").GetInt32());
        Assert.Equal(9_950, report.GetProperty("imported").GetInt32());
        Assert.Equal(9_950, report.GetProperty("created").GetInt32());
        Assert.Equal(0, report.GetProperty("updated").GetInt32());
        Assert.Equal(50, report.GetProperty("rejected").GetInt32());
        Assert.False(report.GetProperty("dryRun").GetBoolean());
        var errors = report.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(50, errors.Count);
        Assert.Equal(expectedErrors.Count, errors.Count);
        foreach (var error in errors)
        {
            var line = error.GetProperty("line").GetInt32();
            Assert.True(expectedErrors.TryGetValue(line, out var column), $"line {line} was not a bad row: {error}");
            Assert.Equal(column, error.GetProperty("column").GetString());
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        }

        Assert.Contains(errors, e => e.GetProperty("message").GetString()!.Contains("Expected a number", StringComparison.Ordinal));
        Assert.Equal(9_950, (await host.GetJsonAsync($"/api/audience/contacts?tag={tag}&take=1")).GetProperty("total").GetInt32());
        var sample = (await host.GetJsonAsync($"/api/audience/contacts?identityKind=email&identityValue=user1-{run}@example.com")).GetProperty("items")[0];
        Assert.Contains(sample.GetProperty("identities").EnumerateArray(), i => i.GetProperty("value").GetString() == $"+4930{phoneBase + 1}");
        Assert.Equal(1, sample.GetProperty("attributes").GetProperty("importLevel").GetDecimal());

        var again = await ImportOkAsync(csv.ToString(), mapping, dryRun: false);

        Assert.Equal(9_950, again.GetProperty("imported").GetInt32());
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(9_950, again.GetProperty("updated").GetInt32());
        Assert.Equal(9_950, (await host.GetJsonAsync($"/api/audience/contacts?tag={tag}&take=1")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_happen_and_writes_nothing()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var existing = $"known-{run}@example.com";
        await host.CreateContactAsync(new { identities = new[] { new { kind = "email", value = existing } } });
        var csv = $"email,tags\n{existing},dry-{run}\nnew-{run}@example.com,dry-{run}\nnot-an-address,dry-{run}\n";

        var report = await ImportOkAsync(csv, mapping: null, dryRun: true);

        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(3, report.GetProperty("rows").GetInt32());
        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        Assert.Equal(1, report.GetProperty("created").GetInt32());
        Assert.Equal(1, report.GetProperty("updated").GetInt32());
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal(4, error.GetProperty("line").GetInt32());
        Assert.Equal("email", error.GetProperty("column").GetString());
        Assert.Equal(0, (await host.GetJsonAsync($"/api/audience/contacts?identityKind=email&identityValue=new-{run}@example.com")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await host.GetJsonAsync($"/api/audience/contacts?tag=dry-{run}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_quoted_field_with_a_comma_and_a_newline_parses_and_later_lines_keep_their_numbers()
    {
        await host.DefineAttributeAsync("importNote", "string");
        var run = Guid.NewGuid().ToString("N")[..8];
        var csv = $"email,attribute:importNote,tags\n\"quoted-{run}@example.com\",\"Hello, world\nsecond line\",vip;new\nbad@,x,\n";

        var report = await ImportOkAsync(csv, mapping: null, dryRun: false);

        Assert.Equal(1, report.GetProperty("imported").GetInt32());
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal(4, error.GetProperty("line").GetInt32());
        Assert.Equal("email", error.GetProperty("column").GetString());
        var contact = (await host.GetJsonAsync($"/api/audience/contacts?identityKind=email&identityValue=quoted-{run}@example.com")).GetProperty("items")[0];
        Assert.Equal("Hello, world\nsecond line", contact.GetProperty("attributes").GetProperty("importNote").GetString());
        Assert.Equal(["new", "vip"], contact.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task Line_numbers_count_blank_lines_and_either_line_ending(string newline)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var csv = string.Join(newline, "email,score", $"lines-{run}@example.com,1", "", $"lines2-{run}@example.com,many", "\"x\"\"y@\",2", "");

        var report = await ImportOkAsync(csv, mapping: null, dryRun: true);

        Assert.Equal(3, report.GetProperty("rows").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Equal([(4, "score"), (5, "email")], errors);
    }

    [Theory]
    [InlineData("{\"Mail\":\"mail\"}", "mapping.Mail")]
    [InlineData("{\"Mail\":\"email\",\"Plan\":\"attribute:noSuchAttribute\"}", "mapping.Plan")]
    [InlineData("{\"Mail\":\"email\",\"Missing\":\"phone\"}", "mapping.Missing")]
    [InlineData(null, "mapping.Mail")]
    public async Task A_bad_mapping_is_400_naming_the_column(string? mapping, string field)
    {
        var response = await PostAsync($"Mail,Plan\nbad-mapping-{Guid.NewGuid():N}@example.com,pro\n", mapping, dryRun: false);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_413()
    {
        var content = new MultipartFormDataContent { { new ByteArrayContent(new byte[21 * 1024 * 1024]), "file", "big.csv" } };

        var response = await host.Client.PostAsync(Url, content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _), problem.ToString());
    }

    private async Task<JsonElement> ImportOkAsync(string csv, Dictionary<string, string>? mapping, bool dryRun)
    {
        var response = await PostAsync(csv, mapping is null ? null : JsonSerializer.Serialize(mapping), dryRun);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private Task<HttpResponseMessage> PostAsync(string csv, string? mapping, bool dryRun)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var content = new MultipartFormDataContent { { file, "file", "contacts.csv" } };
        if (mapping is not null)
        {
            content.Add(new StringContent(mapping), "mapping");
        }

        return host.Client.PostAsync($"{Url}?dryRun={(dryRun ? "true" : "false")}", content);
    }
}
