using Bunit.TestDoubles;
using Portal.Components.Disk;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Data.Entities;
using Portal.Engine.Disk;
using Portal.Engine.Host;
using Portal.Tests.Components.Fakes;
using Portal.Tests.Infrastructure;
using DiskPage = Portal.Components.Pages.Disk;

namespace Portal.Tests.Components;

/// <summary>The Disk page over fake accounting: what a member and an admin see, live updates, refresh and one-click removal.</summary>
public sealed class DiskPageTests : PortalComponentTestBase
{
    private const long GiB = 1024L * 1024 * 1024;

    private readonly FakeDiskUsage _usage = new(DiskUsageSnapshot.Initial);
    private readonly FakeDiskQuota _quota;
    private readonly FakeDiskItemRemover _remover = new();
    private readonly FakeDiskSpaceMonitor _fileSystems = new(
    [
        new DiskSpace { Label = "Docker", Path = "/var/lib/docker", TotalBytes = 100 * GiB, UsedBytes = 60 * GiB, FreeBytes = 40 * GiB },
        new DiskSpace { Label = "Workspaces", Path = "/srv/workspaces", Error = "The folder is not visible from the portal." },
    ]);

    public DiskPageTests()
    {
        _quota = new FakeDiskQuota(_usage);
        Services.AddSingleton<IDiskUsage>(_usage);
        Services.AddSingleton<IDiskQuota>(_quota);
        Services.AddSingleton<IDiskItemRemover>(_remover);
        Services.AddSingleton<IDiskSpaceMonitor>(_fileSystems);
        Services.AddSingleton(TimeProvider.System);
        // The cleanup panel has its own tests over the real engine; here it stands in as a stub.
        ComponentFactories.AddStub<CleanupPanel>();
    }

    [Fact]
    public void Disk_Measured_PlacesTheCleanupPanelUnderTheUsage()
    {
        AddAuthorization().SetAuthorized("alice");
        _usage.Publish(FakeDiskUsage.Measured(TimeSpan.FromMinutes(3), Alice(), Bob()));

        var cut = Render<DiskPage>();

        Assert.Single(cut.FindComponents<Stub<CleanupPanel>>());
    }

    [Fact]
    public void Disk_MemberNearQuota_ShowsUsageWarningBreakdownAndLargestItemsOnly()
    {
        AddAuthorization().SetAuthorized("alice");
        _quota.Set("alice", 10);
        _usage.Publish(FakeDiskUsage.Measured(TimeSpan.FromMinutes(3), Alice(), Bob()));

        var cut = Render<DiskPage>();

        var bar = cut.Find("[data-testid=disk-usage-bar]");
        Assert.Equal("warning", bar.GetAttribute("data-level"));
        Assert.Equal("9.5 GiB", cut.Find("[data-testid=disk-used]").TextContent);
        Assert.Equal("95 %", cut.Find("[data-testid=disk-percent]").TextContent);
        Assert.Contains("of 10 GiB disk quota", cut.Find("[data-testid=disk-quota]").TextContent);
        Assert.Contains("close to your disk quota", cut.Find("[data-testid=disk-warning]").TextContent);
        Assert.Equal("Measured 3 minutes ago (took 2 seconds)", cut.Find("[data-testid=disk-age]").TextContent);
        var kinds = cut.FindAll("[data-testid=disk-kind]").ToDictionary(k => k.GetAttribute("data-kind")!, k => k.QuerySelector("[data-testid=disk-kind-bytes]")!.TextContent);
        Assert.Equal("4 GiB", kinds["container"]);
        Assert.Equal("3 GiB", kinds["image"]);
        Assert.Contains("1 GiB shared with other images, not counted", cut.Find("[data-kind=image]").TextContent);
        Assert.Contains("512 MiB of it in layers these images share, counted once", cut.Find("[data-kind=image]").TextContent);
        Assert.Equal(["train-3", "alice/pytorch:dev", "alice", "alice-data"], ItemNames(cut, "my-largest"));
        // Containers, images and volumes can go from here; a workspace cannot.
        Assert.Equal(3, cut.FindAll("[data-testid=my-largest] [data-testid=disk-item-remove]").Count);
        Assert.Empty(cut.FindAll("[data-testid=disk-system]"));
        Assert.Empty(cut.FindAll("[data-testid=disk-users]"));
        Assert.DoesNotContain("bob", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Disk_MemberOverQuota_ShowsTheErrorLevel()
    {
        AddAuthorization().SetAuthorized("alice");
        _quota.Set("alice", 8);
        _usage.Publish(FakeDiskUsage.Measured(TimeSpan.FromSeconds(10), Alice()));

        var cut = Render<DiskPage>();

        Assert.Equal("exceeded", cut.Find("[data-testid=disk-usage-bar]").GetAttribute("data-level"));
        Assert.Contains("over your disk quota", cut.Find("[data-testid=disk-warning]").TextContent);
    }

    [Fact]
    public void Disk_Admin_SeesTheSystemEveryUserAndTheLargestOfAll()
    {
        AddAuthorization().SetAuthorized("alice").SetRoles(PortalRoles.Admin);
        _quota.Set("bob", 100);
        var snapshot = FakeDiskUsage.Measured(TimeSpan.FromMinutes(1), Alice(), Bob());
        _usage.Publish(snapshot with
        {
            Figures = snapshot.Figures with
            {
                Totals =
                [
                    new DiskKindTotal(DiskItemKind.Image, 12, 5, 40 * GiB, 10 * GiB),
                    new DiskKindTotal(DiskItemKind.Container, 7, 3, 8 * GiB, 2 * GiB),
                    new DiskKindTotal(DiskItemKind.Logs, 7, 3, GiB, null),
                ],
                Largest = [new DiskItem(DiskItemKind.Image, "sha256:base", "portal/python:latest", null, 6 * GiB) { InUse = true }, .. Alice().Largest],
            },
        });

        var cut = Render<DiskPage>();

        var totals = cut.FindAll("[data-testid=disk-system-total]").ToDictionary(t => t.GetAttribute("data-kind")!, t => t.TextContent);
        Assert.Contains("10 GiB (25 %)", totals["image"]);
        Assert.Contains("—", totals["logs"]);
        Assert.Contains("40 GiB free of 100 GiB", cut.Find("[data-testid=disk-file-system][data-label=Docker]").TextContent);
        Assert.Contains("not visible", cut.Find("[data-testid=disk-file-system][data-label=Workspaces]").TextContent);
        // Largest total first.
        Assert.Equal(["alice", "bob"], cut.FindAll("[data-testid=disk-user-name]").Select(n => n.TextContent));
        Assert.Equal(["9.5 GiB", "1.5 GiB"], cut.FindAll("[data-testid=disk-user-total]").Select(n => n.TextContent));
        Assert.Equal("1.5 %", cut.Find("[data-testid=disk-user-percent]").TextContent);
        Assert.Equal("portal/python:latest", ItemNames(cut, "all-largest")[0]);
        Assert.Empty(cut.FindAll("[data-testid=all-largest] [data-testid=disk-item-remove]"));
        Assert.Contains("docker system df", cut.Find("[data-testid=disk-system]").TextContent);
    }

    [Fact]
    public void Disk_FirstPassEndsThenAnotherRuns_UpdatesLiveAndShowsProgress()
    {
        AddAuthorization().SetAuthorized("alice");
        var cut = Render<DiskPage>();
        Assert.NotNull(cut.Find("[data-testid=disk-first-pass]"));
        Assert.Equal("Not measured yet", cut.Find("[data-testid=disk-age]").TextContent);

        var measured = FakeDiskUsage.Measured(TimeSpan.Zero, Alice());
        _usage.Publish(measured);

        cut.WaitForAssertion(() => Assert.Equal("9.5 GiB", cut.Find("[data-testid=disk-used]").TextContent), TestTimeout.Render);
        Assert.Equal("unlimited", cut.Find("[data-testid=disk-usage-bar]").GetAttribute("data-level"));

        _usage.Publish(measured with { IsRefreshing = true, RefreshStartedAt = DateTimeOffset.UtcNow });

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=disk-refreshing]")), TestTimeout.Render);
        Assert.True(cut.Find("button[data-testid=disk-refresh]").HasAttribute("disabled"));
        Assert.Equal("9.5 GiB", cut.Find("[data-testid=disk-used]").TextContent);
    }

    [Fact]
    public void RefreshButton_Click_AsksForAPass()
    {
        AddAuthorization().SetAuthorized("alice");
        _usage.Publish(FakeDiskUsage.Measured(TimeSpan.FromMinutes(20), Alice()));
        var cut = Render<DiskPage>();

        cut.Find("button[data-testid=disk-refresh]").Click();

        Assert.Equal(1, _usage.RefreshRequests);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=disk-refreshing]")), TestTimeout.Render);
    }

    [Fact]
    public void RemoveImage_Confirmed_AsksTheRemoverAndHidesTheItem()
    {
        AddAuthorization().SetAuthorized("alice");
        _usage.Publish(FakeDiskUsage.Measured(TimeSpan.FromMinutes(1), Alice()));
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<DiskPage>();

        cut.Find("[data-testid=my-largest] button[aria-label='Remove image alice/pytorch:dev']").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("docker rmi 0123456789ab", dialogs.Find("[data-testid=remove-command]").TextContent), TestTimeout.Render);
        Assert.Contains("frees about 3 GiB", dialogs.Find(".mud-dialog").TextContent);
        dialogs.Find("[data-testid=remove-confirm]").Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain("alice/pytorch:dev", ItemNames(cut, "my-largest")), TestTimeout.Render);
        var (actor, item) = Assert.Single(_remover.Calls);
        Assert.Equal(("alice", false), (actor.UserName, actor.IsAdmin));
        Assert.Equal((DiskItemKind.Image, "sha256:0123456789abcdef"), (item.Kind, item.Id));
    }

    [Fact]
    public void RemoveRunningContainer_DialogSaysItStopsFirst_AndCancelRemovesNothing()
    {
        AddAuthorization().SetAuthorized("alice");
        _usage.Publish(FakeDiskUsage.Measured(TimeSpan.FromMinutes(1), Alice()));
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<DiskPage>();

        cut.Find("[data-testid=my-largest] button[aria-label='Remove container train-3']").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("stopped first", dialogs.Find("[data-testid=remove-running]").TextContent), TestTimeout.Render);
        Assert.Equal("Stop and remove", dialogs.Find("[data-testid=remove-confirm]").TextContent.Trim());
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")), TestTimeout.Render);
        Assert.Empty(_remover.Calls);
        Assert.Contains("train-3", ItemNames(cut, "my-largest"));
    }

    internal static UserDiskUsage Alice() => new("alice")
    {
        ContainersBytes = 4 * GiB,
        Containers = 2,
        ImagesBytes = 3 * GiB,
        ImagesSharedBytes = GiB,
        ImagesOwnSharedBytes = GiB / 2,
        Images = 1,
        VolumesBytes = GiB / 2,
        Volumes = 1,
        WorkspaceBytes = 2 * GiB,
        Largest =
        [
            new DiskItem(DiskItemKind.Container, "c0ffee000001", "train-3", "alice", 4 * GiB) { InUse = true },
            new DiskItem(DiskItemKind.Image, "sha256:0123456789abcdef", "alice/pytorch:dev", "alice", 3 * GiB) { SharedBytes = GiB },
            new DiskItem(DiskItemKind.Workspace, "/srv/workspaces/alice", "alice", "alice", 2 * GiB),
            new DiskItem(DiskItemKind.Volume, "alice-data", "alice-data", "alice", GiB / 2),
        ],
    };

    private static UserDiskUsage Bob() => new("bob") { WorkspaceBytes = GiB + (GiB / 2), Largest = [new DiskItem(DiskItemKind.Workspace, "/srv/workspaces/bob", "bob", "bob", GiB + (GiB / 2))] };

    private static List<string> ItemNames(IRenderedComponent<DiskPage> cut, string table) =>
        cut.FindAll($"[data-testid={table}] [data-testid=disk-item-name]").Select(n => n.TextContent).ToList();
}
