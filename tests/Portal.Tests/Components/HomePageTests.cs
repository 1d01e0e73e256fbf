using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages;
using Portal.Engine.Engine;
using Portal.Engine.Host;
using Portal.Tests.Components.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class HomePageTests : PortalComponentTestBase
{
    private readonly FakeEngineStatusMonitor _engine = new(EngineStatus.Unknown(DateTimeOffset.UtcNow));
    private readonly FakeHostMonitor _host = new(FakeHostMonitor.Sample());

    public HomePageTests()
    {
        Services.AddSingleton<IEngineStatusMonitor>(_engine);
        Services.AddSingleton<IHostMonitor>(_host);
    }

    [Fact]
    public void Home_EngineAnswers_ShowsVersionsAndCounts()
    {
        var cut = Render<Home>();
        Assert.Empty(cut.FindAll("[data-testid=engine-version]"));

        _engine.Publish(FakeEngineStatusMonitor.Reachable("20.10.24"));

        cut.WaitForAssertion(() => Assert.Equal("20.10.24", cut.Find("[data-testid=engine-version]").TextContent), TestTimeout.Render);
        Assert.Equal("1.41", cut.Find("[data-testid=engine-api-version]").TextContent);
        Assert.Equal("3 (2 running, 1 stopped)", cut.Find("[data-testid=engine-containers]").TextContent);
    }

    [Fact]
    public void Home_NewHostSample_ShowsCpuUse()
    {
        var cut = Render<Home>();
        Assert.Contains("measuring", cut.Find("[data-testid=host-card]").TextContent);
        Assert.Contains("gpu-box", cut.Find("[data-testid=host-card]").TextContent);

        _host.Publish(FakeHostMonitor.Sample(cpuPercent: 42));

        cut.WaitForAssertion(() => Assert.Contains("42% busy", cut.Find("[data-testid=host-card]").TextContent), TestTimeout.Render);
    }
}
