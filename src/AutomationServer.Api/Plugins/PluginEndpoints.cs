using AutomationServer.Api.Security;
using AutomationServer.Plugins;
using AutomationServer.Plugins.Catalog;
using AutomationServer.Plugins.Installation;
using AutomationServer.Plugins.Services;
using AutomationServer.Sdk.Plugins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace AutomationServer.Api.Plugins;

/// <summary>
/// Plugin administration: status of every installed version, install from a package, enable, disable,
/// uninstall. Files change at once; the running server changes on its next restart (each answer says so).
/// </summary>
internal static class PluginEndpoints
{
    public const string PackageField = "package";

    public static void MapPluginEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/plugins").WithTags("Plugins").RequireAuthorization(AuthorizationPolicies.Administration);
        group.MapGet("/", List).WithSummary("Every installed plugin version with its status, the reason when it is not active, and what it contributes.");
        group.MapGet("/{id}", Get).WithSummary("The installed versions of one plugin.");
        group.MapPost("/", InstallAsync)
            .WithSummary($"Installs a plugin package (multipart field '{PackageField}', or an application/zip body) into a new version folder. Applies on restart.")
            .DisableAntiforgery();
        group.MapPost("/{id}/enable", (string id, PluginInstaller installer) => Change(installer.SetEnabled(id, true), id))
            .WithSummary("Enables every version of a plugin. Applies on restart.");
        group.MapPost("/{id}/disable", (string id, PluginInstaller installer) => Change(installer.SetEnabled(id, false), id))
            .WithSummary("Disables every version of a plugin. Applies on restart.");
        group.MapDelete("/{id}", (string id, string? version, PluginInstaller installer) => Change(installer.Uninstall(id, version), id, version))
            .WithSummary("Uninstalls a plugin (every version, or only ?version=). Its folder is deleted at the next start.");
    }

    private static IResult List(PluginCatalog catalog, EventSourceMonitor monitor, PluginHostOptions options, IHostEnvironment environment) =>
        Results.Ok(new PluginListResponse(
            SdkInfo.Version.ToString(2),
            options.HotReload && environment.IsDevelopment(),
            catalog.All.Select(entry => PluginCatalogEntryResponse.From(entry, monitor)).ToList()));

    private static IResult Get(string id, PluginCatalog catalog, EventSourceMonitor monitor)
    {
        var versions = catalog.FindVersions(id);
        return versions.Count == 0
            ? NotInstalled(id)
            : Results.Ok(versions.Select(entry => PluginCatalogEntryResponse.From(entry, monitor)).ToList());
    }

    private static async Task<IResult> InstallAsync(HttpRequest request, PluginInstaller installer, PluginHostOptions options, CancellationToken cancellationToken)
    {
        // Multipart framing adds a little to the package itself; the installer enforces the exact limit.
        var requestLimit = options.MaxPackageBytes + 1024 * 1024;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = requestLimit;
        }

        if (request.ContentLength > requestLimit)
        {
            return TooLarge(options);
        }

        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = requestLimit }, cancellationToken);
                if (form.Files.GetFile(PackageField) is not { } file)
                {
                    return Results.ValidationProblem(
                        new Dictionary<string, string[]> { [PackageField] = [$"Upload the plugin zip in the form field '{PackageField}'."] },
                        title: "No plugin package was uploaded.");
                }

                await using var upload = file.OpenReadStream();
                return Installed(await installer.InstallAsync(upload, cancellationToken));
            }

            if (request.ContentType?.Contains("zip", StringComparison.OrdinalIgnoreCase) == true ||
                request.ContentType?.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase) == true)
            {
                return Installed(await installer.InstallAsync(request.Body, cancellationToken));
            }

            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported content type.",
                detail: $"Send the plugin zip as multipart/form-data (field '{PackageField}') or as an application/zip body.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(options);
        }
        catch (InvalidDataException ex)
        {
            // Raised by the form reader when the multipart body exceeds its limit or is malformed.
            return Results.ValidationProblem(new Dictionary<string, string[]> { [PackageField] = [ex.Message] }, title: "The upload cannot be read.");
        }
    }

    private static IResult Installed(PluginInstallResult result) => result.Outcome switch
    {
        PluginInstallOutcome.Installed => Results.Accepted(
            $"/api/plugins/{result.Manifest!.Id}",
            new PluginChangeResponse(result.Message, RestartRequired: true, result.Manifest.Id, result.Manifest.Version.ToNormalizedString())),
        PluginInstallOutcome.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "This plugin version is already installed.", detail: result.Message),
        _ => Results.ValidationProblem(
            result.Problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
            title: "The plugin package is invalid.",
            detail: result.Message),
    };

    private static IResult Change(PluginChangeResult result, string id, string? version = null) => result.Outcome switch
    {
        PluginChangeOutcome.Applied => Results.Accepted(value: new PluginChangeResponse(result.Message, RestartRequired: true, id, version)),
        _ => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Plugin not found.", detail: result.Message),
    };

    private static IResult NotInstalled(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Plugin not found.", detail: $"No version of plugin '{id}' is installed.");

    private static IResult TooLarge(PluginHostOptions options) => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The plugin package is too large.",
        detail: $"At most {options.MaxPackageBytes} bytes are accepted ({PluginHostOptions.SectionName}:MaxPackageBytes).");
}
