using AutomationServer.Api;
using AutomationServer.Api.Messaging;
using AutomationServer.Audience;
using AutomationServer.Messaging;
using AutomationServer.Host.CommandLine;
using AutomationServer.Host.Designer;
using AutomationServer.Host.ErrorHandling;
using AutomationServer.Host.Health;
using AutomationServer.Host.Hosting;
using AutomationServer.Host.Logging;
using AutomationServer.Host.OpenApi;
using AutomationServer.Host.Security;
using AutomationServer.Persistence;
using AutomationServer.Plugins;
using AutomationServer.Plugins.Services;
using AutomationServer.Scheduling;
using AutomationServer.Scheduling.Plugins;
using AutomationServer.Workflows;

var printMigrationScript = MigrationScriptCommand.TryRemoveSwitch(ref args);
var builder = WebApplication.CreateBuilder(ServiceHostingExtensions.CreateOptions(args));
builder.AddServiceHosting();
builder.AddAutomationLogging();
builder.Services.AddAutomationProblemDetails();
builder.Services.AddApiKeyAuthentication(builder.Configuration);
builder.Services.AddAutomationOpenApi();
builder.Services.AddAutomationHealthChecks();
builder.Services.AddSqlitePersistenceProvider();
builder.Services.AddSqlServerPersistenceProvider();
builder.Services.AddPostgreSqlPersistenceProvider();
builder.Services.AddAutomationPersistence(builder.Configuration);
builder.Services.AddHealthChecks().AddAutomationDatabaseCheck();
builder.Services.AddWorkflowEngine(builder.Configuration);
// After the engine: plugins add their activities to its registry. A broken plugin is reported, never fatal.
builder.Services.AddAutomationPlugins(builder.Configuration, builder.Environment);
builder.Services.AddAudience(builder.Configuration);
builder.Services.AddPluginHostServices();
builder.Services.AddAutomationMessaging(builder.Configuration);
builder.Services.AddAutomationApi();
builder.Services.AddAutomationScheduling(builder.Configuration);
builder.Services.AddPluginJobs();

var app = builder.Build();
if (printMigrationScript)
{
    return MigrationScriptCommand.Run(app);
}

app.UseAutomationRequestLogging();
app.UseAutomationErrorHandling();
app.UseAutomationDesigner();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapAutomationHealth();
app.MapAutomationOpenApi();
app.MapAutomationApi();
app.MapMessagingApi();
app.MapPluginEndpoints();

// Applies pending migrations, or with Persistence:MigrateOnStartup=false only reports them.
await app.Services.MigrateAutomationDatabaseAsync(app.Lifetime.ApplicationStopping);

await app.RunAsync();
return 0;

/// <summary>The entry point, public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
