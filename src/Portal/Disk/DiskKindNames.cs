using Portal.Engine.Disk;

namespace Portal.Disk;

/// <summary>The API's and the page's words for each kind of disk item.</summary>
public static class DiskKindNames
{
    /// <summary>The stable name in JSON: <c>container</c>, <c>image</c>, <c>volume</c>, <c>logs</c>, <c>workspace</c>, <c>build-cache</c>.</summary>
    public static string ApiName(DiskItemKind kind) => kind switch
    {
        DiskItemKind.Container => "container",
        DiskItemKind.Image => "image",
        DiskItemKind.Volume => "volume",
        DiskItemKind.Logs => "logs",
        DiskItemKind.Workspace => "workspace",
        _ => "build-cache",
    };

    /// <summary>A heading for people: "Containers", "Images", ...</summary>
    public static string Plural(DiskItemKind kind) => kind switch
    {
        DiskItemKind.Container => "Containers",
        DiskItemKind.Image => "Images",
        DiskItemKind.Volume => "Volumes",
        DiskItemKind.Logs => "Container logs",
        DiskItemKind.Workspace => "Workspaces",
        _ => "Build cache",
    };

    public static string Singular(DiskItemKind kind) => kind switch
    {
        DiskItemKind.Container => "container",
        DiskItemKind.Image => "image",
        DiskItemKind.Volume => "volume",
        DiskItemKind.Logs => "logs",
        DiskItemKind.Workspace => "workspace",
        _ => "build cache",
    };

    /// <summary>The API's words for a quota level: <c>unknown</c>, <c>unlimited</c>, <c>ok</c>, <c>warning</c>, <c>exceeded</c>.</summary>
    public static string ApiName(DiskQuotaLevel level) => level.ToString().ToLowerInvariant();
}
