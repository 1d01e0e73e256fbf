using Portal.Engine.Launch;

namespace Portal.Engine.Tests.Unit;

public sealed class ImageReferenceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("portal/shell", "portal/shell:latest")]
    [InlineData("ubuntu", "ubuntu:latest")]
    [InlineData("portal/shell:v1", "portal/shell:v1")]
    [InlineData("portal/python:3.11-slim", "portal/python:3.11-slim")]
    [InlineData("  portal/shell  ", "portal/shell:latest")]
    [InlineData("localhost:5000/alice/train", "localhost:5000/alice/train:latest")]
    [InlineData("localhost:5000/train", "localhost:5000/train:latest")]
    [InlineData("localhost:5000/alice/train:v2", "localhost:5000/alice/train:v2")]
    [InlineData("127.0.0.1:5000/x", "127.0.0.1:5000/x:latest")]
    [InlineData("registry.lab.example.org/team/img", "registry.lab.example.org/team/img:latest")]
    [InlineData("registry.lab.example.org:443/team/img:1.0", "registry.lab.example.org:443/team/img:1.0")]
    [InlineData("a.b_c-d/e__f", "a.b_c-d/e__f:latest")]
    public void Normalize_TagOrNoTag_AddsLatestOnlyWhereNoTagIsGiven(string image, string expected)
    {
        Assert.Equal(expected, ImageReference.Normalize(image));
    }

    [Theory]
    [InlineData("portal/shell@" + Digest)]
    [InlineData("portal/shell:v1@" + Digest)]
    [InlineData("localhost:5000/alice/train@" + Digest)]
    public void Normalize_Digest_KeepsItAsGiven(string image)
    {
        Assert.Equal(image, ImageReference.Normalize(image));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Portal/Shell")]
    [InlineData("portal/shell:")]
    [InlineData("portal//shell")]
    [InlineData("/portal/shell")]
    [InlineData("portal/shell/")]
    [InlineData("-portal/shell")]
    [InlineData("portal-/shell")]
    [InlineData(".registry.example.org/shell")]
    [InlineData("-registry.example.org:5000/shell")]
    [InlineData("portal/shell:-v1")]
    [InlineData("portal/shell:v1:v2")]
    [InlineData("portal/shell@sha256:abc")]
    [InlineData("portal/shell@md5:0123456789abcdef0123456789abcdef")]
    [InlineData("portal/shell;rm -rf /")]
    [InlineData("localhost:port/x")]
    public void Normalize_NotAnImageName_ReturnsNull(string? image)
    {
        Assert.Null(ImageReference.Normalize(image));
    }

    [Fact]
    public void Normalize_LongerThan300Characters_ReturnsNull()
    {
        Assert.NotNull(ImageReference.Normalize("portal/" + new string('a', 293)));
        Assert.Null(ImageReference.Normalize("portal/" + new string('a', 294)));
    }

    [Theory]
    [InlineData("portal/shell:latest", "portal/*", true)]
    [InlineData("portal/team/sub:1", "portal/*", true)]
    [InlineData("portalx/shell:latest", "portal/*", false)]
    [InlineData("evil.example.com/portal/shell:latest", "portal/*", false)]
    [InlineData("localhost:5000/alice/train:v1", "localhost:5000/*", true)]
    [InlineData("localhost:50001/alice/train:v1", "localhost:5000/*", false)]
    [InlineData("localhost:5000/alice/train:v1", "127.0.0.1:5000/*", false)]
    [InlineData("127.0.0.1:5000/alice/train:latest", "127.0.0.1:5000/*", true)]
    [InlineData("portal/shell:latest", "portal/shell:*", true)]
    [InlineData("portal/shell2:latest", "portal/shell:*", false)]
    [InlineData("portal/shell:v1", "portal/shell:v?", true)]
    [InlineData("portal/shell:v10", "portal/shell:v?", false)]
    [InlineData("portal/shell@" + Digest, "portal/*", true)]
    [InlineData("portal/python:3.11", "  portal/python:3.11  ", true)]
    public void Matches_WildcardPattern_MatchesTheWholeName(string image, string pattern, bool expected)
    {
        Assert.Equal(expected, ImageReference.Matches(image, pattern));
    }

    [Theory]
    [InlineData("portal/shell:latest", "portal/shell", true)]
    [InlineData("portal/shell:v2", "portal/shell", false)]
    [InlineData("portal/shell:v2", "portal/shell:v2", true)]
    [InlineData("portal/shell:latest", "portal/shell:v2", false)]
    [InlineData("portal/shell@" + Digest, "portal/shell", false)]
    [InlineData("portal/shell@" + Digest, "portal/shell@" + Digest, true)]
    [InlineData("localhost:5000/alice/train:latest", "localhost:5000/alice/train", true)]
    [InlineData("localhost:5000/alice/train:v1", "localhost:5000/alice/train", false)]
    [InlineData("portal/shell:latest", "portal", false)]
    public void Matches_ExactPattern_NamesOneImageSpelledAsNormalised(string image, string pattern, bool expected)
    {
        Assert.Equal(expected, ImageReference.Matches(image, pattern));
    }

    [Fact]
    public void Matches_PatternWithRegexCharacters_TakesThemLiterally()
    {
        Assert.True(ImageReference.Matches("portal/py.thon:latest", "portal/py.thon:*"));
        Assert.False(ImageReference.Matches("portal/pyxthon:latest", "portal/py.thon:*"));
    }
}
