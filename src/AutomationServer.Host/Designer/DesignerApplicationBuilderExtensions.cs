using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace AutomationServer.Host.Designer;

/// <summary>Serves the browser designer's bundle (built into wwwroot/ next to the executable) at <c>/</c>.</summary>
public static class DesignerApplicationBuilderExtensions
{
    // Server routes the designer's client-side fallback must never answer for, so an unknown API path stays a 404.
    private static readonly string[] ServerPrefixes = ["/api", "/health", "/openapi", "/scalar", "/workflows", "/plugins"];

    public static WebApplication UseAutomationDesigner(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var index = Path.Combine(root, "index.html");
        if (!File.Exists(index))
        {
            app.Logger.LogWarning("The designer is not available: {Index} does not exist (the host was built with SkipDesignerBuild=true?).", index);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context => SetCacheHeaders(context.Context),
        });

        // Client routes such as /journeys/<id> get index.html so a reload or a shared link opens the app.
        app.MapFallback("{*path:nonfile}", context =>
            {
                if (IsServerPath(context.Request.Path))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                SetCacheHeaders(context);
                context.Response.ContentType = "text/html; charset=utf-8";
                return context.Response.SendFileAsync(files.GetFileInfo("index.html"));
            })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static bool IsServerPath(PathString path) =>
        ServerPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Vite puts a content hash in every name under assets/, so those never change; index.html must be revalidated to pick up a new build.</summary>
    private static void SetCacheHeaders(HttpContext context)
    {
        var headers = context.Response.GetTypedHeaders();
        headers.CacheControl = context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
            ? new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromDays(365), Extensions = { new NameValueHeaderValue("immutable") } }
            : new CacheControlHeaderValue { NoCache = true };
    }
}
