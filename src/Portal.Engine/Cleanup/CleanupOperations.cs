using System.Net;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Engine.Docker;
using Portal.Engine.Launch;

namespace Portal.Engine.Cleanup;

/// <summary>
/// Removes one cleanup item on the engine, never by force: the engine's own refusal (409: a container runs, an
/// image or volume is in use) is the last line of defence and reads as "skipped", not as an error.
/// </summary>
internal sealed partial class CleanupOperations(DockerConnection connection, DockerHttpApi http, LaunchGate launchGate, ILogger<CleanupOperations> logger)
{
    public async Task<RemovalOutcome> RemoveAsync(CleanupCandidate candidate, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = candidate.Item.Kind switch
            {
                CleanupItemKinds.Container => await RemoveContainerAsync(candidate, cancellationToken).ConfigureAwait(false),
                CleanupItemKinds.Image => await RemoveImageAsync(candidate, cancellationToken).ConfigureAwait(false),
                CleanupItemKinds.Volume => await RemoveVolumeAsync(candidate, cancellationToken).ConfigureAwait(false),
                CleanupItemKinds.BuildCache => await PruneBuildCacheAsync(cancellationToken).ConfigureAwait(false),
                _ => RemovalOutcome.Failed($"Unknown kind '{candidate.Item.Kind}'."),
            };
            if (outcome.Status == RemovalStatus.Removed)
            {
                LogRemoved(logger, candidate.Item.Kind, candidate.Item.Name, outcome.Bytes);
            }

            return outcome;
        }
        catch (DockerContainerNotFoundException)
        {
            return RemovalOutcome.Skipped("it was already gone");
        }
        catch (DockerImageNotFoundException)
        {
            return RemovalOutcome.Skipped("it was already gone");
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return RemovalOutcome.Skipped("it was already gone");
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            return RemovalOutcome.Skipped("the engine refused, it is in use: " + EngineMessage(ex));
        }
        catch (DockerHttpException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            return RemovalOutcome.Skipped("the engine refused, it is in use: " + ex.Message);
        }
        catch (Exception ex) when (ex is DockerApiException or DockerHttpException or HttpRequestException or IOException or TimeoutException)
        {
            LogFailed(logger, candidate.Item.Kind, candidate.Item.Name, ex.GetBaseException().Message);
            return RemovalOutcome.Failed(ex is DockerApiException api ? EngineMessage(api) : ex.GetBaseException().Message);
        }
    }

    private async Task<RemovalOutcome> RemoveContainerAsync(CleanupCandidate candidate, CancellationToken cancellationToken)
    {
        // Not forced: the engine refuses a container that was started since the plan was made.
        await connection.Client.Containers.RemoveContainerAsync(
            candidate.DockerId,
            new ContainerRemoveParameters { Force = false, RemoveVolumes = false },
            cancellationToken).ConfigureAwait(false);
        return RemovalOutcome.Removed(candidate.Item.Bytes);
    }

    /// <summary>
    /// Under the launch gate: a launch checks that its image exists and creates its container without a removal in
    /// between, and the image is checked again here (containers using it, images built on it) before any tag goes.
    /// </summary>
    private async Task<RemovalOutcome> RemoveImageAsync(CleanupCandidate candidate, CancellationToken cancellationToken)
    {
        var images = connection.Client.Images;
        await launchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var image = await images.InspectImageAsync(candidate.DockerId, cancellationToken).ConfigureAwait(false);
            var containers = await connection.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellationToken).ConfigureAwait(false);
            var users = containers.Count(c => c.ImageID == image.ID);
            if (users > 0)
            {
                return RemovalOutcome.Skipped($"used by {users} container{(users == 1 ? string.Empty : "s")} now");
            }

            var all = await images.ListImagesAsync(new ImagesListParameters { All = true }, cancellationToken).ConfigureAwait(false);
            if (all.Any(i => i.ParentID == image.ID))
            {
                return RemovalOutcome.Skipped("other images are built on it");
            }

            // Docker refuses to delete an image with several tags by id; every tag but one goes first.
            var tags = (image.RepoTags ?? []).Where(t => t != "<none>:<none>").ToList();
            foreach (var tag in tags.Skip(1))
            {
                await images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = false }, cancellationToken).ConfigureAwait(false);
            }

            await images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = false }, cancellationToken).ConfigureAwait(false);
            return RemovalOutcome.Removed(candidate.Item.Bytes);
        }
        finally
        {
            launchGate.Release();
        }
    }

    private async Task<RemovalOutcome> RemoveVolumeAsync(CleanupCandidate candidate, CancellationToken cancellationToken)
    {
        await connection.Client.Volumes.RemoveAsync(candidate.DockerId, force: false, cancellationToken).ConfigureAwait(false);
        return RemovalOutcome.Removed(candidate.Item.Bytes);
    }

    private async Task<RemovalOutcome> PruneBuildCacheAsync(CancellationToken cancellationToken)
    {
        using var answer = await http.PostJsonAsync("/build/prune?all=1", cancellationToken).ConfigureAwait(false);
        var reclaimed = answer.RootElement.TryGetProperty("SpaceReclaimed", out var space) && space.TryGetInt64(out var bytes) ? bytes : 0;
        return RemovalOutcome.Removed(reclaimed);
    }

    private static string EngineMessage(DockerApiException ex)
    {
        if (ex.ResponseBody is not { Length: > 0 } body)
        {
            return ex.Message;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("message", out var message) ? message.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup removed the {Kind} {Name} ({Bytes} bytes)")]
    private static partial void LogRemoved(ILogger logger, string kind, string name, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleanup could not remove the {Kind} {Name}: {Error}")]
    private static partial void LogFailed(ILogger logger, string kind, string name, string error);
}
