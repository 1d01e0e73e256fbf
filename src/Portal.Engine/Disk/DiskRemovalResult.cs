namespace Portal.Engine.Disk;

/// <summary>How a one-click removal from the Disk page ended, in words for the person who clicked.</summary>
public sealed record DiskRemovalResult(bool Removed, string Message);
