using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Engine.Registries;

/// <summary>
/// Makes sure the lab registry's row exists and points at <c>Registries:LabUrl</c>, at every start (after the
/// migrations). Credentials an admin set on it are kept.
/// </summary>
internal sealed partial class LabRegistrySeeder(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<RegistryOptions> options,
    TimeProvider timeProvider,
    ILogger<LabRegistrySeeder> logger) : IHostedService
{
    public const string Actor = "portal";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var url = RegistryUrl.Normalize(options.Value.LabUrl)!;
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var rows = await db.Registries.ToListAsync(cancellationToken).ConfigureAwait(false);
        var lab = rows.FirstOrDefault(r => r.Name == RegistryOptions.LabName);
        if (lab is not null && lab.IsLab && lab.Url == url)
        {
            return;
        }

        if (lab is null)
        {
            lab = new RegistryConnection { Name = RegistryOptions.LabName, Url = url, UpdatedBy = Actor };
            db.Registries.Add(lab);
        }

        // An admin's registry on the lab's new host would make host lookups ambiguous: the lab row takes the host
        // over, and its credentials with it when the lab row has none, so nothing the admin entered is lost.
        foreach (var clash in rows.Where(r => r.Name != RegistryOptions.LabName && RegistryDirectory.HostOf(r.Url) == RegistryDirectory.HostOf(url)))
        {
            if (lab.ProtectedPassword is null && clash.ProtectedPassword is not null)
            {
                lab.UserName = clash.UserName;
                lab.ProtectedPassword = clash.ProtectedPassword;
            }

            db.Registries.Remove(clash);
            LogClashMerged(logger, clash.Name, url);
        }

        lab.Url = url;
        lab.IsLab = true;
        lab.UpdatedBy = Actor;
        lab.UpdatedAt = timeProvider.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        LogLabConfigured(logger, url);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "The lab registry is {Url}")]
    private static partial void LogLabConfigured(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Merged the registry {Name} into the lab registry: it was on the lab registry's host ({Url})")]
    private static partial void LogClashMerged(ILogger logger, string name, string url);
}
