using System.Text.Json;
using System.Text.RegularExpressions;
using AutomationServer.Designer.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutomationServer.Designer.Tests;

public sealed class PropertyPanelTests(DesignerFixture fixture) : IClassFixture<DesignerFixture>
{
    [Fact]
    public async Task A_delay_set_in_days_hours_and_minutes_is_stored_as_a_TimeSpan_and_reads_back()
    {
        var page = await fixture.SignedInPageAsync();
        var (canvas, journey) = (new CanvasDriver(page), new JourneyPage(page, fixture.Server));
        var definitionId = await journey.CreateAsync("Friendly delay");
        var delay = await canvas.DropAsync("Elsa.Delay", 200, 200);

        await canvas.SelectAsync(delay);
        await page.GetByTestId("prop-timeSpan-days").FillAsync("2");
        await page.GetByTestId("prop-timeSpan-hours").FillAsync("3");
        await page.GetByTestId("prop-timeSpan-minutes").FillAsync("90");
        await Expect(page.GetByTestId("prop-timeSpan")).ToHaveValueAsync("2.04:30:00");

        await page.GetByTestId("prop-timeSpan").FillAsync("three days");
        await Expect(page.GetByTestId("prop-timeSpan-error")).ToContainTextAsync("d.hh:mm:ss");
        await canvas.ScreenshotAsync("duration-invalid");
        await page.GetByTestId("prop-timeSpan").FillAsync("2.04:30:00");
        await Expect(page.GetByTestId("prop-timeSpan-error")).ToHaveCountAsync(0);
        await journey.SaveAsync();

        var stored = (await journey.StoredActivityAsync(definitionId, delay)).GetProperty("timeSpan");
        Assert.Equal("TimeSpan", stored.GetProperty("typeName").GetString());
        Assert.Equal("Literal", stored.GetProperty("expression").GetProperty("type").GetString());
        Assert.Equal("2.04:30:00", stored.GetProperty("expression").GetProperty("value").GetString());

        await page.ReloadAsync();
        await canvas.SelectAsync(delay);
        await Expect(page.GetByTestId("prop-timeSpan-days")).ToHaveValueAsync("2");
        await Expect(page.GetByTestId("prop-timeSpan-hours")).ToHaveValueAsync("4");
        await Expect(page.GetByTestId("prop-timeSpan-minutes")).ToHaveValueAsync("30");
        await canvas.ScreenshotAsync("duration-read-back");
    }

    [Fact]
    public async Task A_JavaScript_condition_typed_in_the_code_editor_is_highlighted_and_saved_as_JavaScript()
    {
        var page = await fixture.SignedInPageAsync();
        var (canvas, journey) = (new CanvasDriver(page), new JourneyPage(page, fixture.Server));
        var definitionId = await journey.CreateAsync("Code condition");
        var decision = await canvas.DropAsync("Elsa.FlowDecision", 200, 200);

        await canvas.SelectAsync(decision);
        await Expect(page.GetByTestId("syntax-condition")).ToHaveValueAsync("JavaScript");
        var code = page.GetByTestId("prop-condition");
        await code.FillAsync("getVariable('score') > 10 && true");
        await Expect(code).ToHaveAttributeAsync("contenteditable", "true");
        await Expect(code).ToHaveAttributeAsync("data-language", "javascript");
        // Highlighting splits the text into styled tokens: the string literal is one of them.
        await Expect(code.Locator("span", new() { HasText = "'score'" })).ToHaveCountAsync(1);
        await canvas.ScreenshotAsync("javascript-condition");
        await journey.SaveAsync();

        var condition = (await journey.StoredActivityAsync(definitionId, decision)).GetProperty("condition").GetProperty("expression");
        Assert.Equal("JavaScript", condition.GetProperty("type").GetString());
        Assert.Equal("getVariable('score') > 10 && true", condition.GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_Liquid_text_is_saved_as_Liquid()
    {
        var page = await fixture.SignedInPageAsync();
        var (canvas, journey) = (new CanvasDriver(page), new JourneyPage(page, fixture.Server));
        var definitionId = await journey.CreateAsync("Liquid text");
        var write = await canvas.DropAsync("Elsa.WriteLine", 200, 200);

        await canvas.SelectAsync(write);
        await page.GetByTestId("syntax-text").SelectOptionAsync("Liquid");
        var code = page.GetByTestId("prop-text");
        await Expect(code).ToHaveAttributeAsync("data-language", "liquid");
        await code.FillAsync("Hello {{ Variables.FirstName | upcase }}");
        await canvas.ScreenshotAsync("liquid-text");
        await journey.SaveAsync();

        var text = (await journey.StoredActivityAsync(definitionId, write)).GetProperty("text").GetProperty("expression");
        Assert.Equal("Liquid", text.GetProperty("type").GetString());
        Assert.Equal("Hello {{ Variables.FirstName | upcase }}", text.GetProperty("value").GetString());
    }

    [Fact]
    public async Task The_segment_picker_offers_a_segment_created_through_the_API_and_saves_the_choice()
    {
        var segmentId = "vip-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Server.SendJsonAsync(HttpMethod.Post, "/api/segments",
            JsonSerializer.Serialize(new { id = segmentId, name = "Very important", definition = new { score = new { op = "gte", value = 50 } } }));
        var page = await fixture.SignedInPageAsync();
        var (canvas, journey) = (new CanvasDriver(page), new JourneyPage(page, fixture.Server));
        var definitionId = await journey.CreateAsync("Segment picker");
        var trigger = await canvas.DropAsync("Audience.SegmentEntered", 200, 200);

        await canvas.SelectAsync(trigger);
        await page.GetByTestId("prop-segmentId").ClickAsync();
        var option = page.GetByTestId($"prop-segmentId-option-{segmentId}");
        await Expect(option).ToContainTextAsync("Very important");
        await canvas.ScreenshotAsync("segment-picker");
        await option.ClickAsync();
        await Expect(page.GetByTestId("prop-segmentId")).ToHaveValueAsync(segmentId);
        await journey.SaveAsync();

        var stored = (await journey.StoredActivityAsync(definitionId, trigger)).GetProperty("segmentId").GetProperty("expression");
        Assert.Equal("Literal", stored.GetProperty("type").GetString());
        Assert.Equal(segmentId, stored.GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_variable_added_in_the_panel_is_saved_and_chosen_in_a_SetVariable_node()
    {
        var page = await fixture.SignedInPageAsync();
        var (canvas, journey) = (new CanvasDriver(page), new JourneyPage(page, fixture.Server));
        var definitionId = await journey.CreateAsync("Variables");

        await page.GetByTestId("add-variable").ClickAsync();
        await page.GetByTestId("variable-name-0").FillAsync("Greeting");
        await page.GetByTestId("variable-type-0").SelectOptionAsync("String");
        await page.GetByTestId("variable-value-0").FillAsync("Hello");
        var set = await canvas.DropAsync("Elsa.SetVariable", 200, 200);
        await canvas.SelectAsync(set);
        await page.GetByTestId("prop-variable").SelectOptionAsync(new SelectOptionValue { Label = "Greeting" });
        await page.GetByTestId("prop-value").FillAsync("Welcome back");
        await canvas.ScreenshotAsync("set-variable");
        await journey.SaveAsync();

        var document = await journey.StoredDocumentAsync(definitionId);
        var variable = Assert.Single(document.GetProperty("variables").EnumerateArray());
        Assert.Equal("Greeting", variable.GetProperty("name").GetString());
        Assert.Equal("String", variable.GetProperty("typeName").GetString());
        Assert.Equal("Hello", variable.GetProperty("value").GetString());
        var chosen = (await journey.StoredActivityAsync(definitionId, set)).GetProperty("variable");
        Assert.Equal(variable.GetProperty("id").GetString(), chosen.GetProperty("id").GetString());
        Assert.Equal("Greeting", chosen.GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_empty_required_input_is_flagged_on_its_node_and_field_before_publish_until_it_is_filled()
    {
        var page = await fixture.SignedInPageAsync();
        var (canvas, journey) = (new CanvasDriver(page), new JourneyPage(page, fixture.Server));
        await journey.CreateAsync("Live validation");
        var trigger = await canvas.DropAsync("Elsa.Event", 150, 200);
        var delay = await canvas.DropAsync("Elsa.Delay", 500, 200);
        await canvas.ConnectAsync(trigger, "Done", delay);
        await canvas.SelectAsync(trigger);
        await page.GetByTestId("prop-eventName").FillAsync("live_check");

        // No Validate click: the server is asked after each edit.
        var badge = canvas.Node(delay).GetByTestId("problem-badge");
        await Expect(badge).ToHaveTextAsync("1");
        await Expect(canvas.Node(delay).Locator(".activity-node")).ToHaveClassAsync(new Regex("has-problems"));
        await Expect(canvas.Node(trigger).GetByTestId("problem-badge")).ToHaveCountAsync(0);
        await canvas.SelectAsync(delay);
        await Expect(page.GetByTestId("problem-timeSpan")).ToContainTextAsync("required");
        await canvas.ScreenshotAsync("live-validation-error");

        await page.GetByTestId("prop-timeSpan-minutes").FillAsync("15");
        await Expect(badge).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("problem-timeSpan")).ToHaveCountAsync(0);
        await Expect(canvas.Node(delay).Locator(".activity-node")).Not.ToHaveClassAsync(new Regex("has-problems"));
        await canvas.ScreenshotAsync("live-validation-fixed");
    }

    [Fact]
    public async Task A_start_time_picked_in_a_time_zone_is_stored_with_that_zones_offset()
    {
        var page = await fixture.SignedInPageAsync();
        var (canvas, journey) = (new CanvasDriver(page), new JourneyPage(page, fixture.Server));
        var definitionId = await journey.CreateAsync("Zoned start");
        var start = await canvas.DropAsync("Elsa.StartAt", 200, 200);

        await canvas.SelectAsync(start);
        await page.GetByTestId("prop-dateTime-zone").SelectOptionAsync("Europe/Paris");
        await page.GetByTestId("prop-dateTime").FillAsync("2031-07-01T09:00");
        await Expect(page.GetByTestId("prop-dateTime-iso")).ToHaveTextAsync("2031-07-01T09:00:00+02:00");
        await page.GetByTestId("prop-dateTime-zone").SelectOptionAsync("America/New_York");
        await Expect(page.GetByTestId("prop-dateTime-iso")).ToHaveTextAsync("2031-07-01T09:00:00-04:00");
        await journey.SaveAsync();

        var stored = (await journey.StoredActivityAsync(definitionId, start)).GetProperty("dateTime").GetProperty("expression");
        Assert.Equal("2031-07-01T09:00:00-04:00", stored.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Switch_cases_edited_in_the_panel_become_ports_and_are_stored_as_Elsa_writes_them()
    {
        var page = await fixture.SignedInPageAsync();
        var (canvas, journey) = (new CanvasDriver(page), new JourneyPage(page, fixture.Server));
        var definitionId = await journey.CreateAsync("Switch cases");
        var @switch = await canvas.DropAsync("Elsa.FlowSwitch", 200, 200);

        await canvas.SelectAsync(@switch);
        await page.GetByTestId("prop-cases-add").ClickAsync();
        await page.GetByTestId("prop-cases-label-0").FillAsync("High");
        await page.GetByTestId("prop-cases-condition-0").FillAsync("getInput('risk') > 0.7");
        await Expect(canvas.Node(@switch).Locator(".react-flow__handle.source[data-handleid=\"High\"]")).ToHaveCountAsync(1);
        var write = await canvas.DropAsync("Elsa.WriteLine", 600, 200);
        await canvas.ConnectAsync(@switch, "High", write);
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(1);
        await canvas.ScreenshotAsync("switch-cases");
        await journey.SaveAsync();

        var document = await journey.StoredDocumentAsync(definitionId);
        var stored = document.GetProperty("root").GetProperty("activities").EnumerateArray().Single(a => a.GetProperty("id").GetString() == @switch);
        var single = Assert.Single(stored.GetProperty("cases").EnumerateArray());
        Assert.Equal("High", single.GetProperty("label").GetString());
        Assert.Equal("JavaScript", single.GetProperty("condition").GetProperty("type").GetString());
        Assert.Equal("getInput('risk') > 0.7", single.GetProperty("condition").GetProperty("value").GetString());
        var connection = Assert.Single(document.GetProperty("root").GetProperty("connections").EnumerateArray());
        Assert.Equal("High", connection.GetProperty("source").GetProperty("port").GetString());
    }
}
