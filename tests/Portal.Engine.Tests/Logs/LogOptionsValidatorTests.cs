using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Logs;

public sealed class LogOptionsValidatorTests
{
    private static readonly LogOptionsValidator Validator = new();

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(Validator.Validate(null, new LogOptions()).Succeeded);
    }

    [Theory]
    [InlineData("10m")]
    [InlineData("512k")]
    [InlineData("1G")]
    [InlineData("1048576")]
    public void Validate_DockerSizes_Succeed(string size)
    {
        Assert.True(Validator.Validate(null, new LogOptions { RotationMaxSize = size }).Succeeded);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryKeyAtOnce()
    {
        var result = Validator.Validate(null, new LogOptions
        {
            BufferLines = 5,
            ViewerQueueLines = 0,
            MaxLineLength = 10,
            LingerSeconds = -1,
            RotationMaxSize = "10 MB",
            RotationMaxFiles = 0,
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(6, failures.Count);
        foreach (var key in new[] { "BufferLines", "ViewerQueueLines", "MaxLineLength", "LingerSeconds", "RotationMaxSize", "RotationMaxFiles" })
        {
            Assert.Contains(failures, f => f.StartsWith($"Logs:{key} ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("10mb")]
    [InlineData("1t")]
    [InlineData("m")]
    public void Validate_BadRotationSize_Fails(string size)
    {
        var result = Validator.Validate(null, new LogOptions { RotationMaxSize = size });

        Assert.Contains("Logs:RotationMaxSize", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }
}
