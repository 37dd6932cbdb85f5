namespace AutomationServer.Designer.Tests.Infrastructure;

/// <summary>Paths inside the repository, found from the test assembly's location.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string TestAsset(params string[] parts) => Path.Combine([Root, "tests", "TestAssets", .. parts]);

    /// <summary>The build configuration the tests were built with (Debug or Release).</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutomationServer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with AutomationServer.sln) was not found above " + AppContext.BaseDirectory);
    }
}
