using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutomationServer.Designer.Tests.Infrastructure;

/// <summary>Steps around the canvas: creating a journey, saving it, and reading back what the server stored.</summary>
public sealed class JourneyPage(IPage page, ServerProcess server)
{
    public async Task<string> CreateAsync(string name)
    {
        await page.GetByLabel("New journey name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.WaitForURLAsync("**/journeys/*");
        await Expect(page.GetByLabel("Journey name")).ToHaveValueAsync(name);
        return Uri.UnescapeDataString(new Uri(page.Url).Segments[^1]);
    }

    public async Task SaveAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.GetByTestId("editor-message")).ToContainTextAsync("Saved as version");
    }

    /// <summary>The stored document of the journey's latest version.</summary>
    public async Task<JsonElement> StoredDocumentAsync(string definitionId) =>
        (await server.SendJsonAsync(HttpMethod.Get, $"/api/definitions/{definitionId}")).GetProperty("document");

    public async Task<JsonElement> StoredActivityAsync(string definitionId, string nodeId) =>
        (await StoredDocumentAsync(definitionId)).GetProperty("root").GetProperty("activities").EnumerateArray()
            .Single(a => a.GetProperty("id").GetString() == nodeId);
}
