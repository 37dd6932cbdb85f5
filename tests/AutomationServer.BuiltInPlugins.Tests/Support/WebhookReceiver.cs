using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutomationServer.BuiltInPlugins.Tests.Support;

/// <summary>
/// A webhook receiver on 127.0.0.1: <c>/status/{code}</c> answers with that code, <c>/slow</c> answers
/// after 10 s; every request is recorded with its headers and exact body bytes.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            receiver.Requests.Enqueue(new ReceivedRequest(
                context.Request.Method,
                context.Request.Path,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                buffer.ToArray()));

            var path = context.Request.Path.Value ?? "/";
            if (path == "/slow")
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            }

            context.Response.StatusCode = path.StartsWith("/status/", StringComparison.Ordinal) ? int.Parse(path["/status/".Length..]) : 200;
            if (context.Response.StatusCode == 200)
            {
                context.Response.Headers["X-Request-Id"] = "provider-42";
            }
            else
            {
                await context.Response.WriteAsync("receiver says no");
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);
