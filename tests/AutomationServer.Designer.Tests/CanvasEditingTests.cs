using System.Text.Json;
using System.Text.Json.Nodes;
using AutomationServer.Designer.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutomationServer.Designer.Tests;

public sealed class CanvasEditingTests(DesignerFixture fixture) : IClassFixture<DesignerFixture>
{
    [Fact]
    public async Task Two_selected_nodes_are_pasted_into_another_journey_with_their_connection()
    {
        var (page, canvas) = await OpenPageAsync();
        var source = await CreateAsync(new JourneyDocument(NewId("copy-source"), "Copy source")
            .Activity("trigger", "Elsa.Event", 0, 0, new() { ["eventName"] = JourneyDocument.Literal("String", "signup") })
            .Activity("greet", "Elsa.WriteLine", 300, 0, new() { ["text"] = JourneyDocument.Literal("String", "Welcome") })
            .Activity("wait", "Elsa.Delay", 600, 0)
            .Connect("trigger", "Done", "greet")
            .Connect("greet", "Done", "wait"));
        var target = await CreateAsync(new JourneyDocument(NewId("copy-target"), "Copy target")
            .Activity("existing", "Elsa.WriteLine", 0, 0));

        await canvas.OpenAsync(source, 3);
        await canvas.SelectAsync("trigger");
        await canvas.AddToSelectionAsync("greet");
        await Expect(canvas.SelectedNodes).ToHaveCountAsync(2);
        await page.Keyboard.PressAsync("Control+c");

        await canvas.OpenAsync(target, 1);
        await page.Keyboard.PressAsync("Control+v");
        await Expect(canvas.Nodes).ToHaveCountAsync(3);
        await Expect(canvas.Edges).ToHaveCountAsync(1);
        await Expect(canvas.SelectedNodes).ToHaveCountAsync(2);
        await canvas.ScreenshotAsync("pasted-into-another-journey");
        await canvas.SaveAsync();

        var root = (await fixture.Server.SendJsonAsync(HttpMethod.Get, $"/api/definitions/{target}")).GetProperty("document").GetProperty("root");
        var pasted = root.GetProperty("activities").EnumerateArray().Where(a => a.GetProperty("id").GetString() != "existing").ToList();
        Assert.Equal(["Elsa.Event", "Elsa.WriteLine"], pasted.Select(a => a.GetProperty("type").GetString()).Order());
        Assert.DoesNotContain(pasted, a => a.GetProperty("id").GetString() is "trigger" or "greet");
        var greet = pasted.Single(a => a.GetProperty("type").GetString() == "Elsa.WriteLine");
        Assert.Equal("Welcome", greet.GetProperty("text").GetProperty("expression").GetProperty("value").GetString());
        var connection = root.GetProperty("connections").EnumerateArray().Single();
        Assert.Equal(pasted.Single(a => a.GetProperty("type").GetString() == "Elsa.Event").GetProperty("id").GetString(), connection.GetProperty("source").GetProperty("activity").GetString());
        Assert.Equal("Done", connection.GetProperty("source").GetProperty("port").GetString());
        Assert.Equal(greet.GetProperty("id").GetString(), connection.GetProperty("target").GetProperty("activity").GetString());

        // Pasted again: a second copy, shifted further, with fresh ids again.
        await page.Keyboard.PressAsync("Control+v");
        await Expect(canvas.Nodes).ToHaveCountAsync(5);
        await Expect(canvas.Edges).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Pasting_foreign_or_damaged_clipboard_text_changes_nothing()
    {
        var (page, canvas) = await OpenPageAsync();
        var id = await CreateAsync(new JourneyDocument(NewId("foreign"), "Foreign paste").Activity("only", "Elsa.WriteLine", 0, 0));
        await canvas.OpenAsync(id, 1);

        string[] texts =
        [
            "just some text",
            "{\"type\":\"automationserver/designer-nodes\",\"version\":1,\"activities\":[{\"id\":1}],\"connections\":[]}",
            "{\"type\":\"automationserver/designer-nodes\",\"version\":1,\"activities\":[{\"id\":\"a\",\"type\":\"Elsa.WriteLine\"}],\"connections\":[{\"source\":null}]}",
            "{\"type\":\"automationserver/designer-nodes\", broken",
        ];
        foreach (var text in texts)
        {
            await page.EvaluateAsync("t => navigator.clipboard.writeText(t)", text);
            await page.Keyboard.PressAsync("Control+v");
            await page.WaitForTimeoutAsync(200);
            await Expect(canvas.Nodes).ToHaveCountAsync(1);
        }

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Undo" })).ToBeDisabledAsync();
    }

    [Fact]
    public async Task Cut_removes_a_box_selected_pair_with_its_edges_and_one_undo_restores_it()
    {
        var (page, canvas) = await OpenPageAsync();
        var id = await CreateAsync(new JourneyDocument(NewId("cut"), "Cut journey")
            .Activity("first", "Elsa.Event", 0, 0, new() { ["eventName"] = JourneyDocument.Literal("String", "cut") })
            .Activity("second", "Elsa.WriteLine", 300, 0)
            .Activity("third", "Elsa.WriteLine", 600, 250)
            .Connect("first", "Done", "second")
            .Connect("second", "Done", "third"));
        await canvas.OpenAsync(id, 3);
        var before = await canvas.NodeTransformsAsync();

        var boxes = await canvas.NodeBoxesAsync();
        var left = Math.Min(boxes["first"].X, boxes["second"].X) - 20;
        var top = Math.Min(boxes["first"].Y, boxes["second"].Y) - 20;
        var right = Math.Max(boxes["first"].X + boxes["first"].Width, boxes["second"].X + boxes["second"].Width) + 20;
        var bottom = Math.Max(boxes["first"].Y + boxes["first"].Height, boxes["second"].Y + boxes["second"].Height) + 20;
        await canvas.BoxSelectAsync((float)left, (float)top, (float)right, (float)bottom);
        await Expect(canvas.SelectedNodes).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("selection-count")).ToContainTextAsync("2 nodes selected");

        await page.Keyboard.PressAsync("Control+x");
        await Expect(canvas.Nodes).ToHaveCountAsync(1);
        await Expect(canvas.Edges).ToHaveCountAsync(0);
        await canvas.ScreenshotAsync("cut");

        await page.Keyboard.PressAsync("Control+z");
        await Expect(canvas.Nodes).ToHaveCountAsync(3);
        await Expect(canvas.Edges).ToHaveCountAsync(2);
        Assert.Equal(before, await canvas.NodeTransformsAsync());

        // What was cut is on the clipboard: pasting brings the pair (and their edge) back as new nodes.
        await page.Keyboard.PressAsync("Control+y");
        await Expect(canvas.Nodes).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Control+v");
        await Expect(canvas.Nodes).ToHaveCountAsync(3);
        await Expect(canvas.Edges).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Duplicate_select_all_nudge_and_delete_are_each_one_undo_step()
    {
        var (page, canvas) = await OpenPageAsync();
        var id = await CreateAsync(new JourneyDocument(NewId("duplicate"), "Duplicate journey")
            .Activity("one", "Elsa.WriteLine", 0, 0)
            .Activity("two", "Elsa.WriteLine", 300, 0)
            .Connect("one", "Done", "two"));
        await canvas.OpenAsync(id, 2);

        await canvas.SelectAsync("one");
        await page.Keyboard.PressAsync("Control+d");
        await Expect(canvas.Nodes).ToHaveCountAsync(3);
        var copy = (await canvas.NodeIdsAsync()).Except(["one", "two"]).Single();
        await Expect(canvas.Node(copy)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("selected"));
        var original = (await canvas.Node("one").BoundingBoxAsync())!;
        var duplicate = (await canvas.Node(copy).BoundingBoxAsync())!;
        Assert.True(duplicate.X > original.X && duplicate.Y > original.Y, "The duplicate is placed below and right of its original.");
        await canvas.ScreenshotAsync("duplicate");

        await page.Keyboard.PressAsync("Control+a");
        await Expect(canvas.SelectedNodes).ToHaveCountAsync(3);
        var beforeNudge = await canvas.NodeTransformsAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.NotEqual(beforeNudge, await canvas.NodeTransformsAsync());
        await page.Keyboard.PressAsync("Control+z");
        Assert.Equal(beforeNudge, await canvas.NodeTransformsAsync());

        await page.Keyboard.PressAsync("Escape");
        await Expect(canvas.SelectedNodes).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Control+a");
        await page.Keyboard.PressAsync("Backspace");
        await Expect(canvas.Nodes).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Control+z");
        await Expect(canvas.Nodes).ToHaveCountAsync(3);
        await Expect(canvas.Edges).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Control+z");
        await Expect(canvas.Nodes).ToHaveCountAsync(2);

        // Shortcuts never act while the user types in a field.
        await page.GetByLabel("Journey name").FocusAsync();
        await page.Keyboard.PressAsync("Control+a");
        await page.Keyboard.PressAsync("Backspace");
        await Expect(canvas.Nodes).ToHaveCountAsync(2);
        await Expect(page.GetByLabel("Journey name")).ToHaveValueAsync("");
    }

    [Fact]
    public async Task Auto_layout_moves_overlapping_nodes_apart_and_undo_puts_them_back()
    {
        var (page, canvas) = await OpenPageAsync();
        var document = new JourneyDocument(NewId("layout"), "Layout journey")
            .Activity("start", "Elsa.Event", 0, 0, new() { ["eventName"] = JourneyDocument.Literal("String", "layout") })
            .Activity("decide", "Elsa.FlowDecision", 10, 10)
            .Activity("yes", "Elsa.WriteLine", 20, 20)
            .Activity("no", "Elsa.WriteLine", 30, 30)
            .Activity("after", "Elsa.Delay", 40, 40)
            .Connect("start", "Done", "decide")
            .Connect("decide", "True", "yes")
            .Connect("decide", "False", "no")
            .Connect("yes", "Done", "after");
        var id = await CreateAsync(document);
        await canvas.OpenAsync(id, 5);
        Assert.NotEmpty(Overlaps(await canvas.NodeBoxesAsync()));
        var before = await canvas.NodeTransformsAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Auto-layout" }).ClickAsync();
        await page.WaitForTimeoutAsync(300);
        var laidOut = await canvas.NodeBoxesAsync();
        Assert.Empty(Overlaps(laidOut));
        Assert.True(laidOut["start"].X < laidOut["decide"].X && laidOut["decide"].X < laidOut["yes"].X && laidOut["yes"].X < laidOut["after"].X,
            "Layers run left to right along the connections.");
        await canvas.ScreenshotAsync("auto-layout");

        await page.Keyboard.PressAsync("Control+z");
        Assert.Equal(before, await canvas.NodeTransformsAsync());
        await page.Keyboard.PressAsync("Shift+L");
        await page.WaitForTimeoutAsync(300);
        Assert.Empty(Overlaps(await canvas.NodeBoxesAsync()));
    }

    [Fact]
    public async Task A_switch_shows_a_port_per_case_and_Default_and_a_case_edge_survives_save_and_reload()
    {
        var (page, canvas) = await OpenPageAsync();
        var cases = new JsonArray(
            new JsonObject { ["label"] = "High", ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "true" } },
            new JsonObject { ["label"] = "Low", ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "false" } });
        var id = await CreateAsync(new JourneyDocument(NewId("switch"), "Switch journey")
            .Activity("switch", "Elsa.FlowSwitch", 0, 0, new() { ["cases"] = cases, ["mode"] = JourneyDocument.Literal("String", "MatchFirst") })
            .Activity("high", "Elsa.WriteLine", 400, -100)
            .Activity("other", "Elsa.WriteLine", 400, 150)
            .Connect("switch", "Default", "other"));
        await canvas.OpenAsync(id, 3);

        await Expect(canvas.SourcePorts("switch")).ToHaveCountAsync(3);
        Assert.Equal(["High", "Low", "Default"], await canvas.SourcePorts("switch").EvaluateAllAsync<string[]>("hs => hs.map(h => h.dataset.handleid)"));
        await canvas.ConnectAsync("switch", "High", "high");
        await Expect(canvas.Edges).ToHaveCountAsync(2);
        await canvas.SaveAsync();

        await page.ReloadAsync();
        await Expect(canvas.Nodes).ToHaveCountAsync(3);
        await Expect(canvas.Edges).ToHaveCountAsync(2);
        await Expect(page.Locator(".react-flow__edge[data-id=\"switch:High->high\"]")).ToHaveCountAsync(1);
        await canvas.ScreenshotAsync("switch-ports");

        var root = (await fixture.Server.SendJsonAsync(HttpMethod.Get, $"/api/definitions/{id}")).GetProperty("document").GetProperty("root");
        var ports = root.GetProperty("connections").EnumerateArray()
            .Where(c => c.GetProperty("source").GetProperty("activity").GetString() == "switch")
            .Select(c => c.GetProperty("source").GetProperty("port").GetString() + "->" + c.GetProperty("target").GetProperty("activity").GetString())
            .Order();
        Assert.Equal(["Default->other", "High->high"], ports);
        var savedCases = root.GetProperty("activities").EnumerateArray().Single(a => a.GetProperty("id").GetString() == "switch").GetProperty("cases");
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(cases.ToJsonString()).RootElement, savedCases), "The cases are saved as Elsa stores them.");
    }

    [Fact]
    public async Task An_unknown_activity_type_is_shown_as_such_and_saved_back_unchanged()
    {
        var (page, canvas) = await OpenPageAsync();
        var unknown = new JsonObject
        {
            ["recipientList"] = JourneyDocument.Literal("String", "vip"),
            ["retries"] = 3,
            ["settings"] = new JsonObject { ["nested"] = new JsonArray(1, 2, 3) },
        };
        var id = await CreateAsync(new JourneyDocument(NewId("unknown"), "Unknown journey")
            .Activity("trigger", "Elsa.Event", 0, 0, new() { ["eventName"] = JourneyDocument.Literal("String", "unknown") })
            .Activity("mystery", "Acme.NotInstalled.SendFax", 300, 0, unknown)
            .Activity("after", "Elsa.WriteLine", 650, 0)
            .Connect("trigger", "Done", "mystery")
            .Connect("mystery", "Faxed", "after"));
        var stored = (await fixture.Server.SendJsonAsync(HttpMethod.Get, $"/api/definitions/{id}")).GetProperty("document").GetProperty("root");

        await canvas.OpenAsync(id, 3);
        var node = canvas.Node("mystery");
        await Expect(node.Locator(".activity-node.unknown")).ToBeVisibleAsync();
        await Expect(node).ToContainTextAsync("Unknown activity");
        await Expect(node).ToContainTextAsync("Acme.NotInstalled.SendFax");
        Assert.Equal(["Faxed"], await canvas.SourcePorts("mystery").EvaluateAllAsync<string[]>("hs => hs.map(h => h.dataset.handleid)"));
        await Expect(canvas.Edges).ToHaveCountAsync(2);
        await canvas.SelectAsync("mystery");
        await canvas.ScreenshotAsync("unknown-activity");

        await canvas.SaveAsync();
        var saved = (await fixture.Server.SendJsonAsync(HttpMethod.Get, $"/api/definitions/{id}")).GetProperty("document").GetProperty("root");
        Assert.True(JsonElement.DeepEquals(Activity(stored, "mystery"), Activity(saved, "mystery")),
            $"The unknown activity changed: {Activity(stored, "mystery")} became {Activity(saved, "mystery")}");
        Assert.Equal(Connections(stored), Connections(saved));
    }

    private async Task<(IPage Page, CanvasDriver Canvas)> OpenPageAsync()
    {
        var page = await fixture.SignedInPageAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        return (page, new CanvasDriver(page));
    }

    private async Task<string> CreateAsync(JourneyDocument document)
    {
        var created = await fixture.Server.SendJsonAsync(HttpMethod.Post, "/api/definitions", document.ToJson());
        return created.GetProperty("definition").GetProperty("definitionId").GetString()!;
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private static JsonElement Activity(JsonElement root, string id) =>
        root.GetProperty("activities").EnumerateArray().Single(a => a.GetProperty("id").GetString() == id);

    private static List<string> Connections(JsonElement root) =>
        root.GetProperty("connections").EnumerateArray()
            .Select(c => $"{c.GetProperty("source").GetProperty("activity")}.{c.GetProperty("source").GetProperty("port")}->{c.GetProperty("target").GetProperty("activity")}.{c.GetProperty("target").GetProperty("port")}")
            .Order().ToList();

    private static List<string> Overlaps(IReadOnlyDictionary<string, LocatorBoundingBoxResult> boxes)
    {
        var overlaps = new List<string>();
        var list = boxes.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            for (var j = i + 1; j < list.Count; j++)
            {
                var (a, b) = (list[i].Value, list[j].Value);
                if (a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height)
                {
                    overlaps.Add($"{list[i].Key} overlaps {list[j].Key}");
                }
            }
        }

        return overlaps;
    }
}
