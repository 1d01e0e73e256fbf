using Portal.Engine.Cleanup;
using Portal.Engine.Containers;

namespace Portal.Engine.Tests.Cleanup;

/// <summary>The cleanup's rules on a made-up engine: scope, ownership, what is never eligible, and the age limit.</summary>
public sealed class CleanupPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static readonly CleanupInventory Inventory = new(
        [
            Container("c-alice-old", "alice", "exited", finished: Now.AddDays(-40), image: "sha256:base"),
            Container("c-alice-new", "alice", "exited", finished: Now.AddDays(-1), image: "sha256:base"),
            Container("c-alice-run", "alice", "running", finished: null, image: "sha256:busy", volume: "v-alice-used"),
            Container("c-bob-old", "bob", "exited", finished: Now.AddDays(-40), image: "sha256:base"),
            new InventoryContainer("c-by-hand", "by-hand", "sha256:base", "exited", Now.AddDays(-90), 10, new Dictionary<string, string>(), []),
        ],
        [
            new InventoryImage("sha256:base", ["portal/shell:latest"], Now.AddDays(-100), 2_000_000, 0, 0),
            new InventoryImage("sha256:busy", ["lab/alice-busy:1"], Now.AddDays(-100), 5000, 1000, 1),
            new InventoryImage("sha256:alice-old", ["lab/alice:old", "lab/alice:also"], Now.AddDays(-100), 9000, 4000, 0),
            new InventoryImage("sha256:alice-dangling", [], Now.AddHours(-1), 700, 0, 0),
            new InventoryImage("sha256:alice-template", ["lab/jupyter"], Now.AddDays(-100), 800, 0, 0),
            new InventoryImage("sha256:alice-protected", ["lab/keep:v1"], Now.AddDays(-100), 900, 0, 0),
            new InventoryImage("sha256:nobody-dangling", [], Now.AddDays(-100), 600, 0, 0),
        ],
        [
            Volume("v-alice", "alice"),
            Volume("v-alice-used", "alice"),
            Volume("v-bob", "bob"),
            new InventoryVolume("v-nobody", new Dictionary<string, string>(), 50, 0),
        ],
        BuildCacheReclaimableBytes: 12345);

    private static readonly CleanupPolicyContext Context = new(
        new Dictionary<string, string>
        {
            ["sha256:busy"] = "alice",
            ["sha256:alice-old"] = "alice",
            ["sha256:alice-dangling"] = "alice",
            ["sha256:alice-template"] = "alice",
            ["sha256:alice-protected"] = "alice",
        },
        new HashSet<string>(["lab/keep:v1"], StringComparer.Ordinal),
        new Dictionary<string, string> { ["lab/jupyter:latest"] = "Jupyter" });

    [Fact]
    public void Mine_EveryTarget_OnlyTheUsersEligibleItems()
    {
        var candidates = CleanupPlanner.Evaluate(Inventory, Context, CleanupTargets.All, CleanupScope.Mine, "alice", Now);

        var items = CleanupPlanner.Eligible(candidates, olderThanDays: 30, Now);

        Assert.Equal(["container:c-alice-old", "image:sha256:alice-dangling", "image:sha256:alice-old", "volume:v-alice"], items.Select(i => i.Id));
        Assert.All(items, i => Assert.Equal("alice", i.Owner));
        Assert.Equal(5000, items.Single(i => i.Id == "image:sha256:alice-old").Bytes);
        Assert.Equal("lab/alice:old, lab/alice:also", items.Single(i => i.Id == "image:sha256:alice-old").Name);
        Assert.Equal("stopped 5 weeks ago", items[0].Reason);
    }

    [Fact]
    public void Mine_ItemsThatMustStay_SayWhy()
    {
        var candidates = CleanupPlanner.Evaluate(Inventory, Context, CleanupTargets.All, CleanupScope.Mine, "alice", Now);

        string? Why(string id) => candidates.Single(c => c.Item.Id == id).Refusal(30, Now);

        Assert.Equal("it is running", Why("container:c-alice-run"));
        Assert.Equal("stopped 24 hours ago; the cleanup takes those older than 30 days", Why("container:c-alice-new"));
        Assert.Equal("used by 1 container", Why("image:sha256:busy"));
        Assert.Equal("the image of the launch template 'Jupyter'", Why("image:sha256:alice-template"));
        Assert.Equal("lab/keep:v1 is protected by an admin", Why("image:sha256:alice-protected"));
        Assert.Equal("mounted by 1 container", Why("volume:v-alice-used"));
        Assert.DoesNotContain(candidates, c => c.Item.Owner != "alice");
        Assert.DoesNotContain(candidates, c => c.Item.Kind == CleanupItemKinds.BuildCache);
    }

    [Fact]
    public void All_TakesEveryonesAndNobodysButNeverContainersMadeByHand()
    {
        var candidates = CleanupPlanner.Evaluate(Inventory, Context, CleanupTargets.All, CleanupScope.All, "admin", Now);

        var ids = CleanupPlanner.Eligible(candidates, olderThanDays: 30, Now).Select(i => i.Id).ToList();

        Assert.Equal(
            ["container:c-alice-old", "container:c-bob-old", "image:sha256:alice-dangling", "image:sha256:nobody-dangling", "image:sha256:alice-old", "volume:v-alice", "volume:v-bob", "volume:v-nobody", "build-cache"],
            ids);
        Assert.DoesNotContain(candidates, c => c.Item.Id == "container:c-by-hand");
        Assert.Equal("used by 4 containers", candidates.Single(c => c.Item.Id == "image:sha256:base").Refusal(0, Now));
    }

    [Fact]
    public void Eligible_AgeZero_TakesEvenTheNewestStoppedContainer()
    {
        var candidates = CleanupPlanner.Evaluate(Inventory, Context, [CleanupTargets.StoppedContainers], CleanupScope.Mine, "alice", Now);

        Assert.Equal(["container:c-alice-new", "container:c-alice-old"], CleanupPlanner.Eligible(candidates, olderThanDays: 0, Now).Select(i => i.Id));
    }

    [Fact]
    public void DockerCommands_Mine_FilterByTheOwnersLabelAndTheAge()
    {
        var commands = CleanupDockerCommands.For(new CleanupRequest(CleanupTargets.All, 7, CleanupScope.Mine), "alice");

        Assert.Equal(
            [
                "docker container prune --filter until=168h --filter label=org.portal.owner=alice",
                "docker image prune",
                "docker image prune -a --filter until=168h",
                "docker volume prune --filter label=org.portal.owner=alice",
                "docker builder prune -a",
            ],
            commands);
    }

    private static InventoryContainer Container(string id, string owner, string state, DateTimeOffset? finished, string image, string? volume = null) => new(
        id,
        $"{owner}-{id}",
        image,
        state,
        Now.AddDays(-200),
        100,
        new Dictionary<string, string> { [PortalLabels.Managed] = "true", [PortalLabels.Owner] = owner, [PortalLabels.Name] = id },
        volume is null ? [] : [volume])
    {
        FinishedAt = finished,
    };

    private static InventoryVolume Volume(string name, string owner) =>
        new(name, new Dictionary<string, string> { [PortalLabels.Managed] = "true", [PortalLabels.Owner] = owner }, 100, -1);
}
