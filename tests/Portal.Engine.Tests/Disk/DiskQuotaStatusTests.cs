using Portal.Engine.Disk;

namespace Portal.Engine.Tests.Disk;

/// <summary>Where a user stands against a quota, and what the refusal says.</summary>
public sealed class DiskQuotaStatusTests
{
    private const long GiB = DiskBytes.BytesPerGiB;

    [Theory]
    [InlineData(0L, 50.0, DiskQuotaLevel.Ok)]
    [InlineData(44 * GiB, 50.0, DiskQuotaLevel.Ok)]
    [InlineData(45 * GiB, 50.0, DiskQuotaLevel.Warning)]
    [InlineData(50 * GiB - 1, 50.0, DiskQuotaLevel.Warning)]
    [InlineData(50 * GiB, 50.0, DiskQuotaLevel.Exceeded)]
    [InlineData(900 * GiB, 0.0, DiskQuotaLevel.Unlimited)]
    public void LevelFor_UsageAgainstQuota_WarnsFromNinetyPercentAndRefusesAtTheQuota(long used, double quotaGiB, DiskQuotaLevel expected) =>
        Assert.Equal(expected, DiskQuotaStatus.LevelFor(used, quotaGiB, warningPercent: 90, measured: true));

    [Fact]
    public void LevelFor_NotMeasuredYet_IsUnknownWhateverTheQuota() =>
        Assert.Equal(DiskQuotaLevel.Unknown, DiskQuotaStatus.LevelFor(0, 0.001, 90, measured: false));

    [Fact]
    public void Describe_OverQuota_NamesUsageQuotaAndTheLargestItems()
    {
        var usage = new UserDiskUsage("alice")
        {
            ContainersBytes = (long)(20.3 * GiB),
            ImagesBytes = 14 * GiB,
            WorkspaceBytes = (long)(17.8 * GiB),
            Largest =
            [
                new DiskItem(DiskItemKind.Container, "c1", "train-3", "alice", (long)(20.3 * GiB)),
                new DiskItem(DiskItemKind.Workspace, "/ws/alice", "alice", "alice", (long)(17.8 * GiB)),
                new DiskItem(DiskItemKind.Image, "sha256:1", "alice/pytorch:dev", "alice", 14 * GiB) { SharedBytes = GiB },
                new DiskItem(DiskItemKind.Logs, "c1", "train-3", "alice", 1),
            ],
        };
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var status = new DiskQuotaStatus(usage, 50, DiskQuotaLevel.Exceeded, now.AddMinutes(-3));

        var message = DiskQuota.Describe(status, now);

        Assert.Equal(
            "You use 52.1 GiB of your 50 GiB disk quota; remove some of: container train-3 (20.3 GiB writable layer), "
            + "workspace folder alice (17.8 GiB data), image alice/pytorch:dev (14.0 GiB unique layers). "
            + "(measured 3 minutes ago; the Disk page has the details)",
            message);
    }

    [Fact]
    public void Status_Percent_IsOfTheQuotaInBytes()
    {
        var status = new DiskQuotaStatus(new UserDiskUsage("a") { WorkspaceBytes = GiB }, 4, DiskQuotaLevel.Ok, null);

        Assert.Equal(4 * GiB, status.QuotaBytes);
        Assert.Equal(25, status.UsedPercent);
        Assert.Null((status with { MaxDiskGiB = 0 }).UsedPercent);
    }
}
