using System.Text.Json;
using AutomationServer.Api.Security;
using AutomationServer.Audience.Import;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AutomationServer.Api.Audience;

internal static class ImportEndpoints
{
    // Room for the mapping field and the multipart boundaries around a file of the maximum size.
    private const long MaxRequestBytes = CsvContactImporter.MaxFileBytes + 1024 * 1024;

    public static void MapImportEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/audience/contacts/import", ImportAsync)
            .WithTags("Audience")
            .RequireAuthorization(AuthorizationPolicies.Management)
            .AddEndpointFilter<AudienceProblems>()
            .WithSummary($"Imports contacts from a CSV (multipart field 'file', UTF-8 with a header, at most {CsvContactImporter.MaxFileBytes / (1024 * 1024)} MB) with an optional "
                         + "'mapping' field (JSON: column → email, phone, external:<system>, timeZone, locale, lifecycleStage, score, tags, attribute:<name> or ignore); "
                         + "?dryRun=true checks and reports without writing. Valid rows are upserted in one transaction; rejected rows are reported with line, column and reason.");
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, [FromQuery] bool? dryRun, [FromServices] IServiceProvider services, CancellationToken ct)
    {
        if (request.ContentLength > MaxRequestBytes)
        {
            return TooLarge();
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBytes;
        }

        if (!request.HasFormContentType)
        {
            return Invalid("file", "Send the CSV as multipart/form-data with the field 'file'.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxRequestBytes }, ct);
        }
        catch (InvalidDataException) when (request.ContentLength is null or > CsvContactImporter.MaxFileBytes)
        {
            return TooLarge();
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (InvalidDataException malformed)
        {
            return Invalid("file", "The multipart body is malformed: " + malformed.Message);
        }

        if (form.Files.GetFile("file") is not { } file)
        {
            return Invalid("file", "The multipart field 'file' with the CSV is missing.");
        }

        if (file.Length > CsvContactImporter.MaxFileBytes)
        {
            return TooLarge();
        }

        Dictionary<string, string>? mapping = null;
        if (form.TryGetValue("mapping", out var mappingText) && !string.IsNullOrWhiteSpace(mappingText))
        {
            try
            {
                mapping = JsonSerializer.Deserialize<Dictionary<string, string>>(mappingText.ToString());
            }
            catch (JsonException e)
            {
                return Invalid("mapping", "The mapping is a JSON object of column name → target, e.g. {\"E-Mail\":\"email\",\"Plan\":\"attribute:plan\"}. " + e.Message);
            }
        }

        var importer = ActivatorUtilities.GetServiceOrCreateInstance<CsvContactImporter>(services);
        await using var csv = file.OpenReadStream();
        return Results.Ok(await importer.ImportAsync(csv, mapping, dryRun ?? false, ct));
    }

    private static IResult TooLarge() => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The file is too large.",
        detail: $"A CSV import is at most {CsvContactImporter.MaxFileBytes / (1024 * 1024)} MB; split the file.",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["file"] = [$"At most {CsvContactImporter.MaxFileBytes} bytes."] } });

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: $"{field}: {message}", title: "The import request is invalid.");
}
