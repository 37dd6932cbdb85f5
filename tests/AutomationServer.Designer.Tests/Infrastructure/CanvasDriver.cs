using Microsoft.Playwright;

namespace AutomationServer.Designer.Tests.Infrastructure;

/// <summary>What a user does on the designer's canvas, as Playwright steps.</summary>
public sealed class CanvasDriver(IPage page)
{
    public ILocator Nodes => page.Locator(".react-flow__node");

    public ILocator Node(string id) => page.Locator($".react-flow__node[data-id=\"{id}\"]");

    /// <summary>Drags a palette entry onto the canvas at a point relative to the canvas; returns the new node's id.</summary>
    public async Task<string> DropAsync(string typeName, float x, float y)
    {
        var before = await NodeIdsAsync();
        var pane = page.Locator(".react-flow__pane");
        await page.Locator($".palette-item[data-type-name=\"{typeName}\"]").DragToAsync(pane, new() { TargetPosition = new() { X = x, Y = y } });
        await Assertions.Expect(Nodes).ToHaveCountAsync(before.Count + 1);
        var id = (await NodeIdsAsync()).Except(before).Single();

        // The node's corner lands where it was dropped, and stays there (the canvas must not move under the user).
        await page.WaitForTimeoutAsync(300);
        var paneBox = (await pane.BoundingBoxAsync())!;
        var nodeBox = (await Node(id).BoundingBoxAsync())!;
        Assert.True(Math.Abs(nodeBox.X - (paneBox.X + x)) < 10 && Math.Abs(nodeBox.Y - (paneBox.Y + y)) < 10,
            $"{typeName} was dropped at ({x}, {y}) on the canvas but shows at ({nodeBox.X - paneBox.X}, {nodeBox.Y - paneBox.Y}).");
        return id;
    }

    public async Task ConnectAsync(string sourceId, string port, string targetId)
    {
        var source = Node(sourceId).Locator($".react-flow__handle.source[data-handleid=\"{port}\"]");
        var target = Node(targetId).Locator(".react-flow__handle.target");
        await source.DragToAsync(target);
    }

    public async Task SelectAsync(string id) => await Node(id).Locator(".activity-title").ClickAsync();

    /// <summary>Ctrl+click: adds a node to the selection.</summary>
    public async Task AddToSelectionAsync(string id) =>
        await Node(id).Locator(".activity-title").ClickAsync(new() { Modifiers = [KeyboardModifier.Control] });

    public ILocator SelectedNodes => page.Locator(".react-flow__node.selected");

    public ILocator Edges => page.Locator(".react-flow__edge");

    public ILocator SourcePorts(string id) => Node(id).Locator(".react-flow__handle.source");

    /// <summary>Opens a journey's editor and waits until its nodes are drawn.</summary>
    public async Task OpenAsync(string definitionId, int expectedNodes)
    {
        await page.GotoAsync($"/journeys/{Uri.EscapeDataString(definitionId)}");
        await Assertions.Expect(page.GetByLabel("Journey name")).ToBeVisibleAsync();
        await Assertions.Expect(Nodes).ToHaveCountAsync(expectedNodes);
        // The view fits the journey once its nodes are measured; let it settle before measuring positions.
        await page.WaitForTimeoutAsync(300);
    }

    public async Task SaveAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("editor-message")).ToContainTextAsync("Saved as version");
    }

    /// <summary>Each node's box on screen, by id.</summary>
    public async Task<IReadOnlyDictionary<string, LocatorBoundingBoxResult>> NodeBoxesAsync()
    {
        var boxes = new Dictionary<string, LocatorBoundingBoxResult>();
        foreach (var node in await Nodes.AllAsync())
        {
            boxes[await node.GetAttributeAsync("data-id") ?? ""] = (await node.BoundingBoxAsync())!;
        }

        return boxes;
    }

    /// <summary>Each node's canvas position (its transform), by id: what undo must restore exactly.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NodeTransformsAsync()
    {
        var transforms = new Dictionary<string, string>();
        foreach (var node in await Nodes.AllAsync())
        {
            transforms[await node.GetAttributeAsync("data-id") ?? ""] = await node.EvaluateAsync<string>("n => n.style.transform");
        }

        return transforms;
    }

    /// <summary>Shift-drags a selection box over the pane from one page point to another.</summary>
    public async Task BoxSelectAsync(float fromX, float fromY, float toX, float toY)
    {
        await page.Keyboard.DownAsync("Shift");
        await page.Mouse.MoveAsync(fromX, fromY);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((fromX + toX) / 2, (fromY + toY) / 2, new() { Steps = 5 });
        await page.Mouse.MoveAsync(toX, toY, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        await page.Keyboard.UpAsync("Shift");
    }

    public async Task<IReadOnlyList<string>> NodeIdsAsync()
    {
        var ids = new List<string>();
        foreach (var node in await Nodes.AllAsync())
        {
            ids.Add(await node.GetAttributeAsync("data-id") ?? "");
        }

        return ids;
    }

    public Task ScreenshotAsync(string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(DesignerFixture.ArtifactsDirectory, name + ".png"), FullPage = true });
}
