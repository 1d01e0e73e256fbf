using System.Reflection;

namespace Portal.E2E.Infrastructure;

/// <summary>Where the repository, the build output and the artifacts are, found from the test assembly's own path.</summary>
internal static class RepositoryLayout
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder that holds Portal.sln (and the root wwwroot/ and appsettings.json).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The configuration the tests were built in (Release or Debug): the portal is started from the same one.</summary>
    public static string Configuration { get; } = FindConfiguration();

    /// <summary>The target framework folder name, such as net10.0.</summary>
    public static string TargetFramework { get; } = new DirectoryInfo(AppContext.BaseDirectory).Name;

    /// <summary>The built portal: src/Portal/bin/{Configuration}/{TargetFramework}/Portal.dll.</summary>
    public static string PortalDll
    {
        get
        {
            var path = Path.Combine(Root, "src", "Portal", "bin", Configuration, TargetFramework, "Portal.dll");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"{path} does not exist. Build the solution first: dotnet build Portal.sln -c {Configuration}");
        }
    }

    /// <summary>Screenshots and page HTML: TestResults/e2e-artifacts/ at the repository root, or PORTAL_E2E_ARTIFACTS.</summary>
    public static string ArtifactsDirectory
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("PORTAL_E2E_ARTIFACTS") is { Length: > 0 } configured
                ? Path.GetFullPath(configured)
                : Path.Combine(Root, "TestResults", "e2e-artifacts");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Portal.sln above {AppContext.BaseDirectory}.");
    }

    // The assembly lives in .../bin/{Configuration}/{TargetFramework}/; the assembly's own attribute is the fallback.
    private static string FindConfiguration()
    {
        var configurationDirectory = new DirectoryInfo(AppContext.BaseDirectory).Parent;
        if (configurationDirectory?.Parent is { Name: "bin" })
        {
            return configurationDirectory.Name;
        }

        return typeof(RepositoryLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            ?? throw new InvalidOperationException($"Cannot tell the build configuration from {AppContext.BaseDirectory}.");
    }
}
