using System.Text.Json;
using Portal.Engine.Disk;

namespace Portal.Engine.Tests.Disk;

/// <summary><c>GET /system/df</c> in both shapes: Engine 20.10 to 28 (top-level lists) and API 1.52 (<c>...Usage.Items</c>).</summary>
public sealed class SystemDfParserTests
{
    // Trimmed from Engine 20.10.24's answer on this project's machine, with one volume and a container added.
    private const string Engine2010 = """
        {
          "LayersSize": 168271380,
          "Images": [
            { "Containers": 0, "Created": 1795556532, "Id": "sha256:f799cd59", "RepoTags": ["portal/python:latest"], "SharedSize": 0, "Size": 166287208 },
            { "Containers": 1, "Id": "sha256:d61e8d45", "RepoTags": ["<none>:<none>"], "SharedSize": 1984172, "Size": 7227052 }
          ],
          "Containers": [
            { "Id": "af3746bd", "Names": ["/probe1"], "ImageID": "sha256:d61e8d45", "Created": 1795560000, "SizeRw": 5242880, "State": "running",
              "Labels": { "org.portal.owner": "ada", "org.portal.managed": "true" },
              "Mounts": [ { "Type": "volume", "Name": "probevol", "Destination": "/data" }, { "Type": "bind", "Source": "/ws/ada", "Destination": "/workspace" } ] }
          ],
          "Volumes": [
            { "Name": "probevol", "Labels": { "org.portal.owner": "ada" }, "UsageData": { "RefCount": 1, "Size": 3145728 } },
            { "Name": "nfs", "Labels": null, "UsageData": { "RefCount": -1, "Size": -1 } }
          ],
          "BuildCache": [ { "ID": "abc", "Size": 4096, "InUse": false, "Shared": false, "Description": "mount" } ],
          "BuilderSize": 0
        }
        """;

    private const string Api152 = """
        {
          "ImageUsage": { "TotalSize": 2000, "Items": [ { "Id": "sha256:1", "RepoTags": ["a:b"], "Size": 2000, "SharedSize": 500, "Containers": 2 } ] },
          "ContainerUsage": { "Items": [ { "Id": "c1", "Names": ["/c"], "SizeRw": 10, "State": "exited", "Labels": {} } ] },
          "VolumeUsage": { "Items": [ { "Name": "v", "UsageData": { "RefCount": 0, "Size": 7 } } ] },
          "BuildCacheUsage": { "Items": [ { "ID": "a", "Size": 100, "InUse": false, "Shared": false }, { "ID": "b", "Size": 50, "InUse": true, "Shared": true } ] }
        }
        """;

    [Fact]
    public void Parse_Engine2010Answer_ReadsEveryList()
    {
        var usage = Parse(Engine2010);

        Assert.Equal(168271380, usage.LayersSize);
        Assert.Equal(2, usage.Images.Count);
        Assert.Equal(["portal/python:latest"], usage.Images[0].RepoTags);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795556532), usage.Images[0].CreatedAt);
        Assert.Equal(DateTimeOffset.MinValue, usage.Images[1].CreatedAt);
        Assert.Empty(usage.Images[1].RepoTags);
        Assert.Equal(7227052 - 1984172, usage.Images[1].UniqueSize);
        Assert.Equal(1984172, usage.Images[1].SharedBytes);
        var container = Assert.Single(usage.Containers);
        Assert.Equal(("af3746bd", "probe1", 5242880L, "running", true), (container.Id, container.Name, container.SizeRw, container.State, container.IsActive));
        Assert.Equal("ada", container.Labels["org.portal.owner"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795560000), container.CreatedAt);
        Assert.Equal(["probevol"], container.VolumeNames);
        Assert.Equal([("probevol", 3145728L, 1L), ("nfs", -1L, -1L)], usage.Volumes.Select(v => (v.Name, v.Size, v.RefCount)));
        Assert.Empty(usage.Volumes[1].Labels);
        var cache = Assert.Single(usage.BuildCache);
        Assert.Equal(("abc", "mount", 4096L, false, false), (cache.Id, cache.Description, cache.Size, cache.InUse, cache.Shared));
    }

    [Fact]
    public void Parse_Api152Answer_ReadsTheItemsAndTheImagesTotal()
    {
        var usage = Parse(Api152);

        Assert.Equal(2000, usage.LayersSize);
        Assert.Equal(1500, Assert.Single(usage.Images).UniqueSize);
        Assert.False(Assert.Single(usage.Containers).IsActive);
        Assert.Equal(7, Assert.Single(usage.Volumes).Size);
        Assert.Equal([("a", 100L, false, false), ("b", 50L, true, true)], usage.BuildCache.Select(r => (r.Id, r.Size, r.InUse, r.Shared)));
    }

    [Fact]
    public void Parse_EmptyOrOddAnswer_GivesEmptyListsNotErrors()
    {
        var usage = Parse("""{ "Images": null, "Containers": [ { "Id": 5 } ], "LayersSize": "big" }""");

        Assert.Empty(usage.Images);
        var container = Assert.Single(usage.Containers);
        Assert.Equal((string.Empty, -1L), (container.Id, container.SizeRw));
        Assert.Equal((DateTimeOffset.MinValue, 0), (container.CreatedAt, container.VolumeNames.Count));
        Assert.Null(usage.LayersSize);
    }

    [Fact]
    public void UniqueSize_SizesNotComputed_CountAsNothing()
    {
        Assert.Equal(0, new EngineImageUsage("i", [], -1, -1, 0).UniqueSize);
        Assert.Equal(100, new EngineImageUsage("i", [], 100, -1, 0).UniqueSize);
    }

    private static EngineDiskUsage Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SystemDfParser.Parse(document.RootElement);
    }
}
