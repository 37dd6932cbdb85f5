using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutomationServer.Host.ErrorHandling;

public static class ProblemDetailsExtensions
{
    /// <summary>RFC 9457 problem details for every error the host produces, each carrying a trace id.</summary>
    public static IServiceCollection AddAutomationProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();

        // Without this a malformed body is answered with an empty 400 outside Development; throwing lets
        // the exception handler say what was wrong in every environment.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Exception handler, then problem bodies for bare 4xx/5xx status codes (404, 405, ...).</summary>
    public static IApplicationBuilder UseAutomationErrorHandling(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // The handler logs malformed requests itself at Debug; only real failures are errors.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePages();
        return app;
    }
}
