using Portal.Engine.Cleanup;

namespace Portal.Engine.Tests.Cleanup;

public sealed class CleanupTargetsTests
{
    [Fact]
    public void Parse_KnownNamesInAnyOrder_AreDistinctInTheCanonicalOrder() =>
        Assert.Equal(
            [CleanupTargets.StoppedContainers, CleanupTargets.BuildCache],
            CleanupTargets.Parse(["build-cache", "stopped-containers", "build-cache"]).Targets);

    [Fact]
    public void Parse_UnknownName_NamesItAndTheKnownOnes()
    {
        var (targets, error) = CleanupTargets.Parse(["stopped-containers", "logs"]);

        Assert.Null(targets);
        Assert.StartsWith("Unknown target 'logs'; use stopped-containers, dangling-images, unused-images, unused-volumes, build-cache.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_None_AsksForOne() =>
        Assert.StartsWith("Name at least one target", CleanupTargets.Parse([]).Error, StringComparison.Ordinal);

    [Fact]
    public void StoredForm_RoundTrips_AndIgnoresUnknownNames() =>
        Assert.Equal(
            [CleanupTargets.DanglingImages, CleanupTargets.UnusedVolumes],
            CleanupTargets.FromStored(CleanupTargets.ToStored([CleanupTargets.UnusedVolumes, CleanupTargets.DanglingImages]) + ",gone"));
}
