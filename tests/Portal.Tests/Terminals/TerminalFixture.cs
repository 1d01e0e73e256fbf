using Portal.Tests.Infrastructure;

namespace Portal.Tests.Terminals;

/// <summary>
/// One portal on Kestrel with a member who owns a Debian container (bash, a <c>/workspace</c> mount) and a
/// busybox one (sh only). Tests open their own sessions; none depends on another's.
/// </summary>
public sealed class TerminalFixture : IAsyncLifetime
{
    public TerminalAppFactory Factory { get; } = new();

    public string Member { get; private set; } = string.Empty;

    public string MemberToken { get; private set; } = string.Empty;

    /// <summary>portal/python: bash, launched with the workspace mounted.</summary>
    public string PythonContainerId { get; private set; } = string.Empty;

    /// <summary>portal/shell: busybox sh, no bash.</summary>
    public string ShellContainerId { get; private set; } = string.Empty;

    public HttpClient MemberClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Factory.StartAsync();
        Member = await Factory.CreateUserAsync("term");
        MemberToken = await Factory.GetTokenAsync(Member, ApiClientExtensions.MemberPassword);
        MemberClient = Factory.CreateTcpClient(MemberToken);
        PythonContainerId = await TerminalContainers.LaunchAsync(MemberClient, TerminalContainers.Python, workspace: true);
        ShellContainerId = await TerminalContainers.LaunchAsync(MemberClient, TerminalContainers.Shell);
    }

    public async Task DisposeAsync()
    {
        foreach (var id in new[] { PythonContainerId, ShellContainerId }.Where(id => id.Length > 0))
        {
            await TerminalContainers.RemoveAsync(MemberClient, id);
        }

        MemberClient?.Dispose();
        await Factory.DisposeAsync();
    }
}
