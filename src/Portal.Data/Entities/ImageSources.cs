namespace Portal.Data.Entities;

/// <summary>Values of <see cref="ImageRecord.Source"/>.</summary>
public static class ImageSources
{
    public const string Pull = "pull";
    public const string Build = "build";
    public const string Commit = "commit";
}
