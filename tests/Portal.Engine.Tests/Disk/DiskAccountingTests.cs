using Portal.Engine.Containers;
using Portal.Engine.Disk;

namespace Portal.Engine.Tests.Disk;

/// <summary>How one pass is added up: who pays for what, the engine's totals, and the largest items.</summary>
public sealed class DiskAccountingTests
{
    private static readonly Dictionary<string, string> Unlabelled = [];

    [Fact]
    public void Compute_TwoMembers_ChargesEachTheirOwnItemsOnly()
    {
        var input = Input(
            containers: [Container("c1", "ada", "train", 5_000, "running"), Container("c2", "bob", "eval", 700, "exited"), new EngineContainerUsage("c3", "by-hand", "i", "running", 9_999, Unlabelled)],
            images: [new EngineImageUsage("sha256:ada", ["ada/x:1"], 10_000, 4_000, 0), new EngineImageUsage("sha256:base", ["portal/python:latest"], 4_000, 4_000, 1)],
            volumes: [new EngineVolumeUsage("ada-data", Owner("ada"), 300, 0), new EngineVolumeUsage("bob-data", Owner("bob"), 200, 1)],
            owners: new() { ["sha256:ada"] = new ImageOwnership("ada", "ada/x:1") },
            logs: new() { ["c1"] = new FileTally(50, 0), ["c2"] = new FileTally(20, 1) },
            workspaces: [new WorkspaceTally("/ws/ada", "ada", new FileTally(1_000, 0)), new WorkspaceTally("/ws/gone", null, new FileTally(77, 2))]);

        var figures = DiskAccounting.Compute(input);

        var ada = figures.For("ada");
        Assert.Equal((5_000L, 1, 6_000L, 4_000L, 1, 300L, 1, 1_000L, 50L), (ada.ContainersBytes, ada.Containers, ada.ImagesBytes, ada.ImagesSharedBytes, ada.Images, ada.VolumesBytes, ada.Volumes, ada.WorkspaceBytes, ada.LogsBytes));
        Assert.Equal(5_000 + 6_000 + 300 + 1_000 + 50, ada.TotalBytes);
        var bob = figures.For("bob");
        Assert.Equal((700L, 0L, 200L, 0L, 20L, 1), (bob.ContainersBytes, bob.ImagesBytes, bob.VolumesBytes, bob.WorkspaceBytes, bob.LogsBytes, bob.UnreadableEntries));
        Assert.All(ada.Largest, item => Assert.Equal("ada", item.Owner));
        Assert.Equal(["image ada/x:1", "container train", "workspace folder ada", "volume ada-data", "the logs of container train"], ada.Largest.Select(i => i.Describe()));
        Assert.Equal(4_000, ada.Largest[0].SharedBytes);
        Assert.True(ada.Largest[1].InUse);
        // A known user with nothing still has a line; the unlabelled container and the unmapped folder are nobody's.
        Assert.Equal(0, figures.For("cy").TotalBytes);
        Assert.True(figures.Users.ContainsKey("cy"));
        Assert.Equal(3, figures.UnreadableEntries);
        Assert.Contains(figures.Largest, i => i is { Name: "by-hand", Owner: null });
        Assert.Contains(figures.Largest, i => i is { Kind: DiskItemKind.Workspace, Owner: null, Bytes: 77 });
    }

    [Fact]
    public void Compute_Totals_AreWhatDockerSystemDfPrints()
    {
        var input = Input(
            containers: [Container("c1", "ada", "a", 100, "running"), Container("c2", "ada", "b", 40, "exited")],
            images: [new EngineImageUsage("sha256:1", ["x:1"], 1_000, 200, 1), new EngineImageUsage("sha256:2", ["y:1"], 500, 200, 0)],
            volumes: [new EngineVolumeUsage("v1", Unlabelled, 30, 0), new EngineVolumeUsage("v2", Unlabelled, 70, 2)],
            buildCache: [new EngineBuildCacheUsage("b1", null, 10, false, false), new EngineBuildCacheUsage("b2", null, 5, true, false), new EngineBuildCacheUsage("b3", null, 99, false, true)],
            layersSize: 1_300,
            logs: new() { ["c1"] = new FileTally(8, 0) });

        var totals = DiskAccounting.Compute(input).Totals.ToDictionary(t => t.Kind);

        // Images: all layers once; in use are the unique bytes of images with containers.
        Assert.Equal(new DiskKindTotal(DiskItemKind.Image, 2, 1, 1_300, 1_300 - 800), totals[DiskItemKind.Image]);
        Assert.Equal(new DiskKindTotal(DiskItemKind.Container, 2, 1, 140, 40), totals[DiskItemKind.Container]);
        Assert.Equal(new DiskKindTotal(DiskItemKind.Volume, 2, 1, 100, 30), totals[DiskItemKind.Volume]);
        Assert.Equal(new DiskKindTotal(DiskItemKind.BuildCache, 3, 1, 15, 10), totals[DiskItemKind.BuildCache]);
        Assert.Equal(new DiskKindTotal(DiskItemKind.Logs, 1, 1, 8, null), totals[DiskItemKind.Logs]);
    }

    [Fact]
    public void Compute_ManyItems_KeepsOnlyTheLargestAndSkipsEmptyOnes()
    {
        var containers = Enumerable.Range(1, 30).Select(i => Container($"c{i}", "ada", $"n{i:00}", i * 10, "exited")).Append(Container("c0", "ada", "empty", 0, "exited")).ToList();

        var figures = DiskAccounting.Compute(Input(containers: containers, largest: 5));

        Assert.Equal(["n30", "n29", "n28", "n27", "n26"], figures.For("ada").Largest.Select(i => i.Name));
        Assert.Equal(5, figures.Largest.Count);
        Assert.Equal(31, figures.For("ada").Containers);
    }

    [Fact]
    public void Compute_UntaggedOwnedImage_IsNamedByItsRecord()
    {
        var figures = DiskAccounting.Compute(Input(
            images: [new EngineImageUsage("sha256:0123456789abcdef", [], 10, 0, 0), new EngineImageUsage("sha256:fedcba9876543210", [], 20, 0, 0)],
            owners: new() { ["sha256:0123456789abcdef"] = new ImageOwnership("ada", "ada/old:1") }));

        Assert.Equal("ada/old:1 (untagged)", Assert.Single(figures.For("ada").Largest).Name);
        Assert.Contains(figures.Largest, i => i.Name == "fedcba987654");
    }

    private static EngineContainerUsage Container(string id, string owner, string name, long sizeRw, string state) =>
        new(id, $"portal-{owner}-{name}", "sha256:1", state, sizeRw, new Dictionary<string, string>
        {
            [PortalLabels.Managed] = "true",
            [PortalLabels.Owner] = owner,
            [PortalLabels.Name] = name,
        });

    private static Dictionary<string, string> Owner(string owner) => new() { [PortalLabels.Owner] = owner };

    [Fact]
    public void LayersSharedOnlyWithin_OneOwnersImages_AreNamedWithThatOwnerAndNoOthers()
    {
        var layers = new Dictionary<string, IReadOnlyList<string>>
        {
            ["sha256:base"] = ["shell"],
            ["sha256:x"] = ["ada-base", "shell"],
            ["sha256:y"] = ["y-top", "ada-base", "shell"],
            ["sha256:bob"] = ["bob-top", "with-bob"],
            ["sha256:z"] = ["with-bob", "z-top"],
        };
        var owners = new Dictionary<string, ImageOwnership>
        {
            ["sha256:x"] = new("ada", "ada/x:1"),
            ["sha256:y"] = new("ada", "ada/y:1"),
            ["sha256:z"] = new("ada", "ada/z:1"),
            ["sha256:bob"] = new("bob", "bob/b:1"),
        };

        var shared = ImageLayerSharing.LayersSharedOnlyWithin(layers, owners);

        // "shell" is under an image of no one, "with-bob" under Bob's too, the tops under one image each.
        Assert.Equal(new Dictionary<string, string> { ["ada-base"] = "ada" }, shared);
    }

    [Fact]
    public void Compute_LayerSharedOnlyByOnesOwnImages_IsChargedOnceAndNotAsShared()
    {
        var input = Input(
            images: [new EngineImageUsage("sha256:x", ["ada/x:1"], 5_100, 5_000, 0), new EngineImageUsage("sha256:y", ["ada/y:1"], 5_300, 5_000, 0), new EngineImageUsage("sha256:base", ["portal/shell:latest"], 1_000, 1_000, 0)],
            owners: new() { ["sha256:x"] = new ImageOwnership("ada", "ada/x:1"), ["sha256:y"] = new ImageOwnership("ada", "ada/y:1") }) with
        {
            ImageLayers = new Dictionary<string, IReadOnlyList<string>> { ["sha256:x"] = ["x", "ada", "shell"], ["sha256:y"] = ["y", "ada", "shell"], ["sha256:base"] = ["shell"] },
            LayerSizes = new Dictionary<string, long> { ["ada"] = 4_000 },
        };

        var ada = DiskAccounting.Compute(input).For("ada");

        Assert.Equal((100L + 300 + 4_000, 4_000L, 1_000L + 1_000), (ada.ImagesBytes, ada.ImagesOwnSharedBytes, ada.ImagesSharedBytes));
        Assert.Equal(100L + 300 + 4_000, ada.TotalBytes);
        // Each image still says what Docker says it shares; only the user's line says what is counted.
        Assert.All(ada.Largest, item => Assert.Equal(5_000, item.SharedBytes));
    }

    [Fact]
    public void Compute_OwnSharedLayerThatCouldNotBeRead_IsCountedAsUnreadableNotAsZero()
    {
        var input = Input(
            images: [new EngineImageUsage("sha256:x", ["ada/x:1"], 5_100, 5_000, 0), new EngineImageUsage("sha256:y", ["ada/y:1"], 5_300, 5_000, 0)],
            owners: new() { ["sha256:x"] = new ImageOwnership("ada", "ada/x:1"), ["sha256:y"] = new ImageOwnership("ada", "ada/y:1") }) with
        {
            ImageLayers = new Dictionary<string, IReadOnlyList<string>> { ["sha256:x"] = ["x", "ada"], ["sha256:y"] = ["y", "ada"] },
        };

        var figures = DiskAccounting.Compute(input);

        var ada = figures.For("ada");
        Assert.Equal((400L, 0L, 1), (ada.ImagesBytes, ada.ImagesOwnSharedBytes, ada.UnreadableEntries));
        Assert.Equal(1, figures.UnreadableEntries);
    }

    private static DiskAccountingInput Input(
        IReadOnlyList<EngineContainerUsage>? containers = null,
        IReadOnlyList<EngineImageUsage>? images = null,
        IReadOnlyList<EngineVolumeUsage>? volumes = null,
        IReadOnlyList<EngineBuildCacheUsage>? buildCache = null,
        long? layersSize = null,
        Dictionary<string, ImageOwnership>? owners = null,
        Dictionary<string, FileTally>? logs = null,
        IReadOnlyList<WorkspaceTally>? workspaces = null,
        int largest = 10) =>
        new(
            new EngineDiskUsage(images ?? [], containers ?? [], volumes ?? [], buildCache ?? [], layersSize),
            owners ?? [],
            logs ?? [],
            workspaces ?? [],
            ["ada", "bob", "cy"],
            largest);
}
