namespace Portal.Tests.Infrastructure;

/// <summary>The repository root (the folder holding Portal.sln): the portal's content root, as under <c>dotnet run</c>.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Portal.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Portal.sln above {AppContext.BaseDirectory}; the tests run from inside the repository.");
    }
}
