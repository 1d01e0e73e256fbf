using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Engine.Registries;

internal sealed class RegistryDirectory(IDbContextFactory<PortalDbContext> dbFactory, RegistryPasswordProtector protector) : IRegistryDirectory
{
    public async Task<IReadOnlyList<RegistryInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await LoadAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderByDescending(r => r.IsLab).ThenBy(r => r.Name, StringComparer.Ordinal).Select(ToInfo).ToList();
    }

    public async Task<RegistryAccess?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        var rows = await LoadAsync(cancellationToken).ConfigureAwait(false);
        var row = rows.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
        return row is null ? null : ToAccess(row);
    }

    public async Task<RegistryAccess?> FindByHostAsync(string host, CancellationToken cancellationToken)
    {
        var rows = await LoadAsync(cancellationToken).ConfigureAwait(false);
        var row = rows.FirstOrDefault(r => string.Equals(HostOf(r.Url), host, StringComparison.OrdinalIgnoreCase));
        return row is null ? null : ToAccess(row);
    }

    /// <summary><c>host[:port]</c> of a registry URL, spelled as image references spell it (no default port).</summary>
    public static string HostOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : url;

    private async Task<List<RegistryConnection>> LoadAsync(CancellationToken cancellationToken)
    {
        // A handful of rows: read them all rather than teach SQL about URL parsing.
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        return await db.Registries.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private static RegistryInfo ToInfo(RegistryConnection row) =>
        new(row.Name, row.Url, HostOf(row.Url), row.UserName, row.ProtectedPassword is not null, row.IsLab);

    private RegistryAccess ToAccess(RegistryConnection row) =>
        new(ToInfo(row), row.ProtectedPassword is null ? null : protector.TryUnprotect(row.ProtectedPassword));
}
