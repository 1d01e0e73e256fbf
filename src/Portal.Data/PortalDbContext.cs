using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data;

/// <summary>The portal's SQLite database: Identity's tables, API tokens, GPU leases, quotas, templates, the audit log, image owners, cleanup settings and registries.</summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : IdentityDbContext<PortalUser>(options)
{
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<GpuLease> GpuLeases => Set<GpuLease>();

    public DbSet<UserQuota> UserQuotas => Set<UserQuota>();

    public DbSet<LaunchTemplate> LaunchTemplates => Set<LaunchTemplate>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    public DbSet<ImageRecord> ImageRecords => Set<ImageRecord>();

    public DbSet<ProtectedImage> ProtectedImages => Set<ProtectedImage>();

    public DbSet<CleanupSchedule> CleanupSchedules => Set<CleanupSchedule>();

    public DbSet<RegistryConnection> Registries => Set<RegistryConnection>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset; UTC ticks keep date queries in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}
