using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Engine.Audit;

namespace Portal.Engine.Quotas;

/// <summary>Overrides live in the database; changes are audited here, so the Quotas page and the API cannot forget to.</summary>
internal sealed class QuotaService(IDbContextFactory<PortalDbContext> dbFactory, IOptions<QuotaOptions> options, IAuditLog audit, TimeProvider timeProvider) : IQuotaService
{
    private const string UpdateAction = "quota.update";

    public QuotaLimits Defaults { get; } = new(
        options.Value.MaxGpus,
        options.Value.MaxContainers,
        options.Value.MaxCpusPerContainer,
        options.Value.MaxMemoryMiBPerContainer,
        options.Value.MaxShmMiBPerContainer,
        IsOverridden: false)
    {
        MaxDiskGiB = options.Value.MaxDiskGiB,
    };

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
                IsOverridden: true)
            {
                MaxDiskGiB = value.MaxDiskGiB ?? Defaults.MaxDiskGiB,
            };
    }

    public async Task<QuotaOverride?> GetOverrideAsync(string userName, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var row = await db.UserQuotas.AsNoTracking().SingleOrDefaultAsync(q => q.UserName == userName, cancellationToken).ConfigureAwait(false);
        return row is null
            ? null
            : new QuotaOverride(row.MaxGpus, row.MaxContainers, row.MaxCpusPerContainer, row.MaxMemoryMiBPerContainer, row.MaxShmMiBPerContainer, row.MaxDiskGiB);
    }

    public async Task<IReadOnlyDictionary<string, string[]>> SetOverrideAsync(string userName, QuotaOverride value, string changedBy, CancellationToken cancellationToken)
    {
        var errors = Validate(value);
        if (errors.Count > 0)
        {
            var reasons = string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            await audit.WriteAsync(changedBy, UpdateAction, userName, AuditOutcome.Refused, reasons, CancellationToken.None).ConfigureAwait(false);
            return errors;
        }

        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var row = await db.UserQuotas.SingleOrDefaultAsync(q => q.UserName == userName, cancellationToken).ConfigureAwait(false);
        var clears = value is { MaxGpus: null, MaxContainers: null, MaxCpusPerContainer: null, MaxMemoryMiBPerContainer: null, MaxShmMiBPerContainer: null, MaxDiskGiB: null };
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
            row.MaxDiskGiB = value.MaxDiskGiB;
            row.UpdatedAt = timeProvider.GetUtcNow();
            row.UpdatedBy = changedBy;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(changedBy, UpdateAction, userName, AuditOutcome.Succeeded, clears ? "back to the defaults" : Describe(value), CancellationToken.None).ConfigureAwait(false);
        return new Dictionary<string, string[]>();
    }

    private static string Describe(QuotaOverride value)
    {
        static string Show<T>(T? limit)
            where T : struct, IFormattable => limit is { } set ? set.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : "default";

        return $"maxGpus={Show(value.MaxGpus)}, maxContainers={Show(value.MaxContainers)}, maxCpusPerContainer={Show(value.MaxCpusPerContainer)}, "
            + $"maxMemoryMiBPerContainer={Show(value.MaxMemoryMiBPerContainer)}, maxShmMiBPerContainer={Show(value.MaxShmMiBPerContainer)}, "
            + $"maxDiskGiB={Show(value.MaxDiskGiB)}";
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

        if (value.MaxDiskGiB is { } disk && !(disk >= 0 && double.IsFinite(disk)))
        {
            errors["maxDiskGiB"] = ["Use 0 (unlimited) or more GiB, or null for the default."];
        }

        return errors;
    }
}
