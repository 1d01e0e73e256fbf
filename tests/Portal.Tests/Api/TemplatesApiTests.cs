using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary><c>/api/v1/templates</c>: everyone reads, admins change, and the launch policy judges every template.</summary>
public sealed class TemplatesApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task CreateTemplate_Admin_Returns201AndMembersSeeIt()
    {
        using var admin = await AdminAsync();
        var name = UniqueName("PyTorch");

        using var created = await admin.PostAsJsonAsync("/api/v1/templates", new
        {
            name,
            description = "One GPU, Jupyter on 8888",
            image = "portal/pytorch:2.4",
            command = new[] { "jupyter", "lab", "--ip=0.0.0.0" },
            env = new Dictionary<string, string> { ["JUPYTER_TOKEN"] = "lab" },
            ports = new[] { 8888, 6006 },
            gpus = 1,
            cpus = 4.5,
            memoryMiB = 16384,
            shmSizeMiB = 4096,
            workspace = true,
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString();
        Assert.Equal($"/api/v1/templates/{id}", created.Headers.Location?.OriginalString);

        var member = await factory.CreateUserAsync();
        using var memberClient = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        using var list = await memberClient.GetAsync("/api/v1/templates");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var template = (await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);
        Assert.Equal("portal/pytorch:2.4", template.GetProperty("image").GetString());
        Assert.Equal(["jupyter", "lab", "--ip=0.0.0.0"], template.GetProperty("command").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("lab", template.GetProperty("env").GetProperty("JUPYTER_TOKEN").GetString());
        Assert.Equal([8888, 6006], template.GetProperty("ports").EnumerateArray().Select(p => p.GetInt32()));
        Assert.Equal(1, template.GetProperty("gpus").GetInt32());
        Assert.Equal(4.5, template.GetProperty("cpus").GetDouble());
        Assert.Equal(16384, template.GetProperty("memoryMiB").GetInt32());
        Assert.Equal(4096, template.GetProperty("shmSizeMiB").GetInt32());
        Assert.True(template.GetProperty("workspace").GetBoolean());

        using var one = await memberClient.GetAsync($"/api/v1/templates/{id}");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
    }

    [Fact]
    public async Task UpdateTemplate_Admin_ReplacesItsFields()
    {
        using var admin = await AdminAsync();
        var id = await CreateAsync(admin, UniqueName("old"));
        var renamed = UniqueName("new");

        using var updated = await admin.PutAsJsonAsync($"/api/v1/templates/{id}", new { name = renamed, image = "localhost:5000/lab/train:v2", gpus = 2 });

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        using var read = await admin.GetAsync($"/api/v1/templates/{id}");
        var template = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(renamed, template.GetProperty("name").GetString());
        Assert.Equal("localhost:5000/lab/train:v2", template.GetProperty("image").GetString());
        Assert.Equal(2, template.GetProperty("gpus").GetInt32());
        Assert.Empty(template.GetProperty("command").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, template.GetProperty("cpus").ValueKind);
    }

    [Fact]
    public async Task UpdateTemplate_Unknown_Returns404()
    {
        using var admin = await AdminAsync();

        using var response = await admin.PutAsJsonAsync($"/api/v1/templates/{Guid.NewGuid()}", new { name = UniqueName("ghost"), image = "portal/python" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task DeleteTemplate_Admin_Returns204AndItIsGone()
    {
        using var admin = await AdminAsync();
        var id = await CreateAsync(admin, UniqueName("doomed"));

        using var deleted = await admin.DeleteAsync($"/api/v1/templates/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using var read = await admin.GetAsync($"/api/v1/templates/{id}");
        await read.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        using var again = await admin.DeleteAsync($"/api/v1/templates/{id}");
        await again.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task CreateTemplate_ImageNotOnTheAllowList_Returns403ImageNotAllowed()
    {
        using var admin = await AdminAsync();
        var name = UniqueName("ubuntu");

        using var response = await admin.PostAsJsonAsync("/api/v1/templates", new { name, image = "docker.io/library/ubuntu:22.04" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, "image-not-allowed");
        Assert.Contains("allow-list", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(await ListNamesAsync(admin), n => n == name);
    }

    [Fact]
    public async Task CreateTemplate_NvidiaVisibleDevices_Returns403PolicyViolation()
    {
        using var admin = await AdminAsync();
        var name = UniqueName("greedy");

        using var response = await admin.PostAsJsonAsync("/api/v1/templates", new
        {
            name,
            image = "portal/python",
            env = new Dictionary<string, string> { ["NVIDIA_VISIBLE_DEVICES"] = "all" },
        });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, "policy-violation");
        Assert.Contains("NVIDIA_VISIBLE_DEVICES", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(await ListNamesAsync(admin), n => n == name);
    }

    [Fact]
    public async Task UpdateTemplate_CudaVisibleDevices_Returns403AndKeepsTheTemplate()
    {
        using var admin = await AdminAsync();
        var name = UniqueName("kept");
        var id = await CreateAsync(admin, name);

        using var response = await admin.PutAsJsonAsync($"/api/v1/templates/{id}", new
        {
            name,
            image = "portal/python",
            env = new Dictionary<string, string> { ["CUDA_VISIBLE_DEVICES"] = "0,1" },
        });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "policy-violation");
        using var read = await admin.GetAsync($"/api/v1/templates/{id}");
        var template = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(template.GetProperty("env").EnumerateObject());
    }

    [Fact]
    public async Task CreateTemplate_DuplicateNameInAnyCase_Returns409NameTaken()
    {
        using var admin = await AdminAsync();
        var name = UniqueName("twin");
        await CreateAsync(admin, name);

        using var response = await admin.PostAsJsonAsync("/api/v1/templates", new { name = name.ToUpperInvariant(), image = "portal/python" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "name-taken");
    }

    [Fact]
    public async Task CreateTemplate_NoNameNoImage_Returns400WithFieldErrors()
    {
        using var admin = await AdminAsync();

        using var response = await admin.PostAsJsonAsync("/api/v1/templates", new { ports = new[] { 0 } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("image", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("ports", out _), errors.ToString());
    }

    [Fact]
    public async Task CreateTemplate_Member_Returns403AndCreatesNothing()
    {
        var member = await factory.CreateUserAsync();
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        var name = UniqueName("sneaky");

        using var response = await client.PostAsJsonAsync("/api/v1/templates", new { name, image = "portal/python" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.DoesNotContain(await ListNamesAsync(client), n => n == name);
    }

    [Fact]
    public async Task ChangeTemplate_Member_Returns403()
    {
        using var admin = await AdminAsync();
        var id = await CreateAsync(admin, UniqueName("guarded"));
        var member = await factory.CreateUserAsync();
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);

        using var put = await client.PutAsJsonAsync($"/api/v1/templates/{id}", new { name = UniqueName("mine"), image = "portal/python" });
        using var delete = await client.DeleteAsync($"/api/v1/templates/{id}");

        await put.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await delete.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task ListTemplates_Member_Returns200()
    {
        var member = await factory.CreateUserAsync();
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);

        using var response = await client.GetAsync("/api/v1/templates");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await response.Content.ReadFromJsonAsync<JsonElement>()).ValueKind);
    }

    [Fact]
    public async Task ListTemplates_Anonymous_Returns401()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.GetAsync("/api/v1/templates");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task TemplateChanges_AreAuditedWithTheAdminAndTheOutcome()
    {
        using var admin = await AdminAsync();
        var name = UniqueName("audited");
        var id = await CreateAsync(admin, name);
        using var refused = await admin.PostAsJsonAsync("/api/v1/templates", new { name, image = "portal/python" });
        using var deleted = await admin.DeleteAsync($"/api/v1/templates/{id}");

        using var response = await admin.GetAsync($"/api/v1/audit?action=template.&target={Uri.EscapeDataString(name)}");

        var entries = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entries").EnumerateArray()
            .Select(e => (Action: e.GetProperty("action").GetString(), Outcome: e.GetProperty("outcome").GetString(), Actor: e.GetProperty("actor").GetString()))
            .ToList();
        Assert.Equal(
            [("template.delete", "succeeded"), ("template.create", "refused"), ("template.create", "succeeded")],
            entries.Select(e => (e.Action, e.Outcome)));
        Assert.All(entries, e => Assert.Equal(PortalAppFactory.AdminUserName, e.Actor));
    }

    private static string UniqueName(string prefix) => $"{prefix} {Guid.NewGuid():N}";

    private Task<HttpClient> AdminAsync() => factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);

    private static async Task<string> CreateAsync(HttpClient admin, string name)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/templates", new { name, image = "portal/python:3.12" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<List<string?>> ListNamesAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/templates");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
    }
}
