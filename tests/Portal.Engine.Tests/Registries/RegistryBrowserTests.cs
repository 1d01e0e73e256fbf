using Portal.Engine.Containers;
using Portal.Engine.Registries;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Registries;

/// <summary>Browsing and deleting against a real Distribution 2.8 of the test's own (anonymous, deletes enabled unless said).</summary>
public sealed class RegistryBrowserTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task DockerPush_ThenBrowse_ShowsTheDockerV2ManifestWithHistory()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var registry = await RegistryProcess.StartAsync(cts.Token);
        await using var host = await RegistryHost.StartAsync(registry.Url, cts.Token);
        var user = NewUser();
        var reference = $"{registry.Host}/{user}/shell:v1";
        await DockerCli.OutputAsync(["tag", EngineEnvironment.ShellImage, reference], cts.Token);
        try
        {
            await DockerCli.OutputAsync(["push", reference], cts.Token);
        }
        finally
        {
            await DockerCli.RunAsync(["rmi", reference], CancellationToken.None);
        }

        var page = await host.Browser.ListRepositoriesAsync("lab", search: user, last: null, count: 10, cts.Token);
        Assert.True(page.Succeeded, page.Error?.Message);
        Assert.Equal([$"{user}/shell"], page.Value!.Repositories);
        var tags = await host.Browser.ListTagsAsync("lab", $"{user}/shell", null, cts.Token);
        Assert.Equal(["v1"], tags.Value);

        var detail = await host.Browser.GetTagAsync("lab", $"{user}/shell", "v1", cts.Token);
        Assert.True(detail.Succeeded, detail.Error?.Message);
        var tag = detail.Value!;
        Assert.Equal(ManifestMediaTypes.DockerManifest, tag.MediaType);
        Assert.False(tag.IsIndex);
        Assert.StartsWith("sha256:", tag.Digest, StringComparison.Ordinal);
        Assert.Equal(reference, tag.PullReference);
        Assert.True(tag.CompressedSize > 100_000, $"busybox compresses to about a megabyte, was {tag.CompressedSize}");
        Assert.NotNull(tag.Created);
        Assert.NotEmpty(tag.History);
        // portal/shell is a `docker import`: its one step has no created_by, only the comment.
        Assert.Contains(tag.History, h => !h.EmptyLayer && h.Size > 0 && h.CreatedBy == "Imported from -");
        Assert.Empty(tag.TagsSharingDigest);
    }

    [Fact]
    public async Task Catalog_WithPageSizeTwo_FollowsTheLinkHeaderPastTheRegistryPage()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var registry = await RegistryProcess.StartAsync(cts.Token);
        await using var host = await RegistryHost.StartAsync(registry.Url, cts.Token, pageSize: 2);
        using var uploads = new RegistryUploads(registry.Url);
        string[] names = ["alpha/one", "alpha/two", "beta/x", "gamma/deep/nested", "gamma/y"];
        foreach (var name in names)
        {
            await uploads.PushImageAsync(name, "latest", cts.Token);
        }

        var all = await host.Browser.ListRepositoriesAsync("lab", null, null, 100, cts.Token);
        Assert.True(all.Succeeded, all.Error?.Message);
        Assert.Equal(names, all.Value!.Repositories);
        Assert.Null(all.Value.Next);

        var first = await host.Browser.ListRepositoriesAsync("lab", null, null, 3, cts.Token);
        Assert.Equal(names[..3], first.Value!.Repositories);
        Assert.Equal("beta/x", first.Value.Next);
        var second = await host.Browser.ListRepositoriesAsync("lab", null, first.Value.Next, 3, cts.Token);
        Assert.Equal(names[3..], second.Value!.Repositories);
        Assert.Null(second.Value.Next);

        // The search runs over every page, not only the first the registry sends.
        var searched = await host.Browser.ListRepositoriesAsync("lab", "GAMMA", null, 100, cts.Token);
        Assert.Equal(["gamma/deep/nested", "gamma/y"], searched.Value!.Repositories);
    }

    [Fact]
    public async Task Tags_AcrossPages_AreSortedLatestFirstThenNewestVersion()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var registry = await RegistryProcess.StartAsync(cts.Token);
        await using var host = await RegistryHost.StartAsync(registry.Url, cts.Token, pageSize: 2);
        using var uploads = new RegistryUploads(registry.Url);
        var (digest, _) = await uploads.PushImageAsync("team/app", "dev", cts.Token);
        var manifest = await ManifestOfAsync(registry, "team/app", "dev", cts.Token);
        foreach (var tag in new[] { "1.9", "latest", "1.10", "v2.0", "1.10-rc1" })
        {
            Assert.Equal(digest, await uploads.PutManifestAsync("team/app", tag, ManifestMediaTypes.OciManifest, manifest, cts.Token));
        }

        var tags = await host.Browser.ListTagsAsync("lab", "team/app", null, cts.Token);
        Assert.Equal(["latest", "v2.0", "1.10", "1.10-rc1", "1.9", "dev"], tags.Value);
        var searched = await host.Browser.ListTagsAsync("lab", "team/app", "1.1", cts.Token);
        Assert.Equal(["1.10", "1.10-rc1"], searched.Value);
    }

    [Fact]
    public async Task OciIndex_Detail_ListsItsPlatformsWithTheirSizes()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var registry = await RegistryProcess.StartAsync(cts.Token);
        await using var host = await RegistryHost.StartAsync(registry.Url, cts.Token);
        using var uploads = new RegistryUploads(registry.Url);
        var (digest, platforms) = await uploads.PushIndexAsync("multi/arch", "1.0", cts.Token);

        var detail = await host.Browser.GetTagAsync("lab", "multi/arch", "1.0", cts.Token);
        Assert.True(detail.Succeeded, detail.Error?.Message);
        var tag = detail.Value!;
        Assert.True(tag.IsIndex);
        Assert.Equal(ManifestMediaTypes.OciIndex, tag.MediaType);
        Assert.Equal(digest, tag.Digest);
        Assert.Equal(platforms.Select(p => (p.Platform, p.Digest, (long?)p.Size)), tag.Platforms.Select(p => (p.Platform, p.Digest, p.CompressedSize)));
        Assert.All(tag.Platforms, p => Assert.Equal(ManifestMediaTypes.OciManifest, p.MediaType));
        Assert.Equal(platforms.Sum(p => p.Size), tag.CompressedSize);
        Assert.Equal(RegistryUploads.Created, tag.Created);
        Assert.Equal("amd64", tag.Labels["arch"]);
        Assert.Equal(2, tag.History.Count);
        Assert.True(tag.History[1].EmptyLayer);
        Assert.Null(tag.History[1].Size);
    }

    [Fact]
    public async Task Delete_InOwnNamespace_RemovesEveryTagOnTheDigestAndIsAudited()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var registry = await RegistryProcess.StartAsync(cts.Token);
        await using var host = await RegistryHost.StartAsync(registry.Url, cts.Token);
        using var uploads = new RegistryUploads(registry.Url);
        var user = NewUser();
        var repository = $"{user}/project";
        var (digest, _) = await uploads.PushImageAsync(repository, "v1", cts.Token);
        await uploads.PutManifestAsync(repository, "stable", ManifestMediaTypes.OciManifest, await ManifestOfAsync(registry, repository, "v1", cts.Token), cts.Token);
        await uploads.PushImageAsync(repository, "v2", cts.Token);

        var detail = await host.Browser.GetTagAsync("lab", repository, "v1", cts.Token);
        Assert.Equal(["stable"], detail.Value!.TagsSharingDigest);

        var deleted = await host.Browser.DeleteTagAsync(new Actor(user, IsAdmin: false), "lab", repository, "v1", cts.Token);
        Assert.True(deleted.Succeeded, deleted.Error?.Message);
        Assert.Equal(digest, deleted.Value!.Digest);
        Assert.Equal(["stable", "v1"], deleted.Value.RemovedTags.Order(StringComparer.Ordinal));
        Assert.Equal(["v2"], (await host.Browser.ListTagsAsync("lab", repository, null, cts.Token)).Value);
        var gone = await host.Browser.GetTagAsync("lab", repository, "v1", cts.Token);
        Assert.Equal(RegistryErrorCodes.NotFound, gone.Error?.Code);

        var audit = await host.Audit.QueryAsync(new Audit.AuditQuery { Actor = user }, cts.Token);
        var record = Assert.Single(audit.Entries);
        Assert.Equal(RegistryBrowser.DeleteAction, record.Action);
        Assert.Equal($"lab/{repository}:v1", record.Target);
        Assert.Equal(Audit.AuditOutcome.Succeeded, record.Outcome);
    }

    [Fact]
    public async Task Delete_OutsideOwnNamespace_IsRefusedForMembersAndAllowedForAdmins()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var registry = await RegistryProcess.StartAsync(cts.Token);
        await using var host = await RegistryHost.StartAsync(registry.Url, cts.Token);
        using var uploads = new RegistryUploads(registry.Url);
        var member = NewUser();
        var other = NewUser();
        await uploads.PushImageAsync("portal/python", "latest", cts.Token);
        await uploads.PushImageAsync($"{other}/work", "v1", cts.Token);

        foreach (var repository in new[] { "portal/python", $"{other}/work", member })
        {
            var refused = await host.Browser.DeleteTagAsync(new Actor(member, IsAdmin: false), "lab", repository, repository == "portal/python" ? "latest" : "v1", cts.Token);
            Assert.Equal(RegistryErrorCodes.Forbidden, refused.Error?.Code);
            Assert.Contains($"'{member}/...'", refused.Error!.Message, StringComparison.Ordinal);
        }

        Assert.Equal(["latest"], (await host.Browser.ListTagsAsync("lab", "portal/python", null, cts.Token)).Value);
        var byAdmin = await host.Browser.DeleteTagAsync(new Actor(NewUser(), IsAdmin: true), "lab", $"{other}/work", "v1", cts.Token);
        Assert.True(byAdmin.Succeeded, byAdmin.Error?.Message);
        Assert.Empty((await host.Browser.ListTagsAsync("lab", $"{other}/work", null, cts.Token)).Value!);
    }

    [Fact]
    public async Task Delete_OnARegistryWithDeletesDisabled_SaysSoAndKeepsTheTag()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var registry = await RegistryProcess.StartAsync(cts.Token, deletesEnabled: false);
        await using var host = await RegistryHost.StartAsync(registry.Url, cts.Token);
        using var uploads = new RegistryUploads(registry.Url);
        await uploads.PushImageAsync("keep/me", "v1", cts.Token);

        var result = await host.Browser.DeleteTagAsync(new Actor(NewUser(), IsAdmin: true), "lab", "keep/me", "v1", cts.Token);
        Assert.Equal(RegistryErrorCodes.DeleteDisabled, result.Error?.Code);
        Assert.Contains("deletes disabled", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(["v1"], (await host.Browser.ListTagsAsync("lab", "keep/me", null, cts.Token)).Value);
    }

    [Fact]
    public async Task MissingRepositoryOrTag_IsNotFoundWithTheName()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var registry = await RegistryProcess.StartAsync(cts.Token);
        await using var host = await RegistryHost.StartAsync(registry.Url, cts.Token);
        using var uploads = new RegistryUploads(registry.Url);
        await uploads.PushImageAsync("some/repo", "v1", cts.Token);

        var tags = await host.Browser.ListTagsAsync("lab", "no/such", null, cts.Token);
        Assert.Equal(RegistryErrorCodes.NotFound, tags.Error?.Code);
        Assert.Contains("'no/such'", tags.Error!.Message, StringComparison.Ordinal);
        var tag = await host.Browser.GetTagAsync("lab", "some/repo", "v9", cts.Token);
        Assert.Equal(RegistryErrorCodes.NotFound, tag.Error?.Code);
        Assert.Contains("'v9'", tag.Error!.Message, StringComparison.Ordinal);
        var unknown = await host.Browser.ListTagsAsync("nope", "some/repo", null, cts.Token);
        Assert.Equal(RegistryErrorCodes.NotFound, unknown.Error?.Code);
        var invalid = await host.Browser.GetTagAsync("lab", "Bad Name", "v1", cts.Token);
        Assert.Equal(RegistryErrorCodes.InvalidRequest, invalid.Error?.Code);
    }

    [Fact]
    public async Task UnreachableRegistry_SaysConnectionRefusedAndNamesTheUrl()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var url = $"http://127.0.0.1:{RegistryProcess.FreePort()}";
        await using var host = await RegistryHost.StartAsync(url, cts.Token);

        var result = await host.Browser.ListRepositoriesAsync("lab", null, null, 10, cts.Token);
        Assert.Equal(RegistryErrorCodes.Unreachable, result.Error?.Code);
        Assert.Equal($"cannot reach {url}: connection refused — is the registry running?", result.Error!.Message);
    }

    private static string NewUser() => "t" + Guid.NewGuid().ToString("N")[..8];

    private static async Task<byte[]> ManifestOfAsync(RegistryProcess registry, string repository, string tag, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{registry.Url}/v2/{repository}/manifests/{tag}"));
        request.Headers.Accept.ParseAdd(ManifestMediaTypes.OciManifest);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }
}
