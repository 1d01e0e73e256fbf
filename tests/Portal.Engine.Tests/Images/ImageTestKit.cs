using Portal.Engine.Containers;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Images;

/// <summary>
/// Names and clean-up for image tests: every repository a test makes is unique to it, and on dispose the kit removes
/// each local name it handed out, any container and image left with the test's label (a failed build's cached
/// steps), and deletes each tag it pushed to the lab registry. Tests in parallel never share a name.
/// </summary>
internal sealed class ImageTestKit : IAsyncDisposable
{
    /// <summary>The busybox image the set-up builds; spelled here so the web tests can share this file.</summary>
    public const string ShellImage = "portal/shell:latest";

    private readonly Lock _gate = new();
    private readonly List<string> _localNames = [];
    private readonly List<(string Repository, string Tag)> _registryTags = [];

    public string TestRunId { get; } = "image-tests-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A name under the user's namespace on the lab registry, removed locally and in the registry on dispose.</summary>
    public string LabName(string userName, string name, string tag = "v1")
    {
        var repository = $"{LabRegistry.Host}/{userName}/{name}";
        Track(repository, tag);
        return $"{repository}:{tag}";
    }

    /// <summary>Any name the test chooses, removed locally (and from the lab registry when it is there) on dispose.</summary>
    public string Track(string repository, string tag)
    {
        lock (_gate)
        {
            _localNames.Add($"{repository}:{tag}");
            if (repository.StartsWith(LabRegistry.Host + "/", StringComparison.Ordinal))
            {
                _registryTags.Add((repository[(LabRegistry.Host.Length + 1)..], tag));
            }
        }

        return $"{repository}:{tag}";
    }

    /// <summary>Builds a small image unique to this test (a layer of random bytes on the shell image) with the docker CLI.</summary>
    public async Task BuildUniqueAsync(string reference, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("portal-image-test-");
        try
        {
            await File.WriteAllTextAsync(
                Path.Combine(folder.FullName, "Dockerfile"),
                $"FROM {ShellImage}\nLABEL {PortalLabels.TestRun}={TestRunId}\nRUN head -c 400000 /dev/urandom > /blob.bin\n",
                cancellationToken);
            await DockerCli.OutputAsync(["build", "--quiet", "--tag", reference, folder.FullName], cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Runs a command in a throw-away container from the image, with the test label, and returns its output.</summary>
    public Task<string> RunInAsync(string image, string command, CancellationToken cancellationToken) =>
        DockerCli.OutputAsync(["run", "--rm", "--label", $"{PortalLabels.TestRun}={TestRunId}", image, "sh", "-c", command], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var id in (await DockerCli.OutputAsync(["ps", "-aq", "--filter", $"label={PortalLabels.TestRun}={TestRunId}"], cts.Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await DockerCli.RunAsync(["rm", "-f", id], cts.Token);
        }

        List<string> names;
        List<(string Repository, string Tag)> tags;
        lock (_gate)
        {
            names = [.. _localNames];
            tags = [.. _registryTags];
        }

        foreach (var name in names)
        {
            await DockerCli.RunAsync(["rmi", "--force", name], cts.Token);
        }

        // What the classic builder keeps as cache from a failed build: untagged images carrying the test's label.
        foreach (var id in (await DockerCli.OutputAsync(["images", "-q", "--filter", $"label={PortalLabels.TestRun}={TestRunId}"], cts.Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct())
        {
            await DockerCli.RunAsync(["rmi", "--force", id], cts.Token);
        }

        foreach (var (repository, tag) in tags)
        {
            await LabRegistry.DeleteAsync(repository, tag, cts.Token);
        }
    }
}
