namespace Portal.Engine.Launch;

/// <summary>The launch policy's settings, bound from the <c>Launch</c> section.</summary>
public sealed class LaunchOptions
{
    public const string SectionName = "Launch";

    /// <summary>
    /// Image patterns members may launch; <c>*</c> matches any characters. An image without a tag is
    /// <c>:latest</c>. Defaults to the local starter images and the lab registry.
    /// </summary>
    public List<string> AllowedImages { get; set; } = [];

    /// <summary>Used when <see cref="AllowedImages"/> is empty. (A list default would be appended to by configuration binding.)</summary>
    public static IReadOnlyList<string> DefaultAllowedImages { get; } = ["portal/*", "localhost:5000/*", "127.0.0.1:5000/*"];

    /// <summary>Host folders mounted read-only into every container. Defaults to none.</summary>
    public List<SharedMount> SharedMounts { get; set; } = [];

    /// <summary>
    /// Absolute host folder holding one workspace folder per user, mounted at <c>/workspace</c> on request.
    /// The portal defaults it to <c>workspaces</c> in its data directory.
    /// </summary>
    public string WorkspaceRoot { get; set; } = string.Empty;

    /// <summary>Most processes one container may run (a fork bomb stops there). Defaults to 4096.</summary>
    public int PidsLimit { get; set; } = 4096;

    /// <summary>The shared memory a container gets when the request names none. Defaults to 2048 MiB: Docker's 64 MiB breaks PyTorch data loaders.</summary>
    public int DefaultShmSizeMiB { get; set; } = 2048;

    /// <summary>
    /// Give containers an unlimited memlock limit (what GPU frameworks need to pin memory). Defaults to null:
    /// yes where the host allows it (CAP_SYS_RESOURCE), otherwise the host's own limit.
    /// </summary>
    public bool? UnlimitedMemlock { get; set; }

    /// <summary>Most ports one container may expose. Defaults to 10.</summary>
    public int MaxPortsPerContainer { get; set; } = 10;

    /// <summary>Seconds <c>stop</c> waits before killing. Defaults to 10.</summary>
    public int StopTimeoutSeconds { get; set; } = 10;
}
