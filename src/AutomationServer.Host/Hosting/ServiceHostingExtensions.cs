using Microsoft.Extensions.Hosting.WindowsServices;

namespace AutomationServer.Host.Hosting;

public static class ServiceHostingExtensions
{
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Builder options that choose the content root (where appsettings.json, data/ and logs/ live):
    /// a <c>--contentRoot</c> argument when given (the install script passes one); otherwise the working
    /// directory when it holds appsettings.json (<c>dotnet run</c> runs from the repository root); otherwise
    /// the executable's folder, where the build puts appsettings.json. Without that last step a Windows
    /// service (working directory System32) or a server started from another folder would run silently
    /// on framework defaults: another port, no API key, no log file.
    /// </summary>
    public static WebApplicationOptions CreateOptions(string[] args)
    {
        var givenContentRoot = new ConfigurationBuilder().AddCommandLine(args).Build()[HostDefaults.ContentRootKey];
        var useExecutableFolder = givenContentRoot is null &&
            (WindowsServiceHelpers.IsWindowsService() || !File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json")));
        return new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = useExecutableFolder ? AppContext.BaseDirectory : null,
        };
    }

    /// <summary>
    /// Windows Service and systemd integration (each a no-op when started from a console) and the
    /// graceful shutdown budget, <c>Host:ShutdownTimeout</c>.
    /// </summary>
    public static WebApplicationBuilder AddServiceHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddWindowsService(options => options.ServiceName = "AutomationServer");
        builder.Services.AddSystemd();

        var shutdownTimeout = builder.Configuration.GetValue("Host:ShutdownTimeout", DefaultShutdownTimeout);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = shutdownTimeout);
        return builder;
    }
}
