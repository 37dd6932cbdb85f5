using System.Net;
using System.Text;

namespace AutomationServer.Designer.Tests.Tracking;

/// <summary>
/// A customer's web site on its own loopback port, so the tracking script runs cross-origin as on a real site.
/// Every path and method answers with the page registered for the path.
/// </summary>
public sealed class StaticSite : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, string> _pages = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public StaticSite(int port)
    {
        Origin = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Origin + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Origin { get; }

    public void Add(string path, string html)
    {
        lock (_pages)
        {
            _pages[path] = html;
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            string? html;
            lock (_pages)
            {
                _pages.TryGetValue(context.Request.Url!.AbsolutePath, out html);
            }

            var body = Encoding.UTF8.GetBytes(html ?? "<!doctype html><title>Not found</title>");
            context.Response.StatusCode = html is null ? 404 : 200;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
