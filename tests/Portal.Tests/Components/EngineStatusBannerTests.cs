using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Layout;
using Portal.Engine.Engine;
using Portal.Tests.Components.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class EngineStatusBannerTests : PortalComponentTestBase
{
    private const string Banner = "[data-testid=engine-unreachable]";

    [Fact]
    public void EngineStatusBanner_Unreachable_ShowsTheMessage()
    {
        Services.AddSingleton<IEngineStatusMonitor>(new FakeEngineStatusMonitor(FakeEngineStatusMonitor.Unreachable("Is dockerd running?")));

        var cut = Render<EngineStatusBanner>();

        var banner = cut.Find(Banner);
        Assert.Contains("The Docker engine is unreachable.", banner.TextContent);
        Assert.Contains("Is dockerd running?", banner.TextContent);
    }

    [Fact]
    public void EngineStatusBanner_NotCheckedYet_ShowsNothing()
    {
        Services.AddSingleton<IEngineStatusMonitor>(new FakeEngineStatusMonitor(EngineStatus.Unknown(DateTimeOffset.UtcNow)));

        var cut = Render<EngineStatusBanner>();

        Assert.Empty(cut.FindAll(Banner));
    }

    [Fact]
    public void EngineStatusBanner_ReachablePublished_Disappears()
    {
        var engine = new FakeEngineStatusMonitor(FakeEngineStatusMonitor.Unreachable("Is dockerd running?"));
        Services.AddSingleton<IEngineStatusMonitor>(engine);
        var cut = Render<EngineStatusBanner>();
        Assert.Single(cut.FindAll(Banner));

        engine.Publish(FakeEngineStatusMonitor.Reachable());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(Banner)), TestTimeout.Render);
    }

    [Fact]
    public void EngineStatusBanner_UnreachablePublished_AppearsWithTheNewError()
    {
        var engine = new FakeEngineStatusMonitor(FakeEngineStatusMonitor.Reachable());
        Services.AddSingleton<IEngineStatusMonitor>(engine);
        var cut = Render<EngineStatusBanner>();
        Assert.Empty(cut.FindAll(Banner));

        engine.Publish(FakeEngineStatusMonitor.Unreachable("did not answer within 5 s"));

        cut.WaitForAssertion(() => Assert.Contains("did not answer within 5 s", cut.Find(Banner).TextContent), TestTimeout.Render);
    }
}
