using Portal.Engine.Docker;

namespace Portal.Engine.Tests.Unit;

public sealed class DockerOptionsValidatorTests
{
    private readonly DockerOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(_validator.Validate(null, new DockerOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryKeyAtOnce()
    {
        var result = _validator.Validate(null, new DockerOptions
        {
            Endpoint = "ftp://nope",
            RequestTimeout = TimeSpan.Zero,
            HealthCheckInterval = TimeSpan.Zero,
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.Contains("Docker:Endpoint", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Docker:RequestTimeout", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Docker:HealthCheckInterval", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("unix:///var/run/docker.sock")]
    [InlineData("tcp://127.0.0.1:2375")]
    public void Validate_SupportedEndpoints_Succeed(string endpoint)
    {
        Assert.True(_validator.Validate(null, new DockerOptions { Endpoint = endpoint }).Succeeded);
    }
}
