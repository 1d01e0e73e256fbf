namespace Portal.Data.Entities;

/// <summary>
/// Who brought an image onto the workstation through the portal (pulled, built or committed it). Docker keeps no
/// owner for images, so disk accounting and the Images page read it from here.
/// </summary>
public sealed class ImageRecord
{
    /// <summary>The image's id (<c>sha256:...</c>).</summary>
    public required string ImageId { get; set; }

    public required string Owner { get; set; }

    /// <summary>How it came: <see cref="ImageSources"/>.</summary>
    public required string Source { get; set; }

    /// <summary>The name it was made or pulled under (<c>repository:tag</c>).</summary>
    public required string Reference { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
