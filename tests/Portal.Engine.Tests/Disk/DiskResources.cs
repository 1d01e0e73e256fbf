using Portal.Data.Entities;
using Portal.Engine.Containers;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Disk;

/// <summary>
/// Images and volumes a disk test makes on the engine, labelled with the test label, and removed on dispose
/// (containers go with the environment's users).
/// </summary>
internal sealed class DiskResources(EngineEnvironment environment) : IAsyncDisposable
{
    public const string TestRun = "disk-tests";

    private readonly List<string> _containers = [];
    private readonly List<string> _images = [];
    private readonly List<string> _volumes = [];

    /// <summary>Commits a container into <c>portal-disk-test/OWNER:TAG</c>, records its owner as the portal would, and returns the image id.</summary>
    public async Task<string> CommitAsync(string containerId, string owner, string tag, CancellationToken cancellationToken)
    {
        var reference = $"portal-disk-test/{owner}:{tag}";
        var id = (await DockerCli.OutputAsync(["commit", "--change", $"LABEL {PortalLabels.TestRun}={TestRun}", containerId, reference], cancellationToken)).Trim();
        _images.Add(id);
        await using var db = environment.CreateDbContext();
        db.ImageRecords.Add(new ImageRecord { ImageId = id, Owner = owner, Source = ImageSources.Commit, Reference = reference, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }

    /// <summary>Makes a volume labelled with its owner and writes <paramref name="bytes"/> into it through a throw-away container.</summary>
    public async Task<string> VolumeAsync(string owner, int bytes, CancellationToken cancellationToken)
    {
        var name = $"{owner}-data";
        await DockerCli.OutputAsync(["volume", "create", "--label", $"{PortalLabels.Owner}={owner}", "--label", $"{PortalLabels.TestRun}={TestRun}", name], cancellationToken);
        _volumes.Add(name);
        await DockerCli.OutputAsync(
            ["run", "--rm", "--label", $"{PortalLabels.TestRun}={TestRun}", "-v", $"{name}:/data", EngineEnvironment.ShellImage,
             "sh", "-c", $"head -c {bytes} /dev/zero > /data/blob"],
            cancellationToken);
        return name;
    }

    /// <summary>Creates (does not start) a test-labelled container from <paramref name="image"/>, mounting <paramref name="volume"/> if given: it holds them "in use".</summary>
    public async Task<string> CreateUserOfAsync(string image, string? volume, CancellationToken cancellationToken)
    {
        List<string> arguments = ["create", "--label", $"{PortalLabels.TestRun}={TestRun}"];
        if (volume is not null)
        {
            arguments.AddRange(["-v", $"{volume}:/data"]);
        }

        arguments.AddRange([image, "true"]);
        var id = (await DockerCli.OutputAsync(arguments, cancellationToken)).Trim();
        _containers.Add(id);
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var container in _containers)
        {
            await DockerCli.RunAsync(["rm", "-f", container], cts.Token);
        }

        // Newest first: an image committed from a container of another is its child and must go before it.
        foreach (var image in Enumerable.Reverse(_images))
        {
            await DockerCli.RunAsync(["rmi", "-f", image], cts.Token);
        }

        foreach (var volume in _volumes)
        {
            await DockerCli.RunAsync(["volume", "rm", "-f", volume], cts.Token);
        }
    }
}
