using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Admin;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>The Audit page over the real audit log of a portal on a real SQLite file, paged and filtered on the server.</summary>
public sealed class AuditPageTests : PortalComponentTestBase, IClassFixture<PortalAppFactory>
{
    private readonly IAuditLog _audit;

    public AuditPageTests(PortalAppFactory portal)
    {
        _audit = portal.Services.GetRequiredService<IAuditLog>();
        Services.AddSingleton(_audit);
        AddAuthorization().SetAuthorized(PortalAppFactory.AdminUserName).SetRoles(PortalRoles.Admin);
    }

    [Fact]
    public async Task Audit_Loaded_ShowsEntriesNewestFirstWithColouredOutcomes()
    {
        var actor = await WriteEntriesAsync();

        var cut = Render<Audit>();

        cut.WaitForAssertion(() => Assert.Contains(actor, Column(cut, "Actor")), TestTimeout.Render);
        cut.InteractUntil(() => cut.Find("[data-testid=audit-actor]").Change(actor), () => Assert.Equal(3, Column(cut, "Action").Count));
        cut.WaitForAssertion(() => Assert.Equal(["template.create", "container.stop", "container.launch"], Column(cut, "Action")), TestTimeout.Render);
        var chips = cut.FindAll("[data-testid=audit-table] tbody td[data-label=Outcome] .mud-chip");
        Assert.Equal(["failed", "refused", "succeeded"], chips.Select(c => c.TextContent.Trim()));
        Assert.Contains("mud-chip-color-error", chips[0].ClassName);
        Assert.Contains("mud-chip-color-warning", chips[1].ClassName);
        Assert.Contains("mud-chip-color-success", chips[2].ClassName);
        Assert.Contains(Column(cut, "Detail"), detail => detail.Contains("the GPUs are taken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuditFilters_ActionPrefixOutcomeAndTarget_NarrowTheTable()
    {
        var actor = await WriteEntriesAsync();
        var cut = Render<Audit>();
        // Each filter reloads and re-renders the page when its query returns: one interaction at a time, each seen.
        cut.InteractUntil(() => cut.Find("[data-testid=audit-actor]").Change(actor), () => Assert.Equal(3, Column(cut, "Action").Count));
        cut.InteractUntil(() => cut.Find("[data-testid=audit-action]").Change("container."), () => Assert.Equal(["container.stop", "container.launch"], Column(cut, "Action")));
        cut.InteractUntil(() => Outcome(cut, AuditOutcome.Refused).Click(), () => Assert.Equal(["container.stop"], Column(cut, "Action")));
        cut.InteractUntil(() => Outcome(cut, "any").Click(), () => Assert.Equal(["container.stop", "container.launch"], Column(cut, "Action")));
        cut.InteractUntil(() => cut.Find("[data-testid=audit-action]").Change(string.Empty), () => Assert.Equal(3, Column(cut, "Action").Count));
        cut.InteractUntil(() => cut.Find("[data-testid=audit-target]").Change("notebook"), () => Assert.Equal(["template.create"], Column(cut, "Action")));
        cut.InteractUntil(
            () => cut.Find("[data-testid=audit-target]").Change("nothing-matches-this"),
            () => Assert.Contains("No entries match.", cut.Find("[data-testid=audit-table]").TextContent));
    }

    /// <summary>Three entries under an actor of their own, so tests sharing the portal never see each other's.</summary>
    private async Task<string> WriteEntriesAsync()
    {
        var actor = ApiClientExtensions.UniqueUserName("auditor");
        await _audit.WriteAsync(actor, "container.launch", "train", AuditOutcome.Succeeded, "portal/python:latest; GPUs: none", TestTimeout.Token()).WithTimeout();
        await _audit.WriteAsync(actor, "container.stop", "train", AuditOutcome.Refused, "gpus-unavailable: the GPUs are taken", TestTimeout.Token()).WithTimeout();
        await _audit.WriteAsync(actor, "template.create", "notebook", AuditOutcome.Failed, "disk full", TestTimeout.Token()).WithTimeout();
        return actor;
    }

    private static AngleSharp.Dom.IElement Outcome(IRenderedComponent<Audit> cut, string outcome) =>
        cut.FindAll("[data-testid=audit-outcome] .mud-toggle-item").Single(b => b.TextContent.Trim() == outcome);

    private static List<string> Column(IRenderedComponent<Audit> cut, string column) =>
        cut.FindAll($"[data-testid=audit-table] tbody tr td[data-label={column}]").Select(td => td.TextContent.Trim()).ToList();
}
