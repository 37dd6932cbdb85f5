using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AutomationServer.Designer.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutomationServer.Designer.Tests;

public sealed partial class DesignerTests(DesignerFixture fixture) : IClassFixture<DesignerFixture>
{
    [Fact]
    public async Task A_journey_built_by_drag_and_drop_is_published_and_started_by_its_event()
    {
        var page = await fixture.SignedInPageAsync();
        var canvas = new CanvasDriver(page);
        var definitionId = await CreateJourneyAsync(page, "Order thanks");

        var trigger = await canvas.DropAsync("Elsa.Event", 120, 200);
        var decision = await canvas.DropAsync("Elsa.FlowDecision", 420, 200);
        var delay = await canvas.DropAsync("Elsa.Delay", 720, 120);
        var write = await canvas.DropAsync("Elsa.WriteLine", 1000, 120);
        await canvas.ConnectAsync(trigger, "Done", decision);
        await canvas.ConnectAsync(decision, "True", delay);
        await canvas.ConnectAsync(delay, "Done", write);
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(3);

        await canvas.SelectAsync(trigger);
        await page.GetByTestId("prop-eventName").FillAsync("designer_order");
        await canvas.SelectAsync(decision);
        await Expect(page.GetByTestId("syntax-condition")).ToHaveValueAsync("JavaScript");
        await page.GetByTestId("prop-condition").FillAsync("1 + 1 === 2");
        await canvas.SelectAsync(delay);
        await page.GetByTestId("prop-timeSpan").FillAsync("00:10:00");
        await canvas.SelectAsync(write);
        await page.GetByTestId("prop-text").FillAsync("Thank you");
        await canvas.ScreenshotAsync("built-journey");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.GetByTestId("editor-message")).ToContainTextAsync("Saved as version");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.GetByTestId("editor-message")).ToContainTextAsync("Published version");
        await Expect(page.GetByTestId("definition-status")).ToContainTextAsync("Published");
        await canvas.ScreenshotAsync("published-journey");

        var saved = await fixture.Server.SendJsonAsync(HttpMethod.Get, $"/api/definitions/{definitionId}");
        Assert.Equal("Published", saved.GetProperty("definition").GetProperty("status").GetString());
        var root = saved.GetProperty("document").GetProperty("root");
        var activities = root.GetProperty("activities").EnumerateArray().ToDictionary(a => a.GetProperty("id").GetString()!);
        Assert.Equal("Elsa.Event", activities[trigger].GetProperty("type").GetString());
        Assert.Equal("designer_order", activities[trigger].GetProperty("eventName").GetProperty("expression").GetProperty("value").GetString());
        Assert.Equal("JavaScript", activities[decision].GetProperty("condition").GetProperty("expression").GetProperty("type").GetString());
        Assert.Equal("1 + 1 === 2", activities[decision].GetProperty("condition").GetProperty("expression").GetProperty("value").GetString());
        Assert.Equal("Elsa.Delay", activities[delay].GetProperty("type").GetString());
        Assert.Equal("Elsa.WriteLine", activities[write].GetProperty("type").GetString());
        var connections = root.GetProperty("connections").EnumerateArray()
            .Select(c => $"{c.GetProperty("source").GetProperty("activity").GetString()}.{c.GetProperty("source").GetProperty("port").GetString()}->{c.GetProperty("target").GetProperty("activity").GetString()}")
            .Order().ToList();
        Assert.Equal(new[] { $"{trigger}.Done->{decision}", $"{decision}.True->{delay}", $"{delay}.Done->{write}" }.Order(), connections);

        await fixture.Server.SendJsonAsync(HttpMethod.Post, "/api/events", JsonSerializer.Serialize(new { name = "designer_order" }));
        var instances = await fixture.Server.SendJsonAsync(HttpMethod.Get, $"/api/instances?definitionId={definitionId}");
        Assert.Equal(1, instances.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_imported_Elsa_file_shows_its_nodes_at_their_saved_positions()
    {
        var page = await fixture.SignedInPageAsync();
        var canvas = new CanvasDriver(page);
        var file = Repository.TestAsset("workflows", "event-decision-delay-writeline.json");
        await fixture.Server.SendJsonAsync(HttpMethod.Delete, "/api/definitions/order-followup").ContinueWith(_ => { }, TaskScheduler.Default);

        await page.GetByTestId("import-file").SetInputFilesAsync(file);
        await page.WaitForURLAsync("**/journeys/order-followup");
        await Expect(canvas.Nodes).ToHaveCountAsync(5);
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(4);

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        foreach (var activity in document.RootElement.GetProperty("root").GetProperty("activities").EnumerateArray())
        {
            var position = activity.GetProperty("metadata").GetProperty("designer").GetProperty("position");
            var (x, y) = await PositionAsync(canvas.Node(activity.GetProperty("id").GetString()!));
            Assert.Equal(position.GetProperty("x").GetDouble(), x);
            Assert.Equal(position.GetProperty("y").GetDouble(), y);
        }

        await canvas.ScreenshotAsync("imported-journey");
    }

    [Fact]
    public async Task Undo_and_redo_revert_and_repeat_adding_connecting_and_deleting()
    {
        var page = await fixture.SignedInPageAsync();
        var canvas = new CanvasDriver(page);
        await CreateJourneyAsync(page, "Undo journey");

        var first = await canvas.DropAsync("Elsa.Event", 150, 150);
        var second = await canvas.DropAsync("Elsa.WriteLine", 500, 150);
        await canvas.ConnectAsync(first, "Done", second);
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(1);

        await page.Keyboard.PressAsync("Control+z");
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Control+z");
        await Expect(canvas.Nodes).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Control+y");
        await Expect(canvas.Nodes).ToHaveCountAsync(2);
        await page.Keyboard.PressAsync("Control+y");
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(1);

        await canvas.SelectAsync(second);
        await page.Keyboard.PressAsync("Delete");
        await Expect(canvas.Nodes).ToHaveCountAsync(1);
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Control+z");
        await Expect(canvas.Node(second)).ToBeVisibleAsync();
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(1);
        await canvas.ScreenshotAsync("undo-redo");
    }

    [Fact]
    public async Task A_validation_error_is_shown_on_the_node_it_concerns()
    {
        var page = await fixture.SignedInPageAsync();
        var canvas = new CanvasDriver(page);
        await CreateJourneyAsync(page, "Invalid journey");

        var trigger = await canvas.DropAsync("Elsa.Event", 150, 150);
        var decision = await canvas.DropAsync("Elsa.FlowDecision", 500, 150);
        await canvas.SelectAsync(trigger);
        await page.GetByTestId("prop-eventName").FillAsync("anything");

        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(canvas.Node(decision).Locator(".activity-node")).ToHaveClassAsync(new Regex("has-problems"));
        await Expect(canvas.Node(decision).Locator(".node-problems")).ToContainTextAsync("required");
        await Expect(canvas.Node(trigger).Locator(".activity-node")).Not.ToHaveClassAsync(new Regex("has-problems"));
        await canvas.ScreenshotAsync("validation-error");
    }

    private static async Task<string> CreateJourneyAsync(IPage page, string name)
    {
        await page.GetByLabel("New journey name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.WaitForURLAsync("**/journeys/*");
        await Expect(page.GetByLabel("Journey name")).ToHaveValueAsync(name);
        return Uri.UnescapeDataString(new Uri(page.Url).Segments[^1]);
    }

    private static async Task<(double X, double Y)> PositionAsync(ILocator node)
    {
        var style = await node.GetAttributeAsync("style") ?? "";
        var match = TranslatePattern().Match(style);
        Assert.True(match.Success, $"No translate() in the node's style: {style}");
        return (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"translate\((-?[\d.]+)px, (-?[\d.]+)px\)")]
    private static partial Regex TranslatePattern();
}
