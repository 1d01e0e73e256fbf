using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Images;
using Portal.Engine.Registries;
using Portal.Engine.Tests.Integration;
using Portal.Engine.Tests.Registries;

namespace Portal.Engine.Tests.Images;

/// <summary>Pushes and pulls with the credentials an admin configured for a registry with htpasswd auth.</summary>
public sealed class RegistryCredentialTests
{
    private const string UserName = "robot";

    private const string Password = "correct-horse-battery";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Push_WrongPassword_SaysTheCredentialsWereRefused()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var registry = await RegistryProcess.StartWithPasswordAsync(UserName, Password, cts.Token);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var admin = new Actor(env.NewUser(), IsAdmin: true);
        await ConfigureAsync(env, engine, registry, "not-the-password", cts.Token);
        var reference = kit.Track($"{registry.Host}/{admin.UserName}/secret", "v1");
        Assert.True((await engine.Images().TagAsync(admin, EngineEnvironment.ShellImage, reference, cts.Token)).Succeeded);

        var result = await engine.Images().PushAsync(admin, reference, null, cts.Token);

        Assert.Equal(ImageErrorCodes.RegistryAuthFailed, result.Error!.Code);
        Assert.StartsWith($"The registry {registry.Host} refused the push: wrong or missing credentials", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains(await engine.AuditAsync(admin.UserName, "image.push", cts.Token), e => e.Outcome == AuditOutcome.Failed);
    }

    [Fact]
    public async Task PushThenPull_RightPassword_UsesTheConfiguredCredentials()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var registry = await RegistryProcess.StartWithPasswordAsync(UserName, Password, cts.Token);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var admin = new Actor(env.NewUser(), IsAdmin: true);
        await ConfigureAsync(env, engine, registry, Password, cts.Token);
        var reference = kit.Track($"{registry.Host}/{admin.UserName}/secret", "v1");
        await kit.BuildUniqueAsync(reference, cts.Token);

        var pushed = await engine.Images().PushAsync(admin, reference, null, cts.Token);
        await DockerCli.OutputAsync(["rmi", reference], cts.Token);
        var pulled = await engine.Images().PullAsync(admin, reference, null, cts.Token);

        Assert.True(pushed.Succeeded, pushed.Error?.Message);
        Assert.True(pulled.Succeeded, pulled.Error?.Message);
        Assert.Equal(pushed.ImageId, pulled.ImageId);
    }

    private static async Task ConfigureAsync(EngineEnvironment env, EngineHost engine, RegistryProcess registry, string password, CancellationToken cancellationToken)
    {
        var protector = engine.Services.GetRequiredService<RegistryPasswordProtector>();
        await using var db = env.CreateDbContext();
        db.Registries.Add(new RegistryConnection
        {
            Name = "test-auth",
            Url = $"http://{registry.Host}",
            UserName = UserName,
            ProtectedPassword = protector.Protect(password),
            UpdatedBy = "test",
            UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
