using Portal.Engine.Stats;

namespace Portal.Engine.Tests.Stats;

public sealed class StatsOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new StatsOptionsValidator().Validate(null, new StatsOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EveryKeyOutOfRange_ReportsEachByName()
    {
        var result = new StatsOptionsValidator().Validate(null, new StatsOptions { HistoryMinutes = 0, LingerSeconds = -1, DiskRefreshSeconds = 0 });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Stats:HistoryMinutes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Stats:LingerSeconds", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Stats:DiskRefreshSeconds", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TooMuchHistoryOrNaNLinger_Fails()
    {
        Assert.True(new StatsOptionsValidator().Validate(null, new StatsOptions { HistoryMinutes = 61 }).Failed);
        Assert.True(new StatsOptionsValidator().Validate(null, new StatsOptions { LingerSeconds = double.NaN }).Failed);
    }
}
