using Portal.Engine.Gpus;

namespace Portal.Engine.Tests.Gpus;

public sealed class GpuOptionsValidatorTests
{
    private readonly GpuOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var options = new GpuOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal(GpuSource.NvidiaSmi, options.Source);
        Assert.Equal("nvidia-smi", options.NvidiaSmiPath);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RefreshInterval);
        Assert.Equal(GpuBinding.DeviceRequests, options.Binding);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryKeyAtOnce()
    {
        var result = _validator.Validate(null, new GpuOptions
        {
            Source = GpuSource.File,
            FilePath = " ",
            NvidiaSmiPath = "",
            RefreshInterval = TimeSpan.FromMilliseconds(500),
            Binding = (GpuBinding)42,
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Gpus:FilePath is required when Gpus:Source is File", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Gpus:NvidiaSmiPath", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Gpus:RefreshInterval must be at least 00:00:01", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Gpus:Binding '42'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UndefinedSource_NamesTheKey()
    {
        var result = _validator.Validate(null, new GpuOptions { Source = (GpuSource)7 });

        Assert.Contains("Gpus:Source '7' is not supported", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GpuSource.None, null)]
    [InlineData(GpuSource.NvidiaSmi, null)]
    [InlineData(GpuSource.File, "fixtures/gpus.xml")]
    public void Validate_FilePathOnlyNeededForFile_Succeeds(GpuSource source, string? filePath)
    {
        Assert.True(_validator.Validate(null, new GpuOptions { Source = source, FilePath = filePath, RefreshInterval = TimeSpan.FromSeconds(1) }).Succeeded);
    }
}
