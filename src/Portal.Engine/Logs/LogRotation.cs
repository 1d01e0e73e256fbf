namespace Portal.Engine.Logs;

/// <summary>
/// Docker's <c>json-file</c> rotation for a container's log: at most <see cref="MaxFiles"/> files of
/// <see cref="MaxSize"/> each, so no container can fill the disk with its output.
/// </summary>
public sealed record LogRotation(string MaxSize, int MaxFiles)
{
    public const string Driver = "json-file";

    /// <summary>What a container gets when nobody configured anything: 3 files of 10 MB.</summary>
    public static LogRotation Default { get; } = new("10m", 3);
}
