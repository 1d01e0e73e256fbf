using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using Portal.Components.Terminals;
using Portal.Tests.Components.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>
/// TerminalView's side of the browser terminal: which module it loads, what it asks terminal.js to open, what it shows
/// for each state the script reports, and that it releases the JS side when it goes away.
/// </summary>
public sealed class TerminalViewTests : PortalComponentTestBase
{
    private const string ContainerId = "3f2a5f1c0ffee";

    private readonly TrackingJSRuntime _js;
    private readonly BunitJSInterop _module;
    private readonly BunitJSInterop _handle;

    public TerminalViewTests()
    {
        _module = JSInterop.SetupModule(TerminalView.ModulePath);
        _handle = _module.SetupModule("open", _ => true);
        _js = new TrackingJSRuntime(JSInterop.JSRuntime);
        Services.AddSingleton<IJSRuntime>(_js);
    }

    [Theory]
    [InlineData(null, null, "api/v1/containers/3f2a5f1c0ffee/terminal")]
    [InlineData("bash", null, "api/v1/containers/3f2a5f1c0ffee/terminal?command=bash")]
    [InlineData("python3 -i", null, "api/v1/containers/3f2a5f1c0ffee/terminal?command=python3%20-i")]
    [InlineData(null, "s-7b1e", "api/v1/containers/3f2a5f1c0ffee/terminal?session=s-7b1e")]
    public void TerminalView_FirstRender_ImportsTheModuleAndOpensTheContainersEndpoint(string? command, string? session, string expectedUrl)
    {
        var cut = Render<TerminalView>(parameters => parameters
            .Add(p => p.ContainerId, ContainerId)
            .Add(p => p.Command, command)
            .Add(p => p.SessionId, session));

        cut.WaitForAssertion(() => _handle.VerifyInvoke("focus"), TestTimeout.Render);
        Assert.Contains(JSInterop.Invocations["import"], import => Equals(import.Arguments[0], TerminalView.ModulePath));
        var open = _module.VerifyInvoke("open");
        Assert.IsType<ElementReference>(open.Arguments[0]);
        Assert.IsType<DotNetObjectReference<TerminalView>>(open.Arguments[1]);
        var options = Assert.IsType<TerminalOpenOptions>(open.Arguments[2]);
        Assert.Equal(expectedUrl, options.Url);
        Assert.False(options.Dark);
        Assert.Equal(session, options.SessionId);
        Assert.Equal("Connecting…", cut.Find("[data-testid=terminal-status]").TextContent.Trim());
    }

    [Fact]
    public async Task TerminalView_Disposed_DisposesTheTerminalThenTheModule()
    {
        var cut = Render<TerminalView>(parameters => parameters.Add(p => p.ContainerId, ContainerId));
        cut.WaitForAssertion(() => _handle.VerifyInvoke("focus"), TestTimeout.Render);
        Assert.All(_js.References, reference => Assert.False(reference.IsDisposed));

        await DisposeComponentsAsync().WithTimeout();

        // dispose() closes the socket normally (a detach), then both references are released.
        _handle.VerifyInvoke("dispose");
        Assert.Equal(["import", "open"], _js.References.Select(r => r.CreatedBy));
        Assert.All(_js.References, reference => Assert.True(reference.IsDisposed, $"The reference from {reference.CreatedBy} was not disposed."));
    }

    [Theory]
    [InlineData("connected", null, null, "Connected")]
    [InlineData("reconnecting", null, 3, "Disconnected — reconnecting in 3 s…")]
    [InlineData("reconnected", null, null, "Reconnected")]
    [InlineData("exited", 0, null, "Session ended (exit 0)")]
    [InlineData("exited", 130, null, "Session ended (exit 130)")]
    [InlineData("retrying", null, 2, "Could not connect — retrying in 2 s…")]
    [InlineData("taken-over", null, null, "This terminal was opened in another tab")]
    public async Task TerminalView_StatusFromTheScript_ShowsTheStatusLine(string state, int? code, int? seconds, string expected)
    {
        TerminalStatus? raised = null;
        var cut = Render<TerminalView>(parameters => parameters
            .Add(p => p.ContainerId, ContainerId)
            .Add(p => p.StatusChanged, status => raised = status));
        cut.WaitForAssertion(() => _handle.VerifyInvoke("focus"), TestTimeout.Render);

        await cut.InvokeAsync(() => cut.Instance.OnStatus(new TerminalStatus(state, code, seconds))).WithTimeout();

        cut.WaitForAssertion(() => Assert.Equal(expected, cut.Find("[data-testid=terminal-status]").TextContent.Trim()), TestTimeout.Render);
        Assert.Equal(state, cut.Find("[data-testid=terminal-view]").GetAttribute("data-state"));
        Assert.Equal(state, raised?.State);
    }

    [Theory]
    [InlineData("container-stopped", "Session ended: the container stopped")]
    [InlineData("closed", "Session closed")]
    [InlineData("exited", "Session ended (exit 0)")]
    public async Task TerminalView_ExitWithReason_SaysWhyAndOffersANewSession(string reason, string expected)
    {
        var cut = Render<TerminalView>(parameters => parameters.Add(p => p.ContainerId, ContainerId));
        cut.WaitForAssertion(() => _handle.VerifyInvoke("focus"), TestTimeout.Render);

        await cut.InvokeAsync(() => cut.Instance.OnStatus(new TerminalStatus(TerminalStates.Exited, Code: 0, Reason: reason))).WithTimeout();

        cut.WaitForAssertion(() => Assert.Equal(expected, cut.Find("[data-testid=terminal-status]").TextContent.Trim()), TestTimeout.Render);
        cut.Find("[data-testid=terminal-restart]").Click();
        cut.WaitForAssertion(() => _handle.VerifyInvoke("restart"), TestTimeout.Render);
    }

    [Fact]
    public async Task TerminalView_RefusedBecauseTheSessionEnded_ShowsTheServersMessage()
    {
        var cut = Render<TerminalView>(parameters => parameters.Add(p => p.ContainerId, ContainerId).Add(p => p.SessionId, "gone"));
        cut.WaitForAssertion(() => _handle.VerifyInvoke("focus"), TestTimeout.Render);

        await cut.InvokeAsync(() => cut.Instance.OnStatus(
            new TerminalStatus(TerminalStates.Failed, Message: "The session has ended.", Reason: "session-ended"))).WithTimeout();

        cut.WaitForAssertion(() => Assert.Equal(
            "Could not open a terminal: The session has ended.", cut.Find("[data-testid=terminal-status]").TextContent.Trim()), TestTimeout.Render);
        Assert.Single(cut.FindAll("[data-testid=terminal-restart]"));
    }

    [Fact]
    public async Task TerminalView_TakenOver_UseItHereReconnectsTheSameSession()
    {
        var cut = Render<TerminalView>(parameters => parameters.Add(p => p.ContainerId, ContainerId));
        cut.WaitForAssertion(() => _handle.VerifyInvoke("focus"), TestTimeout.Render);
        await cut.InvokeAsync(() => cut.Instance.OnStatus(new TerminalStatus(TerminalStates.TakenOver))).WithTimeout();

        cut.WaitForElement("[data-testid=terminal-take-back]", TestTimeout.Render).Click();

        cut.WaitForAssertion(() => _handle.VerifyInvoke("reconnect"), TestTimeout.Render);
    }

    [Fact]
    public async Task TerminalView_EndSessionWhileConnected_AsksTheServerToEndIt()
    {
        var cut = Render<TerminalView>(parameters => parameters.Add(p => p.ContainerId, ContainerId));
        cut.WaitForAssertion(() => _handle.VerifyInvoke("focus"), TestTimeout.Render);
        Assert.True(cut.Find("button[data-testid=terminal-end]").HasAttribute("disabled"));

        await cut.InvokeAsync(() => cut.Instance.OnStatus(new TerminalStatus(TerminalStates.Connected))).WithTimeout();
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-testid=terminal-end]").HasAttribute("disabled")), TestTimeout.Render);
        cut.Find("button[data-testid=terminal-end]").Click();

        cut.WaitForAssertion(() => _handle.VerifyInvoke("endSession"), TestTimeout.Render);
    }

    [Fact]
    public async Task TerminalView_DarkModeCascaded_OpensDarkAndFollowsChanges()
    {
        var host = Render<DarkModeHost>(parameters => parameters
            .Add(p => p.IsDarkMode, true)
            .AddChildContent<TerminalView>(terminal => terminal.Add(p => p.ContainerId, ContainerId)));
        host.WaitForAssertion(() => _handle.VerifyInvoke("focus"), TestTimeout.Render);
        Assert.True(Assert.IsType<TerminalOpenOptions>(_module.VerifyInvoke("open").Arguments[2]).Dark);

        await host.Instance.SetDarkModeAsync(false).WithTimeout();

        host.WaitForAssertion(() => Assert.Equal([false], _handle.VerifyInvoke("setTheme").Arguments), TestTimeout.Render);
    }
}
