using AutomationServer.Designer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AutomationServer.Designer.Tests.Tracking;

/// <summary>The server (with a tracking source for the site's origin), the customer's site on another port and chromium.</summary>
public sealed class TrackingFixture : IAsyncLifetime
{
    public const string WriteKey = "browser-test-write-key-0123456789";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "tracking-tests-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public ServerProcess Server { get; private set; } = default!;

    public StaticSite Site { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(DesignerFixture.ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {DesignerFixture.ChromiumPath} (`apt-get install chromium`); the tests never download a browser.");
        }

        Directory.CreateDirectory(_dataDirectory);
        Site = new StaticSite(ServerProcess.FreePort());
        Server = new ServerProcess(_dataDirectory, new Dictionary<string, string>
        {
            ["Tracking__Sources__site__WriteKey"] = WriteKey,
            ["Tracking__Sources__site__AllowedOrigins__0"] = Site.Origin,
        });
        await Server.StartAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = DesignerFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A page of the site with the standard snippet: the queue stub, then track.js loaded async from the server.</summary>
    public string SitePage(string body, string headScript = "", bool autoPage = true) => $$"""
        <!doctype html>
        <html>
        <head>
          <meta charset="utf-8">
          <title>Test shop</title>
          <script>
            window.automation = window.automation || [];
            ["page", "track", "identify", "trackForms", "reset"].forEach(function (m) {
              window.automation[m] = window.automation[m] || function () { window.automation.push([m].concat([].slice.call(arguments))); };
            });
            {{headScript}}
          </script>
          <script async src="{{Server.BaseAddress.ToString().TrimEnd('/')}}/track.js" data-write-key="{{WriteKey}}"{{(autoPage ? "" : " data-auto-page=\"false\"")}}></script>
        </head>
        <body>
        {{body}}
        </body>
        </html>
        """;

    /// <summary>A fresh browser context (its own storage, so its own anonymous visitor).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync();
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Site is not null)
        {
            await Site.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
