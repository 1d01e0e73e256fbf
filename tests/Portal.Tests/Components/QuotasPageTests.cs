using System.Text.RegularExpressions;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Components.Pages.Admin;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Disk;
using Portal.Engine.Launch;
using Portal.Engine.Quotas;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>The Quotas page over the real account, quota and container services of a portal on a real SQLite file.</summary>
public sealed partial class QuotasPageTests : PortalComponentTestBase, IClassFixture<PortalAppFactory>
{
    private readonly PortalAppFactory _portal;
    private readonly IQuotaService _quotas;

    public QuotasPageTests(PortalAppFactory portal)
    {
        _portal = portal;
        _quotas = portal.Services.GetRequiredService<IQuotaService>();
        Services.AddSingleton(portal.Accounts);
        Services.AddSingleton(_quotas);
        Services.AddSingleton(portal.Services.GetRequiredService<IContainerManager>());
        Services.AddSingleton(portal.Services.GetRequiredService<IContainerStateCache>());
        Services.AddSingleton(portal.Services.GetRequiredService<IDiskQuota>());
        AddAuthorization().SetAuthorized(PortalAppFactory.AdminUserName).SetRoles(PortalRoles.Admin);
    }

    [Fact]
    public async Task Quotas_Loaded_ListsEveryUserWithLimitsUsageAndOverrides()
    {
        var plain = await _portal.CreateUserAsync("plain");
        var raised = await _portal.CreateUserAsync("raised");
        var errors = await _quotas.SetOverrideAsync(raised, new QuotaOverride(7, null, null, 8192, null), "tests", TestTimeout.Token()).WithTimeout();
        Assert.Empty(errors);
        var defaults = _quotas.Defaults;

        var cut = Render<Quotas>();

        cut.WaitForAssertion(() => Assert.Contains(raised, UserNames(cut)), TestTimeout.Render);
        Assert.Contains(PortalAppFactory.AdminUserName, UserNames(cut));
        Assert.Contains($"{defaults.MaxGpus} GPUs at once", cut.Find("[data-testid=quota-defaults]").TextContent);
        Assert.Equal($"0 / {defaults.MaxGpus}", Cell(cut, plain, "GPUs held"));
        Assert.Equal($"0 / {defaults.MaxContainers} (0 running)", Cell(cut, plain, "Containers"));
        Assert.Empty(Row(cut, plain).QuerySelectorAll("[data-testid=quota-overridden]"));
        Assert.Equal("0 / 7", Cell(cut, raised, "GPUs held"));
        Assert.Equal("8 GiB", Cell(cut, raised, "Memory / container"));
        Assert.NotNull(Row(cut, raised).QuerySelector("[data-testid=quota-overridden]"));
    }

    [Fact]
    public async Task Quotas_MemberLaunchesAContainer_UsageUpdatesWithoutARefresh()
    {
        var member = await _portal.CreateUserAsync("live");
        var manager = _portal.Services.GetRequiredService<IContainerManager>();
        var actor = new Actor(member, IsAdmin: false);
        var cut = Render<Quotas>();
        cut.WaitForAssertion(() => Assert.StartsWith("0 / ", Cell(cut, member, "Containers"), StringComparison.Ordinal), TestTimeout.Render);

        var launched = await manager.LaunchAsync(actor, new LaunchRequest { Name = "usage", Image = "portal/shell:latest", Command = ["sleep", "600"] }, TestTimeout.Token()).WithTimeout();
        try
        {
            Assert.True(launched.Succeeded, launched.Error?.Message);
            cut.WaitForAssertion(() => Assert.StartsWith("1 / ", Cell(cut, member, "Containers"), StringComparison.Ordinal), TestTimeout.Render);
        }
        finally
        {
            if (launched.Container is { } container)
            {
                await manager.RemoveAsync(actor, container.Id, TestTimeout.Token()).WithTimeout();
            }
        }
    }

    [Fact]
    public async Task QuotaDialog_OneFieldOffItsDefault_SavesTheOverrideAndAuditsIt()
    {
        var member = await _portal.CreateUserAsync("edited");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Quotas>();
        cut.WaitForAssertion(() => Assert.Contains(member, UserNames(cut)), TestTimeout.Render);

        OpenQuotaDialog(cut, dialogs, member);
        dialogs.Find("[data-testid=quota-default-maxGpus]").Change(false);
        dialogs.WaitForAssertion(() => Assert.False(dialogs.Find("[data-testid=quota-maxGpus]").HasAttribute("disabled")), TestTimeout.Render);
        dialogs.Find("[data-testid=quota-maxGpus]").Change("3");
        dialogs.Find("[data-testid=quota-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("0 / 3", Cell(cut, member, "GPUs held")), TestTimeout.Render);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")), TestTimeout.Render);
        var stored = await _quotas.GetOverrideAsync(member, TestTimeout.Token()).WithTimeout();
        Assert.Equal(new QuotaOverride(3, null, null, null, null), stored);
        var audit = await _portal.Services.GetRequiredService<IAuditLog>()
            .QueryAsync(new AuditQuery { Action = "quota.update", Target = member }, TestTimeout.Token()).WithTimeout();
        var entry = Assert.Single(audit.Entries);
        Assert.Equal((PortalAppFactory.AdminUserName, AuditOutcome.Succeeded), (entry.Actor, entry.Outcome));
    }

    [Fact]
    public async Task QuotaDialog_AllBackToDefault_ClearsTheOverride()
    {
        var member = await _portal.CreateUserAsync("reverted");
        Assert.Empty(await _quotas.SetOverrideAsync(member, new QuotaOverride(5, null, null, null, null), "tests", TestTimeout.Token()).WithTimeout());
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Quotas>();
        cut.WaitForAssertion(() => Assert.Equal("0 / 5", Cell(cut, member, "GPUs held")), TestTimeout.Render);

        OpenQuotaDialog(cut, dialogs, member);
        dialogs.Find("[data-testid=quota-default-maxGpus]").Change(true);
        dialogs.Find("[data-testid=quota-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal($"0 / {_quotas.Defaults.MaxGpus}", Cell(cut, member, "GPUs held")), TestTimeout.Render);
        Assert.Null(await _quotas.GetOverrideAsync(member, TestTimeout.Token()).WithTimeout());
    }

    [Fact]
    public async Task QuotaDialog_DiskQuota_SavesAndShowsInTheDiskColumn()
    {
        var member = await _portal.CreateUserAsync("disk-edit");
        await _portal.Services.GetRequiredService<IDiskUsage>().RefreshAsync(TestTimeout.Token()).WithTimeout();
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Quotas>();
        cut.WaitForAssertion(() => Assert.Equal("0 B / unlimited", Cell(cut, member, "Disk")), TestTimeout.Render);

        OpenQuotaDialog(cut, dialogs, member);
        dialogs.Find("[data-testid=quota-default-maxDiskGiB]").Change(false);
        dialogs.WaitForAssertion(() => Assert.False(dialogs.Find("[data-testid=quota-maxDiskGiB]").HasAttribute("disabled")), TestTimeout.Render);
        dialogs.Find("[data-testid=quota-maxDiskGiB]").Change("20");
        dialogs.Find("[data-testid=quota-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("0 B / 20 GiB", Cell(cut, member, "Disk")), TestTimeout.Render);
        var stored = await _quotas.GetOverrideAsync(member, TestTimeout.Token()).WithTimeout();
        Assert.Equal(new QuotaOverride(null, null, null, null, null, 20), stored);
    }

    private static List<string> UserNames(IRenderedComponent<Quotas> cut) =>
        cut.FindAll("[data-testid=quotas-table] tbody tr td[data-label=User] b").Select(b => b.TextContent.Trim()).ToList();

    /// <summary>The page re-renders on every container event, also other tests', so the click may need repeating.</summary>
    private static void OpenQuotaDialog(IRenderedComponent<Quotas> cut, IRenderedComponent<MudDialogProvider> dialogs, string member) =>
        dialogs.InteractUntil(
            () =>
            {
                // A dialog slow to appear is waited for, not opened twice.
                if (dialogs.FindAll(".mud-dialog").Count == 0)
                {
                    Row(cut, member).QuerySelector("button[aria-label^='Edit the quota']")!.Click();
                }
            },
            () => Assert.Single(dialogs.FindAll(".mud-dialog")));

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<Quotas> cut, string userName) =>
        cut.FindAll("[data-testid=quotas-table] tbody tr").Single(row => row.QuerySelector("td[data-label=User] b")?.TextContent.Trim() == userName);

    private static string Cell(IRenderedComponent<Quotas> cut, string userName, string column) =>
        Whitespace().Replace(Row(cut, userName).QuerySelector($"td[data-label='{column}']")!.TextContent, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
