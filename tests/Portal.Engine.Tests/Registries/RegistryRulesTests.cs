using System.Net.Http.Headers;
using Portal.Engine.Containers;
using Portal.Engine.Registries;

namespace Portal.Engine.Tests.Registries;

/// <summary>The pure rules: tag order, URL and name spellings, challenge and Link parsing, the namespace rule, options.</summary>
public sealed class RegistryRulesTests
{
    [Fact]
    public void TagOrder_PutsLatestFirstThenVersionsNewestFirstThenTheRest()
    {
        string[] tags = ["dev", "1.9", "v1.10.1", "latest", "1.10", "1.10-rc1", "2", "nightly", "1.10.0"];
        Assert.Equal(["latest", "2", "v1.10.1", "1.10.0", "1.10", "1.10-rc1", "1.9", "dev", "nightly"], TagOrder.Sort(tags));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000")]
    [InlineData("https://Harbor.Lab.Example/", "https://harbor.lab.example")]
    [InlineData(" http://registry:443 ", "http://registry:443")]
    [InlineData("ftp://registry", null)]
    [InlineData("http://user:pw@registry", null)]
    [InlineData("http://registry/v2/", null)]
    [InlineData("registry:5000", null)]
    [InlineData("", null)]
    public void RegistryUrl_AcceptsOnlySchemeHostAndPort(string url, string? expected) =>
        Assert.Equal(expected, RegistryUrl.Normalize(url));

    [Theory]
    [InlineData("lab", true)]
    [InlineData("harbor-2", true)]
    [InlineData("Harbor", false)]
    [InlineData("-x", false)]
    [InlineData("a/b", false)]
    public void RegistryUrl_NamesAreSlugs(string name, bool valid) => Assert.Equal(valid, RegistryUrl.IsValidName(name));

    [Theory]
    [InlineData("alice/project", true)]
    [InlineData("a/b/c-d_e.f", true)]
    [InlineData("Alice/project", false)]
    [InlineData("alice//x", false)]
    [InlineData("../etc", false)]
    public void RegistryNames_Repositories(string name, bool valid) => Assert.Equal(valid, RegistryNames.IsValidRepository(name));

    [Fact]
    public void RegistryNames_MembersDeleteOnlyUnderTheirName()
    {
        var alice = new Actor("alice", IsAdmin: false);
        Assert.True(RegistryNames.MayDelete(alice, "alice/project"));
        Assert.True(RegistryNames.MayDelete(alice, "alice/deep/er"));
        Assert.False(RegistryNames.MayDelete(alice, "alice"));
        Assert.False(RegistryNames.MayDelete(alice, "alicex/project"));
        Assert.False(RegistryNames.MayDelete(alice, "portal/python"));
        Assert.True(RegistryNames.MayDelete(new Actor("root", IsAdmin: true), "portal/python"));
    }

    [Fact]
    public void AuthenticationChallenge_ReadsQuotedParametersWithCommas()
    {
        var challenge = AuthenticationChallenge.Parse("Bearer", "realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\"");
        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.example/token", challenge.Realm);
        Assert.Equal("registry.example", challenge.Service);
        Assert.Equal("repository:a/b:pull,push", challenge.Scope);
    }

    [Fact]
    public void LinkHeader_ReadsTheNextPage()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Link", "</v2/_catalog?last=b&n=2>; rel=\"next\"");
        Assert.Equal("/v2/_catalog?last=b&n=2", LinkHeader.NextOf(response.Headers));
        using var absolute = new HttpResponseMessage();
        absolute.Headers.TryAddWithoutValidation("Link", "<https://r.example/v2/x/tags/list?last=9&n=2>; rel=\"next\"");
        Assert.Equal("/v2/x/tags/list?last=9&n=2", LinkHeader.NextOf(absolute.Headers));
        using var none = new HttpResponseMessage();
        Assert.Null(LinkHeader.NextOf(none.Headers));
    }

    [Theory]
    [InlineData("@evil.example/v2/_catalog")]
    [InlineData("//evil.example/v2/_catalog")]
    [InlineData("v2/_catalog?last=b")]
    public void LinkHeader_NotAPath_IsNoNextPage(string target)
    {
        // Glued to the registry's base URL these would carry its credentials to another host.
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Link", $"<{target}>; rel=\"next\"");
        Assert.Null(LinkHeader.NextOf(response.Headers));
    }

    [Fact]
    public void OptionsValidator_ReportsEveryBadKey()
    {
        var result = new RegistryOptionsValidator().Validate(null, new RegistryOptions { LabUrl = "localhost:5000", PageSize = 0, RequestTimeoutSeconds = 0 });
        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("Registries:LabUrl", StringComparison.Ordinal));
        Assert.True(new RegistryOptionsValidator().Validate(null, new RegistryOptions()).Succeeded);
    }
}
