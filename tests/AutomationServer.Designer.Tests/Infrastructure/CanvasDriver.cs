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
        await page.Locator($".palette-item[data-type-name=\"{typeName}\"]").DragToAsync(page.Locator(".react-flow__pane"), new() { TargetPosition = new() { X = x, Y = y } });
        await Assertions.Expect(Nodes).ToHaveCountAsync(before.Count + 1);
        return (await NodeIdsAsync()).Except(before).Single();
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
