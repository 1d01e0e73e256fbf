using Portal.Engine.Images;

namespace Portal.Engine.Tests.Images;

public sealed class ImageOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new ImageOptionsValidator().Validate(null, new ImageOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EveryBadValue_IsReportedAtOnceNamingItsKey()
    {
        var options = new ImageOptions { MaxContextMiB = 0, BuildLogLines = 1, TransferTimeoutMinutes = 0, BuildTimeoutMinutes = -1, CommitTimeoutMinutes = 100_000 };

        var result = new ImageOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var key in new[] { "MaxContextMiB", "BuildLogLines", "TransferTimeoutMinutes", "BuildTimeoutMinutes", "CommitTimeoutMinutes" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith("Images:" + key, StringComparison.Ordinal));
        }
    }
}
