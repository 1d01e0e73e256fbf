using Portal.Engine.Containers;

namespace Portal.Engine.Tests.Unit;

public sealed class DockerNamesTests
{
    [Fact]
    public void ForContainer_TwoOwnersSameName_GiveDifferentDockerNames()
    {
        Assert.NotEqual(DockerNames.ForContainer("alice", "train"), DockerNames.ForContainer("bob", "train"));
        Assert.Equal("portal-alice-train", DockerNames.ForContainer("alice", "train"));
    }

    [Theory]
    [InlineData("My Run #1", "my_run__1")]
    [InlineData("a.b-c_d", "a.b-c_d")]
    [InlineData("  Spaces  ", "spaces")]
    public void Sanitize_OddCharacters_BecomeUnderscoresAndLowerCase(string input, string expected)
    {
        Assert.Equal(expected, DockerNames.Sanitize(input));
    }

    [Fact]
    public void ForContainer_EmptyName_Throws()
    {
        Assert.Throws<ArgumentException>(() => DockerNames.ForContainer("alice", " "));
    }
}
