using System.Reflection;
using AutomationServer.Sdk.Plugins;
using PublicApiGenerator;

namespace AutomationServer.Sdk.Tests;

/// <summary>
/// The SDK is a published contract: every plugin compiled against 1.x must keep working with any later
/// 1.x server. This test fails on ANY change to the public surface; an intended, additive change is
/// accepted by copying PublicApi.received.txt over PublicApi.approved.txt (and raising the minor
/// version in the SDK project). Removing or changing a member needs a new major version.
/// </summary>
public sealed class PublicApiSnapshotTests
{
    private static readonly Assembly Sdk = typeof(IPluginStartup).Assembly;

    [Fact]
    public void The_public_API_matches_the_approved_snapshot()
    {
        var actual = Normalize(Sdk.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));
        var approvedPath = Path.Combine(ProjectDirectory(), "PublicApi.approved.txt");
        var receivedPath = Path.Combine(ProjectDirectory(), "PublicApi.received.txt");
        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : "";

        if (actual == approved)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail(
            $"The SDK's public API changed. Compare {receivedPath} with {approvedPath}. " +
            "If the change is intended and additive, copy the received file over the approved one and raise the SDK's minor version.");
    }

    [Fact]
    public void The_assembly_version_is_fixed_per_major_version()
    {
        var version = Sdk.GetName().Version!;

        Assert.Equal(new Version(version.Major, 0, 0, 0), version);
        Assert.Equal(version.Major, SdkInfo.Version.Major);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n";

    private static string ProjectDirectory() =>
        typeof(PublicApiSnapshotTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "ProjectDirectory").Value!;
}
