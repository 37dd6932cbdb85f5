using System.Text.Json;
using Microsoft.Playwright;

namespace AutomationServer.DesignerBench;

internal sealed record OpenTiming(double RenderedMs, double InteractiveMs);

/// <summary>Debian's chromium, headless, with the flags the designer tests use; never a downloaded browser.</summary>
internal sealed class DesignerBrowser : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly Uri _baseAddress;
    private readonly string _apiKey;

    private DesignerBrowser(IPlaywright playwright, IBrowser browser, Uri baseAddress, string apiKey)
    {
        (_playwright, _browser, _baseAddress, _apiKey) = (playwright, browser, baseAddress, apiKey);
    }

    public string Version => _browser.Version;

    public static async Task<DesignerBrowser> LaunchAsync(Uri baseAddress, string apiKey)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new DesignerBrowser(playwright, browser, baseAddress, apiKey);
    }

    /// <summary>
    /// Opens the journey in a fresh browser context (empty cache: the bundle is fetched too) and
    /// measures, from navigation start, until every node is drawn and until a click on a node has selected it.
    /// </summary>
    public async Task<OpenTiming> OpenAsync(string definitionId, int nodes)
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
        });
        // Signed in as the sign-in screen leaves it: the key in the tab's session storage.
        await context.AddInitScriptAsync($"sessionStorage.setItem('automationserver.apiKey', {JsonSerializer.Serialize(_apiKey)});");
        var page = await context.NewPageAsync();

        await page.GotoAsync($"/journeys/{Uri.EscapeDataString(definitionId)}", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync(
            "n => document.querySelectorAll('.react-flow__node .activity-title').length >= n",
            nodes,
            new PageWaitForFunctionOptions { PollingInterval = null, Timeout = 30_000 });
        var rendered = await page.EvaluateAsync<double>("performance.now()");

        var target = page.Locator($".react-flow__node[data-id=\"n{nodes / 2}\"] .activity-title");
        await target.ClickAsync(new LocatorClickOptions { Timeout = 30_000 });
        await page.Locator($".react-flow__node.selected[data-id=\"n{nodes / 2}\"]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var interactive = await page.EvaluateAsync<double>("performance.now()");
        if (await page.Locator(".react-flow__node").CountAsync() != nodes)
        {
            throw new InvalidOperationException("The canvas does not show the journey's nodes.");
        }

        return new OpenTiming(rendered, interactive);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
