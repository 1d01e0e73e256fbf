using Docker.DotNet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Common;
using Portal.Engine.Containers;
using Portal.Engine.Disk;
using Portal.Engine.Docker;
using Portal.Engine.Launch;
using Portal.Engine.Proxy;
using Portal.Engine.Quotas;
using Portal.Engine.Registries;

namespace Portal.Engine.Images;

internal sealed partial class ImageManager(
    IImageOperations images,
    IContainerManager containers,
    IRegistryDirectory registries,
    IDiskQuota diskQuota,
    IQuotaService quotas,
    IDiskUsage diskUsage,
    IAuditLog audit,
    ImageRecordStore records,
    LaunchGate launchGate,
    IOptions<ImageOptions> imageOptions,
    IOptions<LaunchOptions> launchOptions,
    ILogger<ImageManager> logger) : IImageManager
{
    /// <summary>1 MiB: a Dockerfile is text someone typed or pasted.</summary>
    internal const int MaxDockerfileLength = 1024 * 1024;

    private ImageOptions Options => imageOptions.Value;

    public async Task<string> GetLabHostAsync(CancellationToken cancellationToken)
    {
        var all = await registries.ListAsync(cancellationToken).ConfigureAwait(false);
        return all.FirstOrDefault(r => r.IsLab)?.Host ?? ImageNaming.DefaultLabHost;
    }

    public async Task<IReadOnlyList<LocalImage>> ListAsync(CancellationToken cancellationToken)
    {
        var listed = await images.ListAsync(cancellationToken).ConfigureAwait(false);
        var owners = await records.ListAsync(cancellationToken).ConfigureAwait(false);
        return listed
            .Select(image => owners.TryGetValue(image.Id, out var record) ? image with { Owner = record.Owner, Source = record.Source } : image)
            .OrderByDescending(image => image.CreatedAt)
            .ThenBy(image => image.Tags.FirstOrDefault(), StringComparer.Ordinal)
            .ToList();
    }

    public Task<IReadOnlyList<ImageLayer>?> GetHistoryAsync(string image, CancellationToken cancellationToken) =>
        images.GetHistoryAsync(image, cancellationToken);

    public async Task<ImageActionResult> PullAsync(Actor actor, string reference, ImageProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        progress ??= new ImageProgress(Options.BuildLogLines);
        var normalized = ImageReference.Normalize(reference);
        var command = ImageCommands.Pull(normalized ?? reference);
        if (normalized is null)
        {
            return await RefuseAsync(actor, "image.pull", reference, command, progress, LaunchErrorCodes.InvalidRequest, NotAName(reference)).ConfigureAwait(false);
        }

        if (!actor.IsAdmin && !ImageNaming.IsAllowed(normalized, launchOptions.Value.AllowedImages))
        {
            return await RefuseAsync(
                actor,
                "image.pull",
                normalized,
                command,
                progress,
                LaunchErrorCodes.ImageNotAllowed,
                $"The image '{normalized}' is not on the lab's allow-list ({string.Join(", ", launchOptions.Value.AllowedImages)}); members pull only images they may launch. Ask an admin to pull or allow it.").ConfigureAwait(false);
        }

        if (!actor.IsAdmin && await CheckPullTargetAsync(actor, normalized, cancellationToken).ConfigureAwait(false) is { } moved)
        {
            return await RefuseAsync(actor, "image.pull", normalized, command, progress, ImageErrorCodes.NameNotAllowed, moved).ConfigureAwait(false);
        }

        if (await diskQuota.CheckAsync(actor.UserName, cancellationToken).ConfigureAwait(false) is { } overQuota)
        {
            return await RefuseAsync(actor, "image.pull", normalized, command, progress, overQuota.Code, overQuota.Message).ConfigureAwait(false);
        }

        return await AuditCancellationAsync(actor, "image.pull", normalized, () => PullOnEngineAsync(actor, normalized, command, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ImageActionResult> BuildAsync(Actor actor, ImageBuildRequest request, ImageProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        progress ??= new ImageProgress(Options.BuildLogLines);
        var normalized = ImageReference.Normalize(request.Reference);
        var command = ImageCommands.Build(normalized ?? request.Reference, request.Context is not null);
        if (normalized is null)
        {
            return await RefuseAsync(actor, "image.build", request.Reference, command, progress, LaunchErrorCodes.InvalidRequest, NotAName(request.Reference)).ConfigureAwait(false);
        }

        if (string.IsNullOrWhiteSpace(request.Dockerfile) || request.Dockerfile.Length > MaxDockerfileLength)
        {
            return await RefuseAsync(actor, "image.build", normalized, command, progress, LaunchErrorCodes.InvalidRequest, "A Dockerfile is required (at most 1 MiB of text).").ConfigureAwait(false);
        }

        if (await CheckTargetAsync(actor, normalized, cancellationToken).ConfigureAwait(false) is { } naming)
        {
            return await RefuseAsync(actor, "image.build", normalized, command, progress, ImageErrorCodes.NameNotAllowed, naming).ConfigureAwait(false);
        }

        var baseImages = DockerfileBaseImages.Parse(request.Dockerfile);
        if (!actor.IsAdmin && await CheckBaseImagesAsync(baseImages, cancellationToken).ConfigureAwait(false) is { } baseRefused)
        {
            return await RefuseAsync(actor, "image.build", normalized, command, progress, LaunchErrorCodes.ImageNotAllowed, baseRefused).ConfigureAwait(false);
        }

        if (await diskQuota.CheckAsync(actor.UserName, cancellationToken).ConfigureAwait(false) is { } overQuota)
        {
            return await RefuseAsync(actor, "image.build", normalized, command, progress, overQuota.Code, overQuota.Message).ConfigureAwait(false);
        }

        return await AuditCancellationAsync(actor, "image.build", normalized, () => BuildOnEngineAsync(actor, request, normalized, command, baseImages, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ImageActionResult> CommitAsync(Actor actor, string containerId, string reference, bool push, ImageProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        progress ??= new ImageProgress(Options.BuildLogLines);
        var normalized = ImageReference.Normalize(reference);
        var container = containers.Find(actor, containerId);
        var command = ImageCommands.Commit(container?.Name ?? containerId, normalized ?? reference) + (push ? " && " + ImageCommands.Push(normalized ?? reference) : string.Empty);
        if (container is null)
        {
            return await RefuseAsync(actor, "image.commit", containerId, command, progress, LaunchErrorCodes.NotFound, $"There is no container '{containerId}' of yours.").ConfigureAwait(false);
        }

        if (normalized is null)
        {
            return await RefuseAsync(actor, "image.commit", reference, command, progress, LaunchErrorCodes.InvalidRequest, NotAName(reference)).ConfigureAwait(false);
        }

        if (await CheckTargetAsync(actor, normalized, cancellationToken).ConfigureAwait(false) is { } naming)
        {
            return await RefuseAsync(actor, "image.commit", normalized, command, progress, ImageErrorCodes.NameNotAllowed, naming).ConfigureAwait(false);
        }

        if (await diskQuota.CheckAsync(actor.UserName, cancellationToken).ConfigureAwait(false) is { } overQuota)
        {
            return await RefuseAsync(actor, "image.commit", normalized, command, progress, overQuota.Code, overQuota.Message).ConfigureAwait(false);
        }

        var existing = await ExistingIdsAsync(cancellationToken).ConfigureAwait(false);
        progress.BeginPhase("commit");
        progress.AddLine($"Committing container {container.DisplayName} ({container.ShortId}) to {normalized} ...");
        var (repository, tag) = ImageNaming.Split(normalized);
        // Someone else's container (admins only get this far): the audit record says whose it was.
        var whose = container.IsOwnedBy(actor.UserName) ? string.Empty : $" (container of {container.Owner ?? "no portal user"})";
        string imageId;
        try
        {
            using var timeout = Timeout(Options.CommitTimeout, cancellationToken);
            // The portal's bookkeeping (owner, ids, the web proxy's token) must not travel with the image to whoever pulls it.
            var blankLabels = container.Labels.Keys.Where(label => label.StartsWith(PortalLabels.Prefix, StringComparison.Ordinal)).ToList();
            string[] blankEnvironment = container.Labels.ContainsKey(PortalLabels.ProxyToken) ? [ProxyToken.EnvironmentVariable] : [];
            imageId = await images.CommitAsync(
                container.Id, repository, tag, $"committed through the portal by {actor.UserName} from {container.DisplayName}", blankLabels, blankEnvironment, timeout.Token).ConfigureAwait(false);
        }
        catch (DockerHttpException ex)
        {
            return await FailAsync(actor, "image.commit", normalized, command, progress, LaunchErrorCodes.EngineError, "The engine did not commit the container: " + ex.Message).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return await FailAsync(actor, "image.commit", normalized, command, progress, LaunchErrorCodes.EngineError, "The Docker engine did not answer: " + ex.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await FailAsync(actor, "image.commit", normalized, command, progress, LaunchErrorCodes.EngineError, TookTooLong(Options.CommitTimeout, nameof(ImageOptions.CommitTimeoutMinutes))).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await AuditCancelledAsync(actor, "image.commit", normalized).ConfigureAwait(false);
            throw;
        }

        await RecordIfNewAsync(existing, imageId, actor, ImageSources.Commit, normalized).ConfigureAwait(false);
        await audit.WriteAsync(actor.UserName, "image.commit", normalized, AuditOutcome.Succeeded, $"from container {container.DisplayName} ({container.ShortId}){whose}; image {ShortId(imageId)}", CancellationToken.None).ConfigureAwait(false);
        diskUsage.RequestRefresh();
        LogDone(logger, "image.commit", actor.UserName, normalized);
        progress.AddLine($"Committed {normalized} as {ShortId(imageId)}.");
        if (!push)
        {
            progress.Complete(null);
            return new ImageActionResult(imageId, normalized, command, null);
        }

        var pushError = await PushCoreAsync(actor, normalized, progress, cancellationToken).ConfigureAwait(false);
        progress.Complete(pushError is null ? null : "The commit is kept; the push failed: " + pushError.Message);
        return new ImageActionResult(imageId, normalized, command, null, pushError is null ? null : "The image was committed, but the push failed: " + pushError.Message);
    }

    public async Task<ImageActionResult> TagAsync(Actor actor, string image, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var progress = new ImageProgress(10);
        var normalized = ImageReference.Normalize(reference);
        var command = ImageCommands.Tag(image, normalized ?? reference);
        if (normalized is null)
        {
            return await RefuseAsync(actor, "image.tag", reference, command, progress, LaunchErrorCodes.InvalidRequest, NotAName(reference)).ConfigureAwait(false);
        }

        if (await CheckTargetAsync(actor, normalized, cancellationToken).ConfigureAwait(false) is { } naming)
        {
            return await RefuseAsync(actor, "image.tag", normalized, command, progress, ImageErrorCodes.NameNotAllowed, naming).ConfigureAwait(false);
        }

        var imageId = await images.GetIdAsync(image, cancellationToken).ConfigureAwait(false);
        if (imageId is null)
        {
            return await RefuseAsync(actor, "image.tag", normalized, command, progress, LaunchErrorCodes.ImageNotFound, $"There is no image '{image}' on this workstation.").ConfigureAwait(false);
        }

        var (repository, tag) = ImageNaming.Split(normalized);
        try
        {
            await images.TagAsync(imageId, repository, tag, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex)
        {
            return await FailAsync(actor, "image.tag", normalized, command, progress, LaunchErrorCodes.EngineError, "The engine did not tag the image: " + EngineErrors.Message(ex)).ConfigureAwait(false);
        }

        return await SucceedAsync(actor, "image.tag", normalized, command, progress, imageId, $"from {image}").ConfigureAwait(false);
    }

    public async Task<ImageActionResult> PushAsync(Actor actor, string reference, ImageProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        progress ??= new ImageProgress(Options.BuildLogLines);
        var normalized = ImageReference.Normalize(reference);
        var command = ImageCommands.Push(normalized ?? reference);
        if (normalized is null)
        {
            return await RefuseAsync(actor, "image.push", reference, command, progress, LaunchErrorCodes.InvalidRequest, NotAName(reference)).ConfigureAwait(false);
        }

        if (await CheckTargetAsync(actor, normalized, cancellationToken).ConfigureAwait(false) is { } naming)
        {
            return await RefuseAsync(actor, "image.push", normalized, command, progress, ImageErrorCodes.NameNotAllowed, naming).ConfigureAwait(false);
        }

        var imageId = await images.GetIdAsync(normalized, cancellationToken).ConfigureAwait(false);
        if (imageId is null)
        {
            return await RefuseAsync(actor, "image.push", normalized, command, progress, LaunchErrorCodes.ImageNotFound, $"There is no image '{normalized}' on this workstation; tag one with that name first.").ConfigureAwait(false);
        }

        var error = await PushCoreAsync(actor, normalized, progress, cancellationToken).ConfigureAwait(false);
        progress.Complete(error?.Message);
        return new ImageActionResult(imageId, normalized, command, error);
    }

    public async Task<ImageActionResult> RemoveAsync(Actor actor, string image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var progress = new ImageProgress(10);
        var command = ImageCommands.Remove(image);
        var imageId = string.IsNullOrWhiteSpace(image) ? null : await images.GetIdAsync(image, cancellationToken).ConfigureAwait(false);
        if (imageId is null)
        {
            return await RefuseAsync(actor, "image.remove", image, command, progress, LaunchErrorCodes.ImageNotFound, $"There is no image '{image}' on this workstation.").ConfigureAwait(false);
        }

        var record = await records.FindAsync(imageId, cancellationToken).ConfigureAwait(false);
        if (!actor.IsAdmin && !await MayRemoveAsync(actor, image, imageId, record, cancellationToken).ConfigureAwait(false))
        {
            return await RefuseAsync(actor, "image.remove", image, command, progress, ImageErrorCodes.NotOwner, $"'{image}' is not yours to remove: members remove names in their own namespace, and by id only images whose every name is in it.").ConfigureAwait(false);
        }

        RemovalResult removed;
        // Like cleanup's removals: not in the middle of a launch that is about to use the image.
        await launchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            removed = await images.RemoveAsync(image, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            launchGate.Release();
        }

        switch (removed.Status)
        {
            case RemovalStatus.InUse:
                return await RefuseAsync(actor, "image.remove", image, command, progress, ImageErrorCodes.InUse, $"'{image}' is in use, so the engine kept it: {removed.Reason}. Remove the containers made from it first.").ConfigureAwait(false);
            case RemovalStatus.NotFound:
                return await RefuseAsync(actor, "image.remove", image, command, progress, LaunchErrorCodes.ImageNotFound, $"There is no image '{image}' on this workstation.").ConfigureAwait(false);
        }

        var gone = await images.GetIdAsync(imageId, CancellationToken.None).ConfigureAwait(false) is null;
        if (gone)
        {
            await records.ForgetAsync(imageId, CancellationToken.None).ConfigureAwait(false);
        }

        return await SucceedAsync(actor, "image.remove", image, command, progress, gone ? null : imageId, gone ? $"image {ShortId(imageId)} deleted" : $"name removed; image {ShortId(imageId)} keeps its other names").ConfigureAwait(false);
    }

    /// <summary>
    /// Members remove names in their own namespace (which only untags a shared image), and by id only an image whose
    /// every name is in their namespace, or an untagged one they brought: never a name or an image others launch.
    /// </summary>
    private async Task<bool> MayRemoveAsync(Actor actor, string image, string imageId, ImageRecord? record, CancellationToken cancellationToken)
    {
        var labHost = await GetLabHostAsync(cancellationToken).ConfigureAwait(false);
        if (!IsId(image, imageId))
        {
            return ImageReference.Normalize(image) is { } normalized && ImageNaming.IsInNamespace(actor.UserName, normalized, labHost);
        }

        var listed = await images.ListAsync(cancellationToken).ConfigureAwait(false);
        var tags = listed.FirstOrDefault(i => i.Id == imageId)?.Tags ?? [];
        return tags.Count > 0
            ? tags.All(tag => ImageReference.Normalize(tag) is { } name && ImageNaming.IsInNamespace(actor.UserName, name, labHost))
            : record is not null && record.Owner == actor.UserName;
    }

    /// <summary>True when the caller named the image by its id (full, or a short hex prefix the engine resolved), not by a name.</summary>
    private static bool IsId(string image, string imageId) =>
        image.StartsWith("sha256:", StringComparison.Ordinal)
        || (image.Length >= 4 && image.All(char.IsAsciiHexDigitLower) && imageId.StartsWith("sha256:" + image, StringComparison.Ordinal));

    /// <summary>
    /// Why a member may not pull this (normalised, allowed) reference, or null. A reference without a registry host
    /// would come from Docker Hub and replace a starter image built here; one that is already here outside the
    /// member's namespace would move a name others launch.
    /// </summary>
    private async Task<string?> CheckPullTargetAsync(Actor actor, string normalized, CancellationToken cancellationToken)
    {
        if (ImageNaming.HostOf(normalized) is null)
        {
            return $"'{normalized}' names no registry, so it would be pulled from Docker Hub over the local image of that name. Images named without a registry are built on this workstation and can be launched directly.";
        }

        if (ImageNaming.IsInNamespace(actor.UserName, normalized, await GetLabHostAsync(cancellationToken).ConfigureAwait(false)))
        {
            return null;
        }

        return await images.ExistsAsync(normalized, cancellationToken).ConfigureAwait(false)
            ? $"'{normalized}' is already on this workstation: launch it, or ask an admin to pull a newer copy (a member's pull would move the name for everyone)."
            : null;
    }

    /// <summary>Why a member's Dockerfile may not build on its base images (with the offending line), or null when each is allowed or already here.</summary>
    private async Task<string?> CheckBaseImagesAsync(IReadOnlyList<DockerfileBaseImage> baseImages, CancellationToken cancellationToken)
    {
        foreach (var baseImage in baseImages)
        {
            if (baseImage.Reference.Contains('$', StringComparison.Ordinal))
            {
                return $"Line {baseImage.LineNumber} ({baseImage.Instruction}): members name base images literally, without build arguments ($...), so the portal can check them against the allow-list.";
            }

            var normalized = ImageReference.Normalize(baseImage.Reference);
            if (normalized is null)
            {
                return $"Line {baseImage.LineNumber} ({baseImage.Instruction}): '{baseImage.Reference}' is not an image name.";
            }

            if (!ImageNaming.IsAllowed(normalized, launchOptions.Value.AllowedImages) && !await images.ExistsAsync(normalized, cancellationToken).ConfigureAwait(false))
            {
                return $"Line {baseImage.LineNumber} ({baseImage.Instruction}): the base image '{normalized}' is neither on this workstation nor on the lab's allow-list ({string.Join(", ", launchOptions.Value.AllowedImages)}). Ask an admin to pull or allow it.";
            }
        }

        return null;
    }

    private async Task<HashSet<string>> ExistingIdsAsync(CancellationToken cancellationToken) =>
        (await images.ListAsync(cancellationToken).ConfigureAwait(false)).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>Ownership goes only with an image the action made: one already here (a starter image, a cached build) stays unowned or keeps its owner.</summary>
    private Task RecordIfNewAsync(HashSet<string> existingBefore, string imageId, Actor actor, string source, string reference) =>
        existingBefore.Contains(imageId) ? Task.CompletedTask : records.RecordAsync(imageId, actor.UserName, source, reference, CancellationToken.None);

    private Task<LaunchError?> PushCoreAsync(Actor actor, string normalized, ImageProgress progress, CancellationToken cancellationToken) =>
        AuditCancellationAsync(actor, "image.push", normalized, () => PushOnEngineAsync(actor, normalized, progress, cancellationToken), cancellationToken);

    private async Task<ImageActionResult> PullOnEngineAsync(Actor actor, string normalized, string command, ImageProgress progress, CancellationToken cancellationToken)
    {
        var existing = await ExistingIdsAsync(cancellationToken).ConfigureAwait(false);
        progress.BeginPhase("pull");
        var registry = await RegistryForAsync(normalized, cancellationToken).ConfigureAwait(false);
        var error = await WithinAsync(token => images.PullAsync(normalized, registry, progress, token), Options.TransferTimeout, nameof(ImageOptions.TransferTimeoutMinutes), cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            var (code, message) = DescribeTransferError(error, normalized, ImageErrorCodes.PullFailed, "pull");
            return await FailAsync(actor, "image.pull", normalized, command, progress, code, message).ConfigureAwait(false);
        }

        var imageId = await images.GetIdAsync(normalized, CancellationToken.None).ConfigureAwait(false);
        if (imageId is null)
        {
            return await FailAsync(actor, "image.pull", normalized, command, progress, ImageErrorCodes.PullFailed, $"The engine reported the pull of {normalized} done, but has no such image.").ConfigureAwait(false);
        }

        await RecordIfNewAsync(existing, imageId, actor, ImageSources.Pull, normalized).ConfigureAwait(false);
        return await SucceedAsync(actor, "image.pull", normalized, command, progress, imageId, null).ConfigureAwait(false);
    }

    private async Task<ImageActionResult> BuildOnEngineAsync(Actor actor, ImageBuildRequest request, string normalized, string command, IReadOnlyList<DockerfileBaseImage> baseImages, ImageProgress progress, CancellationToken cancellationToken)
    {
        var existing = await ExistingIdsAsync(cancellationToken).ConfigureAwait(false);
        progress.BeginPhase("build");
        string contextPath;
        try
        {
            contextPath = await BuildContextWriter.WriteAsync(request.Dockerfile, request.Context, Options.MaxContextBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (BuildContextException ex)
        {
            return await RefuseAsync(actor, "image.build", normalized, command, progress, ImageErrorCodes.InvalidContext, ex.Message).ConfigureAwait(false);
        }

        string? error;
        try
        {
            var credentials = await BuildCredentialsAsync(actor, baseImages, cancellationToken).ConfigureAwait(false);
            var quota = await quotas.GetLimitsAsync(actor.UserName, cancellationToken).ConfigureAwait(false);
            var limits = new BuildLimits(quota.MaxMemoryMiBPerContainer * 1024L * 1024, quota.MaxCpusPerContainer, quota.MaxShmMiBPerContainer * 1024L * 1024);
            var context = new FileStream(contextPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await using (context.ConfigureAwait(false))
            {
                error = await WithinAsync(
                    token => images.BuildAsync(context, BuildContextWriter.DockerfileName, normalized, credentials, limits, progress, token),
                    Options.BuildTimeout,
                    nameof(ImageOptions.BuildTimeoutMinutes),
                    cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(contextPath);
        }

        if (error is not null)
        {
            return await FailAsync(actor, "image.build", normalized, command, progress, ImageErrorCodes.BuildFailed, DescribeBuildError(error, progress.Current.Log)).ConfigureAwait(false);
        }

        var imageId = await images.GetIdAsync(normalized, CancellationToken.None).ConfigureAwait(false);
        if (imageId is null)
        {
            return await FailAsync(actor, "image.build", normalized, command, progress, ImageErrorCodes.BuildFailed, $"The engine reported the build done, but has no image {normalized}.").ConfigureAwait(false);
        }

        await RecordIfNewAsync(existing, imageId, actor, ImageSources.Build, normalized).ConfigureAwait(false);
        return await SucceedAsync(actor, "image.build", normalized, command, progress, imageId, null).ConfigureAwait(false);
    }

    private async Task<LaunchError?> PushOnEngineAsync(Actor actor, string normalized, ImageProgress progress, CancellationToken cancellationToken)
    {
        progress.BeginPhase("push");
        var registry = await RegistryForAsync(normalized, cancellationToken).ConfigureAwait(false);
        var error = await WithinAsync(token => images.PushAsync(normalized, registry, progress, token), Options.TransferTimeout, nameof(ImageOptions.TransferTimeoutMinutes), cancellationToken).ConfigureAwait(false);
        if (error is null)
        {
            await audit.WriteAsync(actor.UserName, "image.push", normalized, AuditOutcome.Succeeded, null, CancellationToken.None).ConfigureAwait(false);
            LogDone(logger, "image.push", actor.UserName, normalized);
            return null;
        }

        var (code, message) = DescribeTransferError(error, normalized, ImageErrorCodes.PushFailed, "push");
        await audit.WriteAsync(actor.UserName, "image.push", normalized, AuditOutcome.Failed, $"{code}: {message}", CancellationToken.None).ConfigureAwait(false);
        LogFailed(logger, "image.push", actor.UserName, normalized, message);
        return new LaunchError(code, message);
    }

    /// <summary>A member's build fetches only its (checked) base images, so it gets only those registries' credentials.</summary>
    private async Task<List<RegistryAccess>> BuildCredentialsAsync(Actor actor, IReadOnlyList<DockerfileBaseImage> baseImages, CancellationToken cancellationToken)
    {
        var all = await registries.ListAsync(cancellationToken).ConfigureAwait(false);
        var credentials = new List<RegistryAccess>();
        var baseHosts = baseImages.Select(b => ImageReference.Normalize(b.Reference)).OfType<string>().Select(ImageNaming.HostOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var registry in all.Where(r => r.UserName is not null && (actor.IsAdmin || baseHosts.Contains(r.Host))))
        {
            if (await registries.FindByNameAsync(registry.Name, cancellationToken).ConfigureAwait(false) is { HasCredentials: true } access)
            {
                credentials.Add(access);
            }
        }

        return credentials;
    }

    /// <summary>
    /// Runs the part of an action that works on the engine (after the refusal checks): a caller who gives up meanwhile
    /// leaves one <c>cancelled</c> audit row, and the cancellation goes on up.
    /// </summary>
    private async Task<T> AuditCancellationAsync<T>(Actor actor, string action, string target, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await AuditCancelledAsync(actor, action, target).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<string?> CheckTargetAsync(Actor actor, string normalized, CancellationToken cancellationToken) =>
        ImageNaming.CheckTarget(actor, normalized, await GetLabHostAsync(cancellationToken).ConfigureAwait(false));

    private async Task<RegistryAccess?> RegistryForAsync(string normalized, CancellationToken cancellationToken) =>
        ImageNaming.HostOf(normalized) is { } host ? await registries.FindByHostAsync(host, cancellationToken).ConfigureAwait(false) : null;

    /// <summary>The registry's words, sorted into what people can act on: a missing tag, no answer, or refused credentials.</summary>
    internal static (string Code, string Message) DescribeTransferError(string error, string reference, string fallbackCode, string verb)
    {
        var host = ImageNaming.HostOf(reference) ?? "docker.io";
        if (error.Contains("manifest unknown", StringComparison.OrdinalIgnoreCase)
            || (error.Contains("manifest for", StringComparison.OrdinalIgnoreCase) && error.Contains("not found", StringComparison.OrdinalIgnoreCase))
            || error.Contains("repository does not exist", StringComparison.OrdinalIgnoreCase))
        {
            return (ImageErrorCodes.ManifestNotFound, $"manifest for {reference} not found: the registry {host} has no such repository or tag. ({error})");
        }

        if (error.Contains("unauthorized", StringComparison.OrdinalIgnoreCase)
            || error.Contains("authentication required", StringComparison.OrdinalIgnoreCase)
            || error.Contains("no basic auth credentials", StringComparison.OrdinalIgnoreCase)
            || error.Contains("denied", StringComparison.OrdinalIgnoreCase))
        {
            return (ImageErrorCodes.RegistryAuthFailed, $"The registry {host} refused the {verb}: wrong or missing credentials (an admin sets them under Registries). ({error})");
        }

        if (error.Contains("connection refused", StringComparison.OrdinalIgnoreCase)
            || error.Contains("no such host", StringComparison.OrdinalIgnoreCase)
            || error.Contains("i/o timeout", StringComparison.OrdinalIgnoreCase)
            || error.Contains("no route to host", StringComparison.OrdinalIgnoreCase)
            || error.Contains("dial tcp", StringComparison.OrdinalIgnoreCase)
            || error.Contains("server misbehaving", StringComparison.OrdinalIgnoreCase))
        {
            return (ImageErrorCodes.RegistryUnreachable, $"The registry {host} did not answer, so nothing was {(verb == "pull" ? "pulled" : "pushed")}. ({error})");
        }

        return (fallbackCode, $"The {verb} of {reference} failed: {error}");
    }

    /// <summary>The engine's message with the step that failed, so people see which line of their Dockerfile to fix.</summary>
    internal static string DescribeBuildError(string error, IReadOnlyList<string> log)
    {
        var step = log.LastOrDefault(line => line.StartsWith("Step ", StringComparison.Ordinal));
        return step is null || error.Contains("parse error", StringComparison.OrdinalIgnoreCase)
            ? "The build failed: " + error
            : $"The build failed at {step}: {error}";
    }

    /// <summary>
    /// Runs an engine call under its time limit. Running out of time becomes the call's error message, so it is
    /// audited and shown like any other failure; the caller's own cancellation still throws (and is audited by the action).
    /// </summary>
    private static async Task<string?> WithinAsync(Func<CancellationToken, Task<string?>> call, TimeSpan limit, string key, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(limit, cancellationToken);
        try
        {
            return await call(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TookTooLong(limit, key);
        }
    }

    /// <summary>
    /// An action given up once the engine was at work still leaves a trace: an admin reading the log sees who started
    /// what. The engine may have finished it anyway (a commit is quick), hence the wording.
    /// </summary>
    private Task AuditCancelledAsync(Actor actor, string action, string target)
    {
        LogCancelled(logger, action, actor.UserName, target);
        return audit.WriteAsync(
            actor.UserName, action, target, AuditOutcome.Cancelled, "the caller stopped waiting (page closed, request dropped or portal stopping)", CancellationToken.None);
    }

    private static string TookTooLong(TimeSpan limit, string key) =>
        $"it took longer than {(limit.TotalMinutes >= 1 ? $"{limit.TotalMinutes:0.#} minutes" : $"{limit.TotalSeconds:0.#} s")} (Images:{key}) and was stopped.";

    private static CancellationTokenSource Timeout(TimeSpan limit, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(limit);
        return source;
    }

    private static string NotAName(string reference) =>
        $"'{reference}' is not an image name (like 127.0.0.1:5000/alice/my-env:v1 or portal/python:latest).";

    private static string ShortId(string imageId) => new LocalImage(imageId, [], 0, default, null, null, []).ShortId;

    private async Task<ImageActionResult> RefuseAsync(Actor actor, string action, string target, string command, ImageProgress progress, string code, string message)
    {
        await audit.WriteAsync(actor.UserName, action, target, AuditOutcome.Refused, $"{code}: {message}", CancellationToken.None).ConfigureAwait(false);
        progress.Complete(message);
        return ImageActionResult.Refused(target, command, code, message);
    }

    private async Task<ImageActionResult> FailAsync(Actor actor, string action, string target, string command, ImageProgress progress, string code, string message)
    {
        await audit.WriteAsync(actor.UserName, action, target, AuditOutcome.Failed, $"{code}: {message}", CancellationToken.None).ConfigureAwait(false);
        LogFailed(logger, action, actor.UserName, target, message);
        progress.Complete(message);
        return ImageActionResult.Refused(target, command, code, message);
    }

    private async Task<ImageActionResult> SucceedAsync(Actor actor, string action, string target, string command, ImageProgress progress, string? imageId, string? detail)
    {
        var text = imageId is null ? detail : $"image {ShortId(imageId)}" + (detail is null ? string.Empty : "; " + detail);
        await audit.WriteAsync(actor.UserName, action, target, AuditOutcome.Succeeded, text, CancellationToken.None).ConfigureAwait(false);
        diskUsage.RequestRefresh();
        LogDone(logger, action, actor.UserName, target);
        progress.Complete(null);
        return new ImageActionResult(imageId, target, command, null);
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "{Action} by {User} of {Reference} done")]
    private static partial void LogDone(ILogger logger, string action, string user, string reference);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "{Action} by {User} of {Reference} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string action, string user, string reference, string reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "{Action} by {User} of {Reference} cancelled")]
    private static partial void LogCancelled(ILogger logger, string action, string user, string reference);
}
