using System.Text;
using Microsoft.AspNetCore.Http;

namespace AutomationServer.Api.Problems;

/// <summary>Reads request bodies as text so that JSON errors are reported by our reader, with line and column.</summary>
internal static class RequestBody
{
    public const int MaxDefinitionBytes = 10 * 1024 * 1024;

    public static async Task<string?> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxDefinitionBytes)
        {
            return null;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
        var buffer = new char[16 * 1024];
        var text = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > MaxDefinitionBytes)
            {
                return null;
            }
        }

        return text.ToString();
    }

    public static IResult TooLarge() => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The request body is too large.",
        detail: $"At most {MaxDefinitionBytes / (1024 * 1024)} MB are accepted.");
}
