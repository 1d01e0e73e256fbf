using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Engine.Tests.Registries;
using Portal.Tests.Infrastructure;
using Portal.Tests.Registries;

namespace Portal.Tests.Api;

/// <summary><c>/api/v1/registries</c> on the real portal, browsing a real registry process whose pages hold two entries.</summary>
public sealed class RegistriesApiTests(RegistryPortalFixture fixture) : IClassFixture<RegistryPortalFixture>
{
    private PortalAppFactory Portal => fixture.Portal;

    [Fact]
    public async Task Registries_EveryoneListsThem_OnlyAdminsChangeThem_PasswordsNeverComeBack()
    {
        var member = await Portal.CreateUserAsync("regm");
        using var memberClient = await Portal.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        using var admin = await AdminAsync();

        var lab = (await memberClient.GetFromJsonAsync<JsonElement>("/api/v1/registries")).EnumerateArray().First();
        Assert.Equal("lab", lab.GetProperty("name").GetString());
        Assert.Equal(fixture.Registry.Url, lab.GetProperty("url").GetString());
        Assert.True(lab.GetProperty("isLab").GetBoolean());

        using var refused = await memberClient.PostAsJsonAsync("/api/v1/registries", new { name = "nope", url = "https://x.example" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var name = "h" + Guid.NewGuid().ToString("N")[..8];
        using var created = await admin.PostAsJsonAsync("/api/v1/registries", new { name, url = $"https://{name}.example/", userName = "robot", password = "s3cret-token" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain("s3cret-token", body, StringComparison.Ordinal);
        var registry = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal($"https://{name}.example", registry.GetProperty("url").GetString());
        Assert.True(registry.GetProperty("hasPassword").GetBoolean());

        using var invalid = await admin.PutAsJsonAsync($"/api/v1/registries/{name}", new { url = "not a url" });
        var problem = await invalid.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _));

        using var removeLab = await admin.DeleteAsync("/api/v1/registries/lab");
        await removeLab.AssertProblemAsync(HttpStatusCode.Forbidden, "registry-forbidden");
        using var removed = await admin.DeleteAsync($"/api/v1/registries/{name}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var gone = await admin.DeleteAsync($"/api/v1/registries/{name}");
        await gone.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Browse_NestedRepositoryNames_PagesTagsAndDetail()
    {
        var owner = "n" + Guid.NewGuid().ToString("N")[..8];
        var repository = $"{owner}/deep/project";
        using (var uploads = new RegistryUploads(fixture.Registry.Url))
        {
            await uploads.PushImageAsync($"{owner}/a", "v1", TestTimeout.Token());
            await uploads.PushImageAsync($"{owner}/b", "v1", TestTimeout.Token());
            await uploads.PushImageAsync(repository, "v1", TestTimeout.Token());
            await uploads.PushImageAsync(repository, "latest", TestTimeout.Token());
            await uploads.PushIndexAsync(repository, "multi", TestTimeout.Token());
        }

        var member = await Portal.CreateUserAsync("browse");
        using var client = await Portal.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);

        var first = await client.GetFromJsonAsync<JsonElement>($"/api/v1/registries/lab/repositories?search={owner}&n=2");
        Assert.Equal([$"{owner}/a", $"{owner}/b"], first.GetProperty("repositories").EnumerateArray().Select(r => r.GetString()));
        var next = first.GetProperty("next").GetString();
        var second = await client.GetFromJsonAsync<JsonElement>($"/api/v1/registries/lab/repositories?search={owner}&n=2&last={Uri.EscapeDataString(next!)}");
        Assert.Equal([repository], second.GetProperty("repositories").EnumerateArray().Select(r => r.GetString()));

        var tags = await client.GetFromJsonAsync<JsonElement>($"/api/v1/registries/lab/repositories/{repository}/tags");
        Assert.Equal(repository, tags.GetProperty("repository").GetString());
        Assert.Equal(["latest", "v1", "multi"], tags.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/registries/lab/repositories/{repository}/tags/multi");
        Assert.True(detail.GetProperty("isIndex").GetBoolean());
        Assert.Equal("application/vnd.oci.image.index.v1+json", detail.GetProperty("mediaType").GetString());
        Assert.Equal(["linux/amd64", "linux/arm64"], detail.GetProperty("platforms").EnumerateArray().Select(p => p.GetProperty("platform").GetString()));
        Assert.Equal($"{fixture.Registry.Host}/{repository}:multi", detail.GetProperty("pullReference").GetString());

        using var missing = await client.GetAsync($"/api/v1/registries/lab/repositories/{repository}/tags/nope");
        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        using var noRegistry = await client.GetAsync("/api/v1/registries/none/repositories");
        await noRegistry.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task DeleteTag_MemberOutsideNamespaceRefused_InsideDeletedAndGone()
    {
        var member = await Portal.CreateUserAsync("del");
        var other = "o" + Guid.NewGuid().ToString("N")[..8];
        using (var uploads = new RegistryUploads(fixture.Registry.Url))
        {
            await uploads.PushImageAsync($"{member}/nested/app", "v1", TestTimeout.Token());
            await uploads.PushImageAsync($"{other}/app", "v1", TestTimeout.Token());
        }

        using var client = await Portal.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        using var refused = await client.DeleteAsync($"/api/v1/registries/lab/repositories/{other}/app/tags/v1");
        var problem = await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "registry-forbidden");
        Assert.Contains($"'{member}/...'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var deleted = await client.DeleteAsync($"/api/v1/registries/lab/repositories/{member}/nested/app/tags/v1");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var body = await deleted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["v1"], body.GetProperty("removedTags").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("garbage collection", body.GetProperty("note").GetString(), StringComparison.Ordinal);

        var tags = await client.GetFromJsonAsync<JsonElement>($"/api/v1/registries/lab/repositories/{member}/nested/app/tags");
        Assert.Empty(tags.GetProperty("tags").EnumerateArray());
        using var again = await client.DeleteAsync($"/api/v1/registries/lab/repositories/{member}/nested/app/tags/v1");
        await again.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    private Task<HttpClient> AdminAsync() => Portal.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);
}
