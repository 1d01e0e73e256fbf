using System.Diagnostics;
using Portal.Engine.Registries;

namespace Portal.Engine.Tests.Registries;

/// <summary>Basic (htpasswd) and Bearer-token registries, each a real Distribution 2.8 process of the test's own.</summary>
public sealed class RegistryAuthTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Htpasswd_RightPasswordBrowses_WrongPasswordSaysSo()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var registry = await RegistryProcess.StartWithPasswordAsync("labuser", "s3cret-pass", cts.Token);
        await using var host = await RegistryHost.StartAsync($"http://127.0.0.1:{RegistryProcess.FreePort()}", cts.Token);
        using (var uploads = new RegistryUploads(registry.Url, _ => RegistryUploads.Basic("labuser", "s3cret-pass")))
        {
            await uploads.PushImageAsync("secure/app", "v1", cts.Token);
        }

        var added = await host.Administration.AddAsync("admin", new RegistryInput("secure", registry.Url, "labuser", "s3cret-pass"), cts.Token);
        Assert.True(added.Succeeded, added.Error?.Message);
        Assert.True(added.Value!.HasPassword);
        var test = await host.Administration.TestConnectionAsync("secure", cts.Token);
        Assert.True(test.Succeeded, test.Error?.Message);
        Assert.Contains("as 'labuser'", test.Value, StringComparison.Ordinal);
        var tags = await host.Browser.ListTagsAsync("secure", "secure/app", null, cts.Token);
        Assert.Equal(["v1"], tags.Value);

        var changed = await host.Administration.UpdateAsync("admin", "secure", new RegistryInput(null, registry.Url, "labuser", "wrong-password"), cts.Token);
        Assert.True(changed.Succeeded, changed.Error?.Message);
        var refused = await host.Browser.ListTagsAsync("secure", "secure/app", null, cts.Token);
        Assert.Equal(RegistryErrorCodes.Unauthorized, refused.Error?.Code);
        Assert.Equal(
            $"The registry {registry.Url} refused the user name 'labuser' and its password (401): check them under Admin > Registries.",
            refused.Error!.Message);

        var anonymous = await host.Administration.UpdateAsync("admin", "secure", new RegistryInput(null, registry.Url, null, null), cts.Token);
        Assert.False(anonymous.Value!.HasPassword);
        var withoutCredentials = await host.Administration.TestConnectionAsync("secure", cts.Token);
        Assert.Equal(RegistryErrorCodes.Unauthorized, withoutCredentials.Error?.Code);
        Assert.Contains("needs a user name and password", withoutCredentials.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BearerChallenge_GetsATokenPerScopeFromTheRealmAndReusesIt()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var folder = Directory.CreateTempSubdirectory("portal-registry-").FullName;
        await using var tokens = new TokenServer("robot", "token-pass", RegistryProcess.FreePort());
        await using var registry = await RegistryProcess.StartAsync(cts.Token, auth: tokens.AuthConfig(Path.Combine(folder, "root.pem")), folder: folder);
        await using var host = await RegistryHost.StartAsync($"http://127.0.0.1:{RegistryProcess.FreePort()}", cts.Token);
        using (var uploads = new RegistryUploads(registry.Url, tokens.Authorize))
        {
            await uploads.PushImageAsync("robot/app", "v1", cts.Token);
            await uploads.PushImageAsync("robot/app", "v2", cts.Token);
        }

        var added = await host.Administration.AddAsync("admin", new RegistryInput("harbor", registry.Url, "robot", "token-pass"), cts.Token);
        Assert.True(added.Succeeded, added.Error?.Message);

        var repositories = await host.Browser.ListRepositoriesAsync("harbor", null, null, 10, cts.Token);
        Assert.True(repositories.Succeeded, repositories.Error?.Message + "\n" + registry.Log);
        Assert.Equal(["robot/app"], repositories.Value!.Repositories);
        var detail = await host.Browser.GetTagAsync("harbor", "robot/app", "v1", cts.Token);
        Assert.True(detail.Succeeded, detail.Error?.Message);
        Assert.Equal(ManifestMediaTypes.OciManifest, detail.Value!.MediaType);
        var again = await host.Browser.ListTagsAsync("harbor", "robot/app", null, cts.Token);
        Assert.Equal(["v2", "v1"], again.Value);

        // One token for the catalog and one for pulling the repository: the cache answered every later request.
        Assert.Equal(["registry:catalog:*", "repository:robot/app:pull"], tokens.Scopes);

        var deleted = await host.Browser.DeleteTagAsync(new Containers.Actor("admin", IsAdmin: true), "harbor", "robot/app", "v2", cts.Token);
        Assert.True(deleted.Succeeded, deleted.Error?.Message);
        Assert.Contains("repository:robot/app:delete", tokens.Scopes);

        var wrong = await host.Administration.UpdateAsync("admin", "harbor", new RegistryInput(null, registry.Url, "robot", "nope"), cts.Token);
        Assert.True(wrong.Succeeded);
        var refused = await host.Browser.ListTagsAsync("harbor", "robot/app", null, cts.Token);
        Assert.Equal(RegistryErrorCodes.Unauthorized, refused.Error?.Code);
        Assert.Contains("refused the user name 'robot'", refused.Error!.Message, StringComparison.Ordinal);
    }
}
