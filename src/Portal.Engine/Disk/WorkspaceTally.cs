namespace Portal.Engine.Disk;

/// <summary>One folder under the workspace root, measured.</summary>
/// <param name="Path">The folder.</param>
/// <param name="Owner">The user whose workspace it is; null for a folder no known user maps to.</param>
public sealed record WorkspaceTally(string Path, string? Owner, FileTally Size);
