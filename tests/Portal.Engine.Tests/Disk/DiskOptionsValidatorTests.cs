using Portal.Engine.Disk;

namespace Portal.Engine.Tests.Disk;

public sealed class DiskOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() => Assert.True(new DiskOptionsValidator().Validate(null, new DiskOptions()).Succeeded);

    [Fact]
    public void Validate_EveryKeyWrong_NamesEachKey()
    {
        var result = new DiskOptionsValidator().Validate(null, new DiskOptions
        {
            RefreshMinutes = 0,
            EventDebounceSeconds = -1,
            ScanTimeoutMinutes = 10_000,
            WarningPercent = 101,
            LargestItems = 0,
        });

        Assert.True(result.Failed);
        var errors = result.Failures!.ToList();
        Assert.Equal(5, errors.Count);
        foreach (var key in new[] { "Disk:RefreshMinutes", "Disk:EventDebounceSeconds", "Disk:ScanTimeoutMinutes", "Disk:WarningPercent", "Disk:LargestItems" })
        {
            Assert.Contains(errors, e => e.StartsWith(key, StringComparison.Ordinal));
        }
    }
}
