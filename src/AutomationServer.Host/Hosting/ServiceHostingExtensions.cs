using Microsoft.Extensions.Hosting.WindowsServices;

namespace AutomationServer.Host.Hosting;

public static class ServiceHostingExtensions
{
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Builder options that anchor the content root at the executable's folder when running as a
    /// Windows service, whose working directory would otherwise be System32. A <c>--contentRoot</c>
    /// argument (the install script passes one) is left to decide on its own.
    /// </summary>
    public static WebApplicationOptions CreateOptions(string[] args)
    {
        var givenContentRoot = new ConfigurationBuilder().AddCommandLine(args).Build()[HostDefaults.ContentRootKey];
        return new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = givenContentRoot is null && WindowsServiceHelpers.IsWindowsService() ? AppContext.BaseDirectory : null,
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
