using Portal.Engine.Containers;
using Portal.Engine.Images;

namespace Portal.Engine.Tests.Images;

public sealed class ImageNamingTests
{
    private const string Lab = "127.0.0.1:5000";

    [Theory]
    [InlineData("127.0.0.1:5000/alice/env:v1", true)]
    [InlineData("127.0.0.1:5000/alice/deep/env:v1", true)]
    [InlineData("127.0.0.1:5000/alice:v1", false)]
    [InlineData("127.0.0.1:5000/alicex/env:v1", false)]
    [InlineData("127.0.0.1:5000/bob/env:v1", false)]
    [InlineData("localhost:5000/alice/env:v1", false)]
    [InlineData("alice/env:v1", false)]
    [InlineData("portal/python:latest", false)]
    public void CheckTarget_Member_AllowsOnlyTheirLabNamespace(string reference, bool allowed)
    {
        var error = ImageNaming.CheckTarget(new Actor("alice", IsAdmin: false), reference, Lab);

        Assert.Equal(allowed, error is null);
        if (!allowed)
        {
            Assert.Contains("127.0.0.1:5000/alice/<name>:<tag>", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CheckTarget_Admin_MayNameAnything()
    {
        Assert.Null(ImageNaming.CheckTarget(new Actor("root", IsAdmin: true), "portal/python:latest", Lab));
    }

    [Fact]
    public void CheckTarget_Digest_IsRefusedForEveryone()
    {
        var digest = "127.0.0.1:5000/alice/env@sha256:" + new string('a', 64);

        Assert.NotNull(ImageNaming.CheckTarget(new Actor("alice", IsAdmin: true), digest, Lab));
    }

    [Theory]
    [InlineData("127.0.0.1:5000/alice/env:v1", "127.0.0.1:5000")]
    [InlineData("localhost/env:v1", "localhost")]
    [InlineData("registry.example.org/team/env:v1", "registry.example.org")]
    [InlineData("alice/env:v1", null)]
    [InlineData("python:3", null)]
    public void HostOf_ReadsTheFirstComponentAsDockerDoes(string reference, string? host)
    {
        Assert.Equal(host, ImageNaming.HostOf(reference));
    }

    [Theory]
    [InlineData("127.0.0.1:5000/alice/env:v1", "127.0.0.1:5000/alice/env", "v1")]
    [InlineData("127.0.0.1:5000/alice/env", "127.0.0.1:5000/alice/env", "latest")]
    [InlineData("portal/python:latest", "portal/python", "latest")]
    public void Split_SeparatesRepositoryAndTag(string reference, string repository, string tag)
    {
        Assert.Equal((repository, tag), ImageNaming.Split(reference));
    }
}
