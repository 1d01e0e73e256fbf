using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Engine.Quotas;

internal sealed class QuotaService(IDbContextFactory<PortalDbContext> dbFactory, IOptions<QuotaOptions> options, TimeProvider timeProvider) : IQuotaService
{
    public QuotaLimits Defaults { get; } = new(
        options.Value.MaxGpus,
        options.Value.MaxContainers,
        options.Value.MaxCpusPerContainer,
        options.Value.MaxMemoryMiBPerContainer,
        options.Value.MaxShmMiBPerContainer,
        IsOverridden: false);

    public async Task<QuotaLimits> GetLimitsAsync(string userName, CancellationToken cancellationToken)
    {
        var value = await GetOverrideAsync(userName, cancellationToken).ConfigureAwait(false);
        return value is null
            ? Defaults
            : new QuotaLimits(
                value.MaxGpus ?? Defaults.MaxGpus,
                value.MaxContainers ?? Defaults.MaxContainers,
                value.MaxCpusPerContainer ?? Defaults.MaxCpusPerContainer,
                value.MaxMemoryMiBPerContainer ?? Defaults.MaxMemoryMiBPerContainer,
                value.MaxShmMiBPerContainer ?? Defaults.MaxShmMiBPerContainer,
                IsOverridden: true);
    }

    public async Task<QuotaOverride?> GetOverrideAsync(string userName, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var row = await db.UserQuotas.AsNoTracking().SingleOrDefaultAsync(q => q.UserName == userName, cancellationToken).ConfigureAwait(false);
        return row is null
            ? null
            : new QuotaOverride(row.MaxGpus, row.MaxContainers, row.MaxCpusPerContainer, row.MaxMemoryMiBPerContainer, row.MaxShmMiBPerContainer);
    }

    public async Task<IReadOnlyDictionary<string, string[]>> SetOverrideAsync(string userName, QuotaOverride value, string changedBy, CancellationToken cancellationToken)
    {
        var errors = Validate(value);
        if (errors.Count > 0)
        {
            return errors;
        }

        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var row = await db.UserQuotas.SingleOrDefaultAsync(q => q.UserName == userName, cancellationToken).ConfigureAwait(false);
        var clears = value is { MaxGpus: null, MaxContainers: null, MaxCpusPerContainer: null, MaxMemoryMiBPerContainer: null, MaxShmMiBPerContainer: null };
        if (clears)
        {
            if (row is not null)
            {
                db.UserQuotas.Remove(row);
            }
        }
        else
        {
            if (row is null)
            {
                row = new UserQuota { UserName = userName };
                db.UserQuotas.Add(row);
            }

            row.MaxGpus = value.MaxGpus;
            row.MaxContainers = value.MaxContainers;
            row.MaxCpusPerContainer = value.MaxCpusPerContainer;
            row.MaxMemoryMiBPerContainer = value.MaxMemoryMiBPerContainer;
            row.MaxShmMiBPerContainer = value.MaxShmMiBPerContainer;
            row.UpdatedAt = timeProvider.GetUtcNow();
            row.UpdatedBy = changedBy;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, string[]>();
    }

    private static Dictionary<string, string[]> Validate(QuotaOverride value)
    {
        var errors = new Dictionary<string, string[]>();
        if (value.MaxGpus is < 0 or > 1024)
        {
            errors["maxGpus"] = ["Use 0 to 1024, or null for the default."];
        }

        if (value.MaxContainers is < 0 or > 10000)
        {
            errors["maxContainers"] = ["Use 0 to 10000, or null for the default."];
        }

        if (value.MaxCpusPerContainer is <= 0 or > 4096)
        {
            errors["maxCpusPerContainer"] = ["Use a positive number of CPUs, or null for the default."];
        }

        if (value.MaxMemoryMiBPerContainer is < 6)
        {
            errors["maxMemoryMiBPerContainer"] = ["Use at least 6 MiB (Docker's minimum), or null for the default."];
        }

        if (value.MaxShmMiBPerContainer is < 1)
        {
            errors["maxShmMiBPerContainer"] = ["Use at least 1 MiB, or null for the default."];
        }

        return errors;
    }
}
