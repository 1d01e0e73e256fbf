namespace Portal.Engine.Disk;

/// <summary>Who brought an image through the portal (an <c>ImageRecord</c>), and the name they used.</summary>
public sealed record ImageOwnership(string Owner, string Reference);
