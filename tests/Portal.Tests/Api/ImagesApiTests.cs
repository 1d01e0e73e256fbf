using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Engine.Tests.Images;
using Portal.Engine.Tests.Integration;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary><c>/api/v1/images</c> and the container commit on the real portal, the real engine and the real lab registry.</summary>
public sealed class ImagesApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task PullListHistoryRemove_MemberOwnImage_WorksEndToEnd()
    {
        await using var kit = new ImageTestKit();
        var member = await factory.CreateUserAsync("img");
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        var reference = kit.LabName(member, "api-pulled");
        await kit.BuildUniqueAsync(reference, TestTimeout.Token());
        await DockerCli.OutputAsync(["push", reference], TestTimeout.Token());
        await DockerCli.OutputAsync(["rmi", reference], TestTimeout.Token());

        using var pulled = await client.PostAsJsonAsync("/api/v1/images/pull", new { reference });

        var result = await pulled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(pulled.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Equal($"docker pull {reference}", result.GetProperty("command").GetString());
        var imageId = result.GetProperty("imageId").GetString()!;
        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/v1/images")).EnumerateArray().Single(i => i.GetProperty("id").GetString() == imageId);
        Assert.Equal(member, listed.GetProperty("owner").GetString());
        Assert.Equal("pull", listed.GetProperty("source").GetString());
        Assert.Contains(reference, listed.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/v1/images/{imageId}/history");
        Assert.Contains(history.EnumerateArray(), layer => layer.GetProperty("createdBy").GetString()!.Contains("/dev/urandom", StringComparison.Ordinal) && layer.GetProperty("size").GetInt64() >= 400_000);

        using var removed = await client.DeleteAsync($"/api/v1/images/{reference}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(string.Empty, await DockerCli.OutputAsync(["images", "-q", reference], TestTimeout.Token()));
    }

    [Fact]
    public async Task Pull_Ndjson_StreamsProgressThenTheResult()
    {
        await using var kit = new ImageTestKit();
        var member = await factory.CreateUserAsync("img-nd");
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        var reference = kit.LabName(member, "api-streamed");
        await kit.BuildUniqueAsync(reference, TestTimeout.Token());
        await DockerCli.OutputAsync(["push", reference], TestTimeout.Token());
        await DockerCli.OutputAsync(["rmi", reference], TestTimeout.Token());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/images/pull") { Content = JsonContent.Create(new { reference }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(JsonValueKind.Object, lines[0].GetProperty("progress").ValueKind);
        Assert.Equal(reference, lines[^1].GetProperty("result").GetProperty("reference").GetString());
        Assert.Equal(JsonValueKind.Null, lines[^1].GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Pull_MissingTag_IsAManifestNotFoundProblem()
    {
        var member = await factory.CreateUserAsync("img-miss");
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);

        using var response = await client.PostAsJsonAsync("/api/v1/images/pull", new { reference = $"127.0.0.1:5000/{member}/never-pushed:nope" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "manifest-not-found");
        Assert.StartsWith($"manifest for 127.0.0.1:5000/{member}/never-pushed:nope not found", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_MemberOutsideAllowList_IsForbidden()
    {
        var member = await factory.CreateUserAsync("img-allow");
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);

        using var response = await client.PostAsJsonAsync("/api/v1/images/pull", new { reference = "docker.io/library/busybox:latest" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "image-not-allowed");
    }

    [Fact]
    public async Task Tag_MemberOutsideOwnNamespace_IsForbidden()
    {
        var member = await factory.CreateUserAsync("img-tag");
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        var shellId = (await DockerCli.OutputAsync(["image", "inspect", "--format", "{{.Id}}", ImageTestKit.ShellImage], TestTimeout.Token())).Trim();

        using var response = await client.PostAsJsonAsync($"/api/v1/images/{shellId}/tag", new { reference = "portal/python:latest" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "image-name-not-allowed");
    }

    [Fact]
    public async Task Build_MultipartWithTarContext_BuildsAndMalformedIsUnprocessable()
    {
        await using var kit = new ImageTestKit();
        var member = await factory.CreateUserAsync("img-build");
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        var reference = kit.LabName(member, "api-built");
        using var good = BuildForm($"FROM {ImageTestKit.ShellImage}\nCOPY note.txt /note.txt\n", reference, Tar("note.txt", "from the api"));
        using var bad = BuildForm($"FROM {ImageTestKit.ShellImage}\nBROKEN line\n", kit.LabName(member, "api-broken"), null);

        using var built = await client.PostAsync("/api/v1/images/build", good);
        using var failed = await client.PostAsync("/api/v1/images/build", bad);

        var result = await built.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(built.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Equal("from the api", await kit.RunInAsync(reference, "cat /note.txt", TestTimeout.Token()));
        var problem = await failed.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "build-failed");
        Assert.Contains("line 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_WithPush_LandsInTheLabRegistry()
    {
        await using var kit = new ImageTestKit();
        var member = await factory.CreateUserAsync("img-commit");
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        using var launched = await client.PostAsJsonAsync("/api/v1/containers", new { name = "to-save", image = ImageTestKit.ShellImage, command = new[] { "sh", "-c", "echo saved > /saved.txt && sleep 600" } });
        var container = await launched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(launched.StatusCode == HttpStatusCode.Created, container.ToString());
        var containerId = container.GetProperty("id").GetString()!;
        var reference = kit.LabName(member, "api-committed");
        try
        {
            await Poll.UntilAsync(() => DockerCli.OutputAsync(["exec", containerId, "cat", "/saved.txt"], TestTimeout.Token()), text => text.Trim() == "saved", TestTimeout.Default, "the file to be written", TestTimeout.Token());

            using var committed = await client.PostAsJsonAsync($"/api/v1/containers/{containerId}/commit", new { reference, push = true });

            var result = await committed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(committed.StatusCode == HttpStatusCode.OK, result.ToString());
            Assert.Equal(JsonValueKind.Null, result.GetProperty("pushError").ValueKind);
            Assert.Equal($"docker commit {container.GetProperty("dockerName").GetString()} {reference} && docker push {reference}", result.GetProperty("command").GetString());
            Assert.True(await LabRegistry.HasTagAsync($"{member}/api-committed", "v1", TestTimeout.Token()));
        }
        finally
        {
            using var removed = await client.DeleteAsync($"/api/v1/containers/{containerId}");
        }
    }

    private static MultipartFormDataContent BuildForm(string dockerfile, string tag, byte[]? context)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(dockerfile, Encoding.UTF8), "dockerfile" },
            { new StringContent(tag, Encoding.UTF8), "tag" },
        };
        if (context is not null)
        {
            form.Add(new ByteArrayContent(context), "context", "context.tar");
        }

        return form;
    }

    private static byte[] Tar(string name, string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
        }

        return buffer.ToArray();
    }
}
