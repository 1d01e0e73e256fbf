namespace Portal.Engine.Disk;

/// <summary>What fills the disk: the kinds <c>docker system df</c> knows, plus what it does not count (logs, workspaces).</summary>
public enum DiskItemKind
{
    /// <summary>A container's writable layer (<c>SizeRw</c>).</summary>
    Container,

    /// <summary>An image's layers no other image uses.</summary>
    Image,

    Volume,

    /// <summary>A container's log file and its rotated files.</summary>
    Logs,

    /// <summary>A user's workspace folder.</summary>
    Workspace,

    BuildCache,
}
