using Portal.Engine.Terminals;

namespace Portal.Engine.Tests.Terminals;

public sealed class TerminalOptionsValidatorTests
{
    private readonly TerminalOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var options = new TerminalOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromMinutes(15), options.DetachedGrace);
        Assert.Equal(256 * 1024, options.ScrollbackBytes);
        Assert.Equal(8, options.MaxSessionsPerUser);
        Assert.Equal(TimeSpan.FromMinutes(240), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Heartbeat);
        Assert.Equal(512 * 1024, options.OutputQueueBytes);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryKeyAtOnce()
    {
        var result = _validator.Validate(null, new TerminalOptions
        {
            DetachedGraceMinutes = 0,
            ScrollbackKiB = 0,
            MaxSessionsPerUser = 0,
            IdleTimeoutMinutes = -1,
            HeartbeatSeconds = 0,
            OutputQueueKiB = 1,
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(6, failures.Count);
        foreach (var key in new[] { "DetachedGraceMinutes", "ScrollbackKiB", "MaxSessionsPerUser", "IdleTimeoutMinutes", "HeartbeatSeconds", "OutputQueueKiB" })
        {
            Assert.Contains(failures, f => f.Contains("Terminals:" + key, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-0.5)]
    [InlineData(TerminalOptionsValidator.MaxGraceMinutes + 1)]
    public void Validate_GraceOutOfRange_Fails(double minutes)
    {
        var result = _validator.Validate(null, new TerminalOptions { DetachedGraceMinutes = minutes });

        Assert.Contains(result.Failures!, f => f.Contains("Terminals:DetachedGraceMinutes", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_FractionalGrace_IsAllowed()
    {
        var options = new TerminalOptions { DetachedGraceMinutes = 0.02 };

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(1.2), options.DetachedGrace);
    }

    [Fact]
    public void Validate_IdleTimeoutZero_TurnsItOff()
    {
        var options = new TerminalOptions { IdleTimeoutMinutes = 0 };

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Null(options.IdleTimeout);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_IdleTimeoutNotANumber_Fails(double minutes)
    {
        Assert.True(_validator.Validate(null, new TerminalOptions { IdleTimeoutMinutes = minutes }).Failed);
    }

    [Theory]
    [InlineData(15, false)]
    [InlineData(16, true)]
    [InlineData(65536, true)]
    [InlineData(65537, false)]
    public void Validate_OutputQueueBounds(int kib, bool valid)
    {
        Assert.Equal(valid, _validator.Validate(null, new TerminalOptions { OutputQueueKiB = kib }).Succeeded);
    }
}
