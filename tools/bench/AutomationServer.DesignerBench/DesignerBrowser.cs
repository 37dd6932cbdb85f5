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
    /// measures, from navigation start, until every node is drawn and until a click on a node has
    /// selected it. The page itself notes both moments (a MutationObserver), so the harness's polling
    /// adds nothing; the click is a real mouse event sent as soon as the nodes are there.
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
        await context.AddInitScriptAsync(ObserverScript);
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable");

        await page.GotoAsync($"/journeys/{Uri.EscapeDataString(definitionId)}", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        // A click that lands while the view is still being fitted misses, as a user's would: click again.
        for (var attempt = 1; ; attempt++)
        {
            var box = await page.WaitForFunctionAsync("n => window.__bench.target(n)", nodes, new PageWaitForFunctionOptions { Timeout = 30_000 });
            var point = await box.JsonValueAsync<double[]>();
            await page.Mouse.ClickAsync((float)point[0], (float)point[1]);
            try
            {
                await page.WaitForFunctionAsync("() => window.__bench.selectedAt !== null", null, new PageWaitForFunctionOptions { Timeout = 500 });
                break;
            }
            catch (TimeoutException) when (attempt < 20)
            {
            }
        }

        var timing = await page.EvaluateAsync<double[]>("() => [window.__bench.renderedAt, window.__bench.selectedAt]");
        if (await page.Locator(".react-flow__node").CountAsync() != nodes)
        {
            throw new InvalidOperationException("The canvas does not show the journey's nodes.");
        }

        if (Environment.GetEnvironmentVariable("DESIGNER_BENCH_DETAIL") == "1")
        {
            var metrics = await cdp.SendAsync("Performance.getMetrics");
            Console.WriteLine(string.Join(", ", metrics!.Value.GetProperty("metrics").EnumerateArray()
                .Where(m => m.GetProperty("name").GetString()!.EndsWith("Duration", StringComparison.Ordinal))
                .Select(m => $"{m.GetProperty("name").GetString()}={m.GetProperty("value").GetDouble() * 1000:F0}ms")));
            Console.WriteLine(await page.EvaluateAsync<string>(
                "() => JSON.stringify([...performance.getEntriesByType('resource'), ...performance.getEntriesByType('paint')].map(e => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseEnd ?? 0)]))"));
        }

        return new OpenTiming(timing[0], timing[1]);
    }

    /// <summary>Notes when the canvas first holds n nodes and when a node first shows as selected.</summary>
    private const string ObserverScript = """
        window.__bench = { renderedAt: null, selectedAt: null, target: null };
        new MutationObserver(() => {
          const b = window.__bench;
          if (b.selectedAt === null && document.querySelector('.react-flow__node.selected')) b.selectedAt = performance.now();
        }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
        window.__bench.target = (n) => {
          const titles = document.querySelectorAll('.react-flow__node .activity-title');
          if (titles.length < n) return null;
          if (window.__bench.renderedAt === null) window.__bench.renderedAt = performance.now();
          const title = titles[Math.floor(n / 2)];
          if (getComputedStyle(title.closest('.react-flow__node')).visibility === 'hidden') return null;
          const r = title.getBoundingClientRect();
          return r.width > 0 ? [r.x + r.width / 2, r.y + r.height / 2] : null;
        };
        """;

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
