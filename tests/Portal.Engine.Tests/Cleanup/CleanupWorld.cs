using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Engine.Containers;
using Portal.Engine.Docker;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Cleanup;

/// <summary>
/// What a cleanup test puts on the real engine besides portal containers: tiny images (with owner records in the
/// environment's database), volumes, and plain containers that use them. Everything carries this world's test
/// label and is removed on dispose, whether the cleanup under test removed it or not.
/// </summary>
internal sealed class CleanupWorld : IAsyncDisposable
{
    private readonly EngineEnvironment _environment;
    private readonly DockerConnection _docker = new(Options.Create(new DockerOptions()));
    private readonly List<string> _images = [];
    private readonly List<string> _volumes = [];
    private readonly List<string> _containers = [];

    public CleanupWorld(EngineEnvironment environment)
    {
        _environment = environment;
    }

    public string TestRunId { get; } = "engine-cleanup-" + Guid.NewGuid().ToString("N")[..12];

    public IDockerClient Docker => _docker.Client;

    /// <summary>
    /// Loads a one-layer image (<paramref name="payloadBytes"/> of random data) and, with an owner, records it as theirs
    /// the way a pull, build or commit through the portal will. No tag makes it dangling.
    /// </summary>
    public async Task<string> ImageAsync(string? owner, string? tag, CancellationToken cancellationToken, DateTimeOffset? created = null, int payloadBytes = 64 * 1024)
    {
        var tarball = ImageTarball.Create(tag, created ?? DateTimeOffset.UtcNow, new Dictionary<string, string> { [PortalLabels.TestRun] = TestRunId }, payloadBytes);
        _images.Add(tarball.ImageId);
        using (var stream = new MemoryStream(tarball.Bytes))
        {
            await Docker.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, stream, new Progress<JSONMessage>(), cancellationToken);
        }

        var image = await Docker.Images.InspectImageAsync(tarball.ImageId, cancellationToken);
        Assert.Equal(tarball.ImageId, image.ID);
        if (owner is not null)
        {
            await using var db = _environment.CreateDbContext();
            db.ImageRecords.Add(new ImageRecord
            {
                ImageId = tarball.ImageId,
                Owner = owner,
                Source = ImageSources.Commit,
                Reference = tag ?? tarball.ImageId,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        return tarball.ImageId;
    }

    /// <summary>A volume with the labels the portal puts on its volumes (no owner: a volume made by hand on the host).</summary>
    public async Task<string> VolumeAsync(string? owner, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string> { [PortalLabels.TestRun] = TestRunId };
        if (owner is not null)
        {
            labels[PortalLabels.Managed] = "true";
            labels[PortalLabels.Owner] = owner;
        }

        var name = $"cleanup-test-{Guid.NewGuid():N}";
        _volumes.Add(name);
        await Docker.Volumes.CreateAsync(new VolumesCreateParameters { Name = name, Labels = labels }, cancellationToken);
        return name;
    }

    /// <summary>A created (never started) container outside the portal that uses an image and optionally mounts a volume.</summary>
    public async Task<string> PlainContainerAsync(string image, string? volume, CancellationToken cancellationToken)
    {
        var created = await Docker.Containers.CreateContainerAsync(
            new CreateContainerParameters
            {
                Image = image,
                Labels = new Dictionary<string, string> { [PortalLabels.TestRun] = TestRunId },
                HostConfig = new HostConfig { Binds = volume is null ? [] : [$"{volume}:/data"] },
            },
            cancellationToken);
        _containers.Add(created.ID);
        return created.ID;
    }

    public async Task<bool> ImageExistsAsync(string imageId, CancellationToken cancellationToken)
    {
        try
        {
            await Docker.Images.InspectImageAsync(imageId, cancellationToken);
            return true;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task<bool> VolumeExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await Docker.Volumes.InspectAsync(name, cancellationToken);
            return true;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task<bool> ContainerExistsAsync(string id, CancellationToken cancellationToken) =>
        await _environment.Containers.GetAsync(id, cancellationToken) is not null;

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var id in _containers)
        {
            await Ignore404Async(() => Docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cts.Token));
        }

        foreach (var id in _images)
        {
            await Ignore404Async(() => Docker.Images.DeleteImageAsync(id, new ImageDeleteParameters { Force = true }, cts.Token));
        }

        foreach (var name in _volumes)
        {
            await Ignore404Async(() => Docker.Volumes.RemoveAsync(name, force: true, cts.Token));
        }

        _docker.Dispose();
    }

    private static async Task Ignore404Async(Func<Task> remove)
    {
        try
        {
            await remove();
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // The cleanup under test removed it.
        }
    }
}
