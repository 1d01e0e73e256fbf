namespace Portal.Engine.Images;

/// <summary>
/// Limits of the image workflow, bound from the <c>Images</c> section. Each bounds what one person can make the
/// portal hold (an upload on disk, a build log in memory) or how long one action may keep the engine busy.
/// </summary>
public sealed class ImageOptions
{
    public const string SectionName = "Images";

    /// <summary>Largest build context, uncompressed (a zip is expanded first), in MiB. Defaults to 512.</summary>
    public int MaxContextMiB { get; set; } = 512;

    /// <summary>Build log lines kept per build for the live view; older ones are dropped. Defaults to 5000.</summary>
    public int BuildLogLines { get; set; } = 5000;

    /// <summary>How long one pull or push may take before it is abandoned, in minutes. Defaults to 60.</summary>
    public double TransferTimeoutMinutes { get; set; } = 60;

    /// <summary>How long one build may take before it is abandoned, in minutes. Defaults to 60.</summary>
    public double BuildTimeoutMinutes { get; set; } = 60;

    /// <summary>How long one commit may take, in minutes (the engine copies the container's writable layer). Defaults to 30.</summary>
    public double CommitTimeoutMinutes { get; set; } = 30;

    public long MaxContextBytes => MaxContextMiB * 1024L * 1024L;

    public TimeSpan TransferTimeout => TimeSpan.FromMinutes(TransferTimeoutMinutes);

    public TimeSpan BuildTimeout => TimeSpan.FromMinutes(BuildTimeoutMinutes);

    public TimeSpan CommitTimeout => TimeSpan.FromMinutes(CommitTimeoutMinutes);
}
