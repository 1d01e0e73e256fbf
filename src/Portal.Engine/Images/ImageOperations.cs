using System.Net;
using System.Net.Http.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Portal.Engine.Common;
using Portal.Engine.Containers;
using Portal.Engine.Docker;
using Portal.Engine.Registries;

namespace Portal.Engine.Images;

internal sealed class ImageOperations(DockerConnection connection, DockerHttpApi http) : IImageOperations
{
    public async Task<bool> ExistsAsync(string image, CancellationToken cancellationToken) =>
        await GetIdAsync(image, cancellationToken).ConfigureAwait(false) is not null;

    public async Task<string?> GetIdAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            var inspected = await connection.Client.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
            return inspected.ID;
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<RemovalResult> RemoveAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await connection.Client.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = false }, cancellationToken).ConfigureAwait(false);
            return RemovalResult.Removed;
        }
        catch (DockerImageNotFoundException)
        {
            return RemovalResult.NotFound;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return RemovalResult.NotFound;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            return new RemovalResult(RemovalStatus.InUse, EngineErrors.Message(ex));
        }
    }

    public async Task<IReadOnlyList<LocalImage>> ListAsync(CancellationToken cancellationToken)
    {
        var images = await connection.Client.Images.ListImagesAsync(new ImagesListParameters { All = false }, cancellationToken).ConfigureAwait(false);
        var containers = await connection.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellationToken).ConfigureAwait(false);
        var usedBy = containers
            .GroupBy(c => c.ImageID, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(DisplayName).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        return images.Select(image => new LocalImage(
                image.ID,
                (image.RepoTags ?? []).Where(t => t != "<none>:<none>").Order(StringComparer.Ordinal).ToList(),
                image.Size,
                new DateTimeOffset(DateTime.SpecifyKind(image.Created, DateTimeKind.Utc)),
                null,
                null,
                usedBy.GetValueOrDefault(image.ID) ?? []))
            .ToList();
    }

    public async Task<IReadOnlyList<ImageLayer>?> GetHistoryAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            var history = await connection.Client.Images.GetImageHistoryAsync(image, cancellationToken).ConfigureAwait(false);
            return history.Select(h => new ImageLayer(
                    string.IsNullOrEmpty(h.ID) ? "<missing>" : h.ID,
                    new DateTimeOffset(DateTime.SpecifyKind(h.Created, DateTimeKind.Utc)),
                    h.CreatedBy ?? string.Empty,
                    h.Size,
                    h.Comment ?? string.Empty,
                    h.Tags?.ToList() ?? []))
                .ToList();
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task TagAsync(string image, string repository, string tag, CancellationToken cancellationToken) =>
        connection.Client.Images.TagImageAsync(image, new ImageTagParameters { RepositoryName = repository, Tag = tag }, cancellationToken);

    public async Task<string?> PullAsync(string reference, RegistryAccess? registry, ImageProgress progress, CancellationToken cancellationToken)
    {
        var (repository, tag) = ImageNaming.Split(reference);
        var parameters = new ImagesCreateParameters { FromImage = repository, Tag = tag };
        return await StreamAsync(
            sink => connection.Client.Images.CreateImageAsync(parameters, AuthOf(registry), sink, cancellationToken),
            progress,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> PushAsync(string reference, RegistryAccess? registry, ImageProgress progress, CancellationToken cancellationToken)
    {
        var (repository, tag) = ImageNaming.Split(reference);
        return await StreamAsync(
            sink => connection.Client.Images.PushImageAsync(repository, new ImagePushParameters { Tag = tag }, AuthOf(registry), sink, cancellationToken),
            progress,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> BuildAsync(
        Stream context, string dockerfileName, string reference, IReadOnlyList<RegistryAccess> registries, BuildLimits limits, ImageProgress progress, CancellationToken cancellationToken)
    {
        var parameters = new ImageBuildParameters
        {
            Dockerfile = dockerfileName,
            Tags = [reference],
            // Intermediate containers go, also when a step fails (forcerm): a failed build leaves none behind.
            Remove = true,
            ForceRemove = true,
            // The classic builder: BuildKit is not on every engine (20.10 has no buildx), and its output is another protocol.
            Version = "1",
            Memory = limits.MemoryBytes,
            // No swap beyond the memory limit, as launched containers.
            MemorySwap = limits.MemoryBytes,
            CPUPeriod = limits.CpuPeriod,
            CPUQuota = limits.CpuQuota,
            ShmSize = limits.ShmBytes,
        };
        var auth = registries.Where(r => r.HasCredentials).Select(AuthOf).OfType<AuthConfig>().ToList();
        return await StreamAsync(
            sink => connection.Client.Images.BuildImageFromDockerfileAsync(parameters, context, auth, new Dictionary<string, string>(), sink, cancellationToken),
            progress,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Through plain HTTP rather than Docker.DotNet: its requests end after <c>Docker:RequestTimeout</c>, and committing a
    /// container with gigabytes of installed packages takes longer; the caller bounds it with its own timeout.
    /// </summary>
    public async Task<string> CommitAsync(
        string containerId, string repository, string tag, string comment, IReadOnlyCollection<string> blankLabels, IReadOnlyCollection<string> blankEnvironment, CancellationToken cancellationToken)
    {
        var query = $"commit?container={Uri.EscapeDataString(containerId)}&repo={Uri.EscapeDataString(repository)}&tag={Uri.EscapeDataString(tag)}"
            + $"&comment={Uri.EscapeDataString(comment)}&author=portal&pause=true";
        // The engine merges this over the container's own config: what is named here wins, the rest is the container's.
        var config = new Dictionary<string, object>
        {
            ["Labels"] = blankLabels.ToDictionary(label => label, _ => string.Empty, StringComparer.Ordinal),
        };
        if (blankEnvironment.Count > 0)
        {
            config["Env"] = blankEnvironment.Select(name => name + "=").ToArray();
        }

        using var answer = await http.PostJsonAsync(query, JsonContent.Create(config), cancellationToken).ConfigureAwait(false);
        return answer.RootElement.GetProperty("Id").GetString() ?? throw new InvalidOperationException("The engine's commit answer has no Id.");
    }

    /// <summary>
    /// Runs a streaming call, feeding each JSON message to the progress, and returns the first error: the engine
    /// reports a failure either as an error answer before the stream starts, or as an error message inside it.
    /// </summary>
    private static async Task<string?> StreamAsync(Func<IProgress<JSONMessage>, Task> call, ImageProgress progress, CancellationToken cancellationToken)
    {
        string? error = null;
        var sink = new CallbackProgress<JSONMessage>(message =>
        {
            var messageError = message.Error?.Message;
            if (!string.IsNullOrEmpty(messageError))
            {
                error ??= messageError.Trim();
                return;
            }

            progress.Report(message.ID, message.Status, message.Progress?.Current, message.Progress?.Total, message.Stream);
        });
        try
        {
            await call(sink).ConfigureAwait(false);
        }
        catch (DockerApiException ex)
        {
            error ??= EngineErrors.Message(ex).Trim();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            error ??= "The connection to the Docker engine broke: " + ex.Message;
        }

        return error;
    }

    private static AuthConfig? AuthOf(RegistryAccess? registry) =>
        registry is { HasCredentials: true }
            ? new AuthConfig { Username = registry.Registry.UserName, Password = registry.Password, ServerAddress = registry.Registry.Host }
            : null;

    private static string DisplayName(ContainerListResponse container) =>
        (container.Labels is { } labels && labels.TryGetValue(PortalLabels.Name, out var name) ? name : null)
        ?? container.Names?.FirstOrDefault()?.TrimStart('/')
        ?? container.ID[..12];

    /// <summary>Reports synchronously, in order, on the thread that reads the stream.</summary>
    private sealed class CallbackProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
