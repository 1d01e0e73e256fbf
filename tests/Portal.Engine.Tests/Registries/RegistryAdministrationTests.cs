using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Engine.Audit;
using Portal.Engine.Registries;

namespace Portal.Engine.Tests.Registries;

/// <summary>Configuring registries on a real SQLite file: the lab row, validation, protected passwords, audit.</summary>
public sealed class RegistryAdministrationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Start_SeedsTheLabRegistry_AndItCannotBeRemovedOrMoved()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var host = await RegistryHost.StartAsync("http://127.0.0.1:5000/", cts.Token);

        var lab = Assert.Single(await host.Directory.ListAsync(cts.Token));
        Assert.Equal(new RegistryInfo("lab", "http://127.0.0.1:5000", "127.0.0.1:5000", null, false, true), lab);
        await host.RestartSeederAsync(cts.Token);
        Assert.Single(await host.Directory.ListAsync(cts.Token));

        var removed = await host.Administration.RemoveAsync("admin", "lab", cts.Token);
        Assert.Equal(RegistryErrorCodes.Forbidden, removed.Error?.Code);
        var moved = await host.Administration.UpdateAsync("admin", "lab", new RegistryInput(null, "http://10.0.0.1:5000", null, null), cts.Token);
        Assert.Equal(RegistryErrorCodes.InvalidRequest, moved.Error?.Code);
        Assert.Contains("Registries:LabUrl", moved.Error!.FieldErrors!["url"][0], StringComparison.Ordinal);
        var credentials = await host.Administration.UpdateAsync("admin", "lab", new RegistryInput(null, null, "ci", "pw-123"), cts.Token);
        Assert.True(credentials.Succeeded, credentials.Error?.Message);
        Assert.Equal("ci", credentials.Value!.UserName);
    }

    [Fact]
    public async Task Add_StoresThePasswordProtected_KeepsItOnUpdate_AndAudits()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var host = await RegistryHost.StartAsync("http://127.0.0.1:5000", cts.Token);
        const string password = "very-secret-registry-password";

        var added = await host.Administration.AddAsync("root", new RegistryInput("harbor", "https://harbor.lab.example/", "robot$ci", password), cts.Token);
        Assert.True(added.Succeeded, added.Error?.Message);
        Assert.Equal(new RegistryInfo("harbor", "https://harbor.lab.example", "harbor.lab.example", "robot$ci", true, false), added.Value);

        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(cts.Token))
        {
            var row = await db.Registries.SingleAsync(r => r.Name == "harbor", cts.Token);
            Assert.NotNull(row.ProtectedPassword);
            Assert.DoesNotContain(password, row.ProtectedPassword, StringComparison.Ordinal);
        }

        var updated = await host.Administration.UpdateAsync("root", "harbor", new RegistryInput(null, "https://harbor.lab.example:8443", "robot$ci", null), cts.Token);
        Assert.True(updated.Succeeded, updated.Error?.Message);
        var access = await host.Directory.FindByHostAsync("harbor.lab.example:8443", cts.Token);
        Assert.Equal(password, access!.Password);

        var removed = await host.Administration.RemoveAsync("root", "harbor", cts.Token);
        Assert.True(removed.Succeeded);
        Assert.Null(await host.Directory.FindByNameAsync("harbor", cts.Token));

        var audit = await host.Audit.QueryAsync(new AuditQuery { Actor = "root", Action = "registry." }, cts.Token);
        Assert.Equal(["registry.remove", "registry.update", "registry.add"], audit.Entries.Select(e => e.Action));
        Assert.All(audit.Entries, e => Assert.DoesNotContain(password, e.Detail ?? string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Add_RefusesBadInputTakenNamesAndHosts()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var host = await RegistryHost.StartAsync("http://127.0.0.1:5000", cts.Token);

        var invalid = await host.Administration.AddAsync("root", new RegistryInput("Bad Name", "harbor.example/v2", null, "pw"), cts.Token);
        Assert.Equal(RegistryErrorCodes.InvalidRequest, invalid.Error?.Code);
        Assert.Equal(["name", "password", "url"], invalid.Error!.FieldErrors!.Keys.Order(StringComparer.Ordinal));

        var taken = await host.Administration.AddAsync("root", new RegistryInput("lab", "http://10.1.1.1", null, null), cts.Token);
        Assert.Equal(RegistryErrorCodes.NameTaken, taken.Error?.Code);
        var sameHost = await host.Administration.AddAsync("root", new RegistryInput("other", "https://127.0.0.1:5000", null, null), cts.Token);
        Assert.Equal(RegistryErrorCodes.NameTaken, sameHost.Error?.Code);
        Assert.Contains("'lab'", sameHost.Error!.Message, StringComparison.Ordinal);

        var audit = await host.Audit.QueryAsync(new AuditQuery { Actor = "root", Outcome = AuditOutcome.Refused }, cts.Token);
        Assert.Equal(3, audit.Total);
    }
}
