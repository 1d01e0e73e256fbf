using System.Text.Json;
using Portal.Engine.Cleanup;

namespace Portal.Engine.Tests.Cleanup;

/// <summary><c>GET /system/df</c> in both of the engine's shapes: Engine 20.10's lists and newer engines' per-kind usage.</summary>
public sealed class CleanupInventoryReaderTests
{
    // Trimmed from Engine 20.10.24 (API 1.41).
    private const string Classic = """
        {"LayersSize":168271380,
         "Images":[{"Containers":1,"Created":1795556532,"Id":"sha256:f799","Labels":null,"ParentId":"","RepoDigests":null,"RepoTags":["portal/python:latest"],"SharedSize":1000,"Size":166287208,"VirtualSize":166287208},
                   {"Containers":0,"Created":1795556462,"Id":"sha256:d61e","Labels":{},"ParentId":"","RepoDigests":[],"RepoTags":["<none>:<none>"],"SharedSize":-1,"Size":1984172,"VirtualSize":1984172}],
         "Containers":[{"Id":"abc123","Names":["/alice-train"],"Image":"portal/python:latest","ImageID":"sha256:f799","Command":"sleep 1","Created":1795560000,"State":"exited","Status":"Exited (0)","SizeRw":4096,"Labels":{"org.portal.managed":"true","org.portal.owner":"alice","org.portal.name":"train"},
                        "Mounts":[{"Type":"volume","Name":"alice-data","Destination":"/data"},{"Type":"bind","Source":"/ws/alice","Destination":"/workspace"}]}],
         "Volumes":[{"CreatedAt":"2026-11-24T10:00:00Z","Driver":"local","Labels":{"org.portal.owner":"alice"},"Mountpoint":"/x","Name":"alice-data","Options":null,"Scope":"local","UsageData":{"RefCount":1,"Size":2048}}],
         "BuildCache":null,"BuilderSize":0}
        """;

    // The shape of API 1.52 and later.
    private const string PerKind = """
        {"ImageUsage":{"ActiveCount":0,"Items":[{"Containers":0,"Created":1795556462,"Id":"sha256:d61e","RepoTags":["portal/shell:latest"],"SharedSize":0,"Size":1984172}]},
         "ContainerUsage":{"Items":[]},
         "VolumeUsage":{"Items":[{"Name":"scratch","Labels":{},"UsageData":{"RefCount":0,"Size":10}}]},
         "BuildCacheUsage":{"Items":[{"ID":"a","Size":100,"InUse":false,"Shared":false},{"ID":"b","Size":50,"InUse":true,"Shared":false},{"ID":"c","Size":25,"InUse":false,"Shared":true}]}}
        """;

    [Fact]
    public void Parse_Engine2010Lists_ReadsEveryKind()
    {
        using var json = JsonDocument.Parse(Classic);

        var inventory = CleanupInventoryReader.Parse(json.RootElement);

        var container = Assert.Single(inventory.Containers);
        Assert.Equal(("abc123", "alice-train", "train", "alice", "sha256:f799", "exited", 4096L), (container.Id, container.Name, container.DisplayName, container.Owner, container.ImageId, container.State, container.SizeRw));
        Assert.Equal(["alice-data"], container.VolumeNames);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795560000), container.CreatedAt);
        Assert.Equal(2, inventory.Images.Count);
        Assert.Equal((1L, 166287208L - 1000), (inventory.Images[0].Containers, inventory.Images[0].UniqueSize));
        Assert.True(inventory.Images[1].IsDangling);
        Assert.Equal(1984172, inventory.Images[1].UniqueSize);
        Assert.Equal("<none> (d61e)", inventory.Images[1].DisplayName);
        var volume = Assert.Single(inventory.Volumes);
        Assert.Equal(("alice-data", "alice", 2048L, 1L), (volume.Name, volume.Owner, volume.Size, volume.RefCount));
        Assert.Equal(0, inventory.BuildCacheReclaimableBytes);
    }

    [Fact]
    public void Parse_PerKindUsage_ReadsTheItemsAndOnlyReclaimableBuildCache()
    {
        using var json = JsonDocument.Parse(PerKind);

        var inventory = CleanupInventoryReader.Parse(json.RootElement);

        Assert.Equal(["portal/shell:latest"], Assert.Single(inventory.Images).RepoTags);
        Assert.Empty(inventory.Containers);
        Assert.Equal(("scratch", 0L), (Assert.Single(inventory.Volumes).Name, inventory.Volumes[0].RefCount));
        Assert.Equal(100, inventory.BuildCacheReclaimableBytes);
    }
}
