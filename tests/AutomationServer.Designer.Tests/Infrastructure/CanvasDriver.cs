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
