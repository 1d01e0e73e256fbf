using Portal.Engine.Cleanup;
using Portal.Engine.Disk;

namespace Portal.Engine.Tests.Cleanup;

/// <summary>
/// The engine's <c>/system/df</c> figures (parsed, in both of the engine's shapes, by <see cref="SystemDfParser"/>;
/// see SystemDfParserTests) as the cleanup's inventory.
/// </summary>
public sealed class CleanupInventoryReaderTests
{
    private static readonly Dictionary<string, string> AliceContainerLabels = new()
    {
        ["org.portal.managed"] = "true",
        ["org.portal.owner"] = "alice",
        ["org.portal.name"] = "train",
    };

    [Fact]
    public void ToInventory_EngineFigures_KeepsWhatThePlannerJudges()
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(1795560000);
        var usage = new EngineDiskUsage(
            Images:
            [
                new EngineImageUsage("sha256:f799", ["portal/python:latest"], 166287208, 1000, 1) { CreatedAt = created },
                new EngineImageUsage("sha256:d61e", [], 1984172, -1, 0),
            ],
            Containers:
            [
                new EngineContainerUsage("abc123", "alice-train", "sha256:f799", "exited", 4096, AliceContainerLabels) { CreatedAt = created, VolumeNames = ["alice-data"] },
            ],
            Volumes: [new EngineVolumeUsage("alice-data", new Dictionary<string, string> { ["org.portal.owner"] = "alice" }, 2048, 1)],
            BuildCache: [],
            LayersSize: 168271380);

        var inventory = CleanupInventoryReader.ToInventory(usage);

        var container = Assert.Single(inventory.Containers);
        Assert.Equal(("abc123", "alice-train", "train", "alice", "sha256:f799", "exited", 4096L), (container.Id, container.Name, container.DisplayName, container.Owner, container.ImageId, container.State, container.SizeRw));
        Assert.Equal(["alice-data"], container.VolumeNames);
        Assert.Equal(created, container.CreatedAt);
        Assert.True(container is { IsManaged: true, IsStopped: true, FinishedAt: null });
        Assert.Equal(2, inventory.Images.Count);
        Assert.Equal((1L, 166287208L - 1000, created), (inventory.Images[0].Containers, inventory.Images[0].UniqueSize, inventory.Images[0].CreatedAt));
        Assert.True(inventory.Images[1].IsDangling);
        Assert.Equal(1984172, inventory.Images[1].UniqueSize);
        Assert.Equal("<none> (d61e)", inventory.Images[1].DisplayName);
        var volume = Assert.Single(inventory.Volumes);
        Assert.Equal(("alice-data", "alice", 2048L, 1L), (volume.Name, volume.Owner, volume.Size, volume.RefCount));
        Assert.Equal(0, inventory.BuildCacheReclaimableBytes);
    }

    [Fact]
    public void ToInventory_BuildCache_CountsOnlyRecordsNeitherInUseNorShared()
    {
        var usage = new EngineDiskUsage([], [], [], [new("a", null, 100, false, false), new("b", null, 50, true, false), new("c", null, 25, false, true)], null);

        Assert.Equal(100, CleanupInventoryReader.ToInventory(usage).BuildCacheReclaimableBytes);
    }

    [Fact]
    public void ToInventory_SizesTheEngineDidNotCompute_CountAsNothing()
    {
        var usage = new EngineDiskUsage(
            [new EngineImageUsage("sha256:1", ["a:b"], -1, -1, -1)],
            [new EngineContainerUsage("c1", "c", "sha256:1", "exited", -1, new Dictionary<string, string>())],
            [],
            [],
            null);

        var inventory = CleanupInventoryReader.ToInventory(usage);

        Assert.Equal((0L, 0L), (Assert.Single(inventory.Images).UniqueSize, Assert.Single(inventory.Containers).SizeRw));
    }
}
