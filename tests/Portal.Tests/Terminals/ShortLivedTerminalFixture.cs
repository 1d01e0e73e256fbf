using Portal.Tests.Infrastructure;

namespace Portal.Tests.Terminals;

/// <summary>
/// A portal whose terminals live briefly: a 1.2-second grace period, a 3-second idle timeout and two sessions per
/// user, so the tests can watch sessions expire. A member owns one busybox container.
/// </summary>
public sealed class ShortLivedTerminalFixture : IAsyncLifetime
{
    public const int MaxSessionsPerUser = 2;

    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1.2);

    /// <summary>Long enough for a test to open its sessions on a loaded machine before the first one idles out.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(6);

    public TerminalAppFactory Factory { get; } = new(new Dictionary<string, string?>
    {
        ["Terminals:DetachedGraceMinutes"] = "0.02",
        ["Terminals:IdleTimeoutMinutes"] = "0.1",
        ["Terminals:MaxSessionsPerUser"] = MaxSessionsPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public string Member { get; private set; } = string.Empty;

    public string MemberToken { get; private set; } = string.Empty;

    public string ContainerId { get; private set; } = string.Empty;

    public HttpClient MemberClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Factory.StartAsync();
        Member = await Factory.CreateUserAsync("term-short");
        MemberToken = await Factory.GetTokenAsync(Member, ApiClientExtensions.MemberPassword);
        MemberClient = Factory.CreateTcpClient(MemberToken);
        ContainerId = await TerminalContainers.LaunchAsync(MemberClient, TerminalContainers.Shell);
    }

    public async Task DisposeAsync()
    {
        if (ContainerId.Length > 0)
        {
            await TerminalContainers.RemoveAsync(MemberClient, ContainerId);
        }

        MemberClient?.Dispose();
        await Factory.DisposeAsync();
    }
}
