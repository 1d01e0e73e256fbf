using Portal.Tests.Infrastructure;
using Portal.Tests.Terminals;
using Portal.Engine.Tests.Integration;

namespace Portal.Tests.Logs;

/// <summary>
/// One portal on Kestrel (SignalR over real WebSockets) with two members and an admin, each with a token. Alice owns
/// a container that printed <see cref="PrintedLines"/> lines; tests that need lines to arrive live launch their own.
/// </summary>
public sealed class LogsFixture : IAsyncLifetime
{
    public const int PrintedLines = 20;

    public TerminalAppFactory Factory { get; } = new(new Dictionary<string, string?> { ["Logs:LingerSeconds"] = "0" });

    public string Alice { get; private set; } = string.Empty;

    public string AliceToken { get; private set; } = string.Empty;

    public string BobToken { get; private set; } = string.Empty;

    public string AdminToken { get; private set; } = string.Empty;

    public HttpClient AliceClient { get; private set; } = null!;

    /// <summary>Alice's container that printed <c>printed-0</c> .. <c>printed-19</c> on stdout and now sleeps.</summary>
    public string PrintedContainerId { get; private set; } = string.Empty;

    public string PrintedContainerName { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await Factory.StartAsync();
        Alice = await Factory.CreateUserAsync("logs-alice");
        var bob = await Factory.CreateUserAsync("logs-bob");
        AliceToken = await Factory.GetTokenAsync(Alice, ApiClientExtensions.MemberPassword);
        BobToken = await Factory.GetTokenAsync(bob, ApiClientExtensions.MemberPassword);
        AdminToken = await Factory.GetTokenAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);
        AliceClient = Factory.CreateTcpClient(AliceToken);
        PrintedContainerName = "printed-" + Guid.NewGuid().ToString("N")[..6];
        PrintedContainerId = await LogContainers.LaunchAsync(
            AliceClient,
            PrintedContainerName,
            $"i=0; while [ $i -lt {PrintedLines} ]; do echo printed-$i; i=$((i+1)); done");
        await WaitForPrintedLinesAsync();
    }

    /// <summary>Docker writes the log a moment after the container prints: wait until every line is there.</summary>
    private async Task WaitForPrintedLinesAsync()
    {
        using var limit = new CancellationTokenSource(TestTimeout.Default);
        await Poll.UntilAsync(
            async () =>
            {
                using var response = await AliceClient.GetAsync(new Uri($"/api/v1/containers/{PrintedContainerId}/logs", UriKind.Relative), limit.Token);
                return await response.Content.ReadAsStringAsync(limit.Token);
            },
            text => text.Split('\n').Contains($"printed-{PrintedLines - 1}"),
            TestTimeout.Default,
            "every printed line in the log",
            limit.Token);
    }

    public async Task DisposeAsync()
    {
        if (PrintedContainerId.Length > 0)
        {
            await TerminalContainers.RemoveAsync(AliceClient, PrintedContainerId);
        }

        AliceClient?.Dispose();
        await Factory.DisposeAsync();
    }
}
